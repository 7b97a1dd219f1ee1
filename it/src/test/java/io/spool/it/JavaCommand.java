package io.spool.it;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs: the JDK of this test JVM, the project's JVM flags. */
final class JavaCommand {
    /** Flags every java run of the project needs (COMMON.md, TOOLCHAIN.md). */
    static final List<String> JVM_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private JavaCommand() {
    }

    /** The java binary running this test JVM (JDK 25 under the project's build). */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith(File.separator + "java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** {@code java <flags> <extraJvmArgs> -cp <classpath> <mainClass>}; append program arguments. */
    static List<String> java(String classpath, List<String> extraJvmArgs, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(JVM_FLAGS);
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        return command;
    }

    /**
     * The test classpath of this JVM, for child JVMs that run Kafka's tools. Surefire may hand the
     * JVM a manifest-only jar; its Class-Path still works for a child started with it.
     */
    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
