package io.spool.client.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        int port = ChildJvm.freePort();
        List<String> args = new ArrayList<>(List.of("--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir.resolve("data")));
        for (String o : overrides) {
            args.add("--override");
            args.add(o);
        }
        Process p = ChildJvm.start(dir, "broker.log", List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx512m"),
                "io.spool.broker.Main", args);
        SpoolBrokerProcess b = new SpoolBrokerProcess(dir, port, p);
        try {
            ChildJvm.awaitListening(p, port, dir.resolve("broker.log"), Duration.ofSeconds(60));
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
        ChildJvm.stopAndDelete(process, dir);
    }
}
