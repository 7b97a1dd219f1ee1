package io.spool.client.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A Spool broker as a child JVM: the same main and arguments as
 * {@code bin/spool server --override listeners=PLAINTEXT://127.0.0.1:<port> --override log.dirs=<tmp>},
 * with the classes of the spool-broker test dependency.
 */
public final class SpoolBrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private SpoolBrokerProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a broker with extra {@code key=value} overrides and waits until it accepts connections. */
    public static SpoolBrokerProcess start(String... overrides) throws Exception {
        Path dir = Files.createTempDirectory("spool-broker-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx512m", "-cp", cp, "io.spool.broker.Main",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir.resolve("data")));
        for (String o : overrides) {
            cmd.add("--override");
            cmd.add(o);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
        SpoolBrokerProcess b = new SpoolBrokerProcess(dir, port, p);
        try {
            await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("spool broker exited: " + Files.readString(dir.resolve("broker.log")));
                }
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("broker.log"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
