package io.spool.client.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A single-node Apache Kafka 4.4 broker (KRaft, combined broker+controller) run as a child JVM
 * from the kafka_2.13 test dependency: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}.
 */
public final class KafkaKraftBroker implements AutoCloseable {
    private static final List<String> KAFKA_JVM_FLAGS = List.of("-Xmx512m", "-Xms256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "--add-opens", "java.base/java.nio=ALL-UNNAMED", "-Dlog4j2.level=WARN");

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
        int port = ChildJvm.freePort();
        int controllerPort = ChildJvm.freePort();
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
        Process format = ChildJvm.start(dir, "format.log", KAFKA_JVM_FLAGS, "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", props.toString()));
        if (!format.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        Process broker = ChildJvm.start(dir, "broker.log", KAFKA_JVM_FLAGS, "kafka.Kafka", List.of(props.toString()));
        KafkaKraftBroker b = new KafkaKraftBroker(dir, port, broker);
        try {
            ChildJvm.awaitListening(broker, port, dir.resolve("broker.log"), java.time.Duration.ofSeconds(120));
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
        ChildJvm.stopAndDelete(process, dir);
    }
}
