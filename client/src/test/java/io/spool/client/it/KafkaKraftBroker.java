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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A single-node Apache Kafka 4.4 broker (KRaft, combined broker+controller) run as a child JVM
 * from the kafka_2.13 test dependency: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}.
 */
public final class KafkaKraftBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private KafkaKraftBroker(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a broker and waits until its listener accepts connections. */
    public static KafkaKraftBroker start() throws Exception {
        Path dir = Files.createTempDirectory("spool-kafka-");
        int port = freePort();
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.segment.bytes=67108864",
                ""));
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        Process format = java(dir, "format.log", "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", props.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        Process broker = java(dir, "broker.log", "kafka.Kafka", props.toString());
        KafkaKraftBroker b = new KafkaKraftBroker(dir, port, broker);
        try {
            await().atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("kafka exited: " + Files.readString(dir.resolve("broker.log")));
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

    /** Manual runs (benchmarks): starts a broker, prints its bootstrap address, stops at end of stdin. */
    public static void main(String[] args) throws Exception {
        try (KafkaKraftBroker b = start()) {
            System.out.println("bootstrap " + b.bootstrap());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF
            }
        }
    }

    private static Process java(Path dir, String logName, String main, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xms256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dlog4j2.level=WARN", "-cp", cp, main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:port} of the PLAINTEXT listener. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The broker's log (for failure messages). */
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
