package io.spool.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Starts Spool as {@code bin/spool server} does (Main gets the arguments after {@code server}): the built broker jar and its copied runtime
 * dependencies ({@code broker/target/lib}, made in the broker's package phase), main class
 * {@code io.spool.broker.Main}, settings as {@code --override key=value}.
 */
final class SpoolLauncher implements BrokerLauncher {
    static final String MAIN_CLASS = "io.spool.broker.Main";

    private final Supplier<String> classpath;
    private final String mainClass;

    /** The real broker: the packaged jar, {@link #MAIN_CLASS}. */
    SpoolLauncher() {
        this(SpoolLauncher::classpath, MAIN_CLASS);
    }

    /** Another main class taking the same arguments (the harness's own tests use a stand-in). */
    SpoolLauncher(Supplier<String> classpath, String mainClass) {
        this.classpath = classpath;
        this.mainClass = mainClass;
    }

    @Override
    public String name() {
        return "spool";
    }

    @Override
    public List<String> command(int port, Path dataDir, Path workDir, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("log.dirs", dataDir.toString());
        settings.putAll(overrides);

        List<String> command = new ArrayList<>(JavaCommand.java(
                classpath.get(), List.of("-Xms64m", "-Xmx1g"), mainClass));
        settings.forEach((k, v) -> {
            command.add("--override");
            command.add(k + "=" + v);
        });
        return command;
    }

    /**
     * {@code -Dspool.broker.classpath} if given; else the broker's packaged jar plus
     * {@code broker/target/lib/*} (what {@code bin/spool} runs) when they exist and are newer than
     * every module's compiled classes (true in a reactor {@code verify}); else, in a
     * {@code test}-phase build that did not package them, this JVM's test classpath, which holds
     * the freshly compiled broker and its dependencies (spool-broker is a test dependency).
     */
    static String classpath() {
        String explicit = System.getProperty("spool.broker.classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String packaged = packagedClasspath();
        if (packaged != null) {
            return packaged;
        }
        System.out.println("spool-it: broker/target jars missing or stale, starting the broker from the test classpath");
        return JavaCommand.testClasspath();
    }

    /** The packaged jar plus lib, or null when missing or older than compiled classes. */
    static String packagedClasspath() {
        Path root = projectRoot();
        Path target = root.resolve("broker").resolve("target");
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return null;
        }
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("spool-broker-") && n.endsWith(".jar")
                        && !n.endsWith("-sources.jar") && !n.endsWith("-tests.jar");
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
        if (jar == null || !fresh(root, jar, lib)) {
            return null;
        }
        return jar + File.pathSeparator + lib + File.separator + "*";
    }

    /** Every spool-*.jar used is newer than its module's compiled classes. */
    private static boolean fresh(Path root, Path brokerJar, Path lib) {
        List<Path> jars = new ArrayList<>(List.of(brokerJar));
        try (Stream<Path> files = Files.list(lib)) {
            files.filter(p -> p.getFileName().toString().startsWith("spool-")).forEach(jars::add);
        } catch (IOException e) {
            return false;
        }
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            int dash = name.indexOf('-', "spool-".length());
            if (dash < 0) {
                return false;
            }
            Path classes = root.resolve(name.substring("spool-".length(), dash)).resolve("target").resolve("classes");
            FileTime newestClass = newest(classes);
            try {
                if (newestClass != null && newestClass.compareTo(Files.getLastModifiedTime(jar)) > 0) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static FileTime newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }).max(FileTime::compareTo).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The reactor root: {@code -Dspool.root} (set by it/pom.xml), else the parent of the working directory. */
    static Path projectRoot() {
        String root = System.getProperty("spool.root");
        Path path = root != null ? Path.of(root) : Path.of(System.getProperty("user.dir")).getParent();
        return path.toAbsolutePath().normalize();
    }
}
