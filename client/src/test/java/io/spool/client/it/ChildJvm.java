package io.spool.client.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** Helpers for brokers run as child JVMs on the test classpath, each in a temp directory of its own. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** A free TCP port on the loopback interface (free now; the child binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code main} with the test classpath, output to {@code dir/logName}. */
    static Process start(Path dir, String logName, List<String> jvmFlags, String main, List<String> args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", cp, main));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile()).start();
    }

    /** Waits until {@code port} accepts connections; fails with the log if the process dies first. */
    static void awaitListening(Process p, int port, Path log, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("broker exited: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGTERM (then SIGKILL after 20 s) and delete {@code dir}. */
    static void stopAndDelete(Process p, Path dir) throws Exception {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
