package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka's own command-line tools (kafka-tools 4.4, each in a child JVM exactly as the scripts
 * run them): kafka-topics, kafka-console-producer, kafka-console-consumer, kafka-configs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleToolsTest {
    private static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    private static final String PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String CONFIGS = "org.apache.kafka.tools.ConfigCommand";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("console", b -> b,
            ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS,
            ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);

    @Test
    void kafkaTopicsCreatesListsDescribesAltersAndDeletes() throws Exception {
        ChildJvm.Result create = topics("--create", "--topic", "cli-topics", "--partitions", "3",
                "--replication-factor", "1", "--config", "retention.ms=3600000");
        assertEquals(0, create.exitCode(), create::toString);
        assertTrue(create.stdout().contains("Created topic cli-topics"), create::toString);

        ChildJvm.Result list = topics("--list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.lines().contains("cli-topics"), list::toString);

        ChildJvm.Result describe = topics("--describe", "--topic", "cli-topics");
        assertEquals(0, describe.exitCode(), describe::toString);
        assertTrue(describe.stdout().contains("PartitionCount: 3"), describe::toString);
        assertTrue(describe.stdout().contains("ReplicationFactor: 1"), describe::toString);
        assertTrue(describe.stdout().contains("retention.ms=3600000"), describe::toString);
        for (int p = 0; p < 3; p++) {
            assertTrue(describe.stdout().contains("Partition: " + p + "\t"), describe::toString);
        }

        ChildJvm.Result alter = topics("--alter", "--topic", "cli-topics", "--partitions", "4");
        assertEquals(0, alter.exitCode(), alter::toString);
        ChildJvm.Result described = topics("--describe", "--topic", "cli-topics");
        assertTrue(described.stdout().contains("PartitionCount: 4"), described::toString);

        ChildJvm.Result delete = topics("--delete", "--topic", "cli-topics");
        assertEquals(0, delete.exitCode(), delete::toString);
        ChildJvm.Result after = topics("--list");
        assertFalse(after.lines().contains("cli-topics"), after::toString);
    }

    @Test
    void consoleProducerThenConsoleConsumerRoundTripsKeyedLines() throws Exception {
        ChildJvm.Result create = topics("--create", "--topic", "cli-console", "--partitions", "1",
                "--replication-factor", "1");
        assertEquals(0, create.exitCode(), create::toString);

        List<String> lines = IntStream.range(0, 200).mapToObj(i -> "key-" + i + ":value number " + i).toList();
        ChildJvm.Result produce = run(PRODUCER, List.of("--bootstrap-server", BROKER.bootstrap(),
                "--topic", "cli-console",
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=:"),
                String.join("\n", lines) + "\n");
        assertEquals(0, produce.exitCode(), produce::toString);

        ChildJvm.Result consume = run(CONSUMER, List.of("--bootstrap-server", BROKER.bootstrap(),
                "--topic", "cli-console", "--partition", "0", "--offset", "earliest",
                "--max-messages", "200", "--timeout-ms", "30000",
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator=:"), "");
        assertEquals(0, consume.exitCode(), consume::toString);
        assertEquals(lines, consume.lines(), consume::toString);
        assertTrue(consume.stderr().contains("Processed a total of 200 messages"), consume::toString);
    }

    @Test
    void consoleConsumerStartsAtTheRequestedOffset() throws Exception {
        ChildJvm.Result create = topics("--create", "--topic", "cli-offset", "--partitions", "1",
                "--replication-factor", "1");
        assertEquals(0, create.exitCode(), create::toString);
        List<String> lines = IntStream.range(0, 10).mapToObj(i -> "line " + i).toList();
        ChildJvm.Result produce = run(PRODUCER, List.of("--bootstrap-server", BROKER.bootstrap(),
                "--topic", "cli-offset"), String.join("\n", lines) + "\n");
        assertEquals(0, produce.exitCode(), produce::toString);

        ChildJvm.Result consume = run(CONSUMER, List.of("--bootstrap-server", BROKER.bootstrap(),
                "--topic", "cli-offset", "--partition", "0", "--offset", "7",
                "--max-messages", "3", "--timeout-ms", "30000"), "");
        assertEquals(0, consume.exitCode(), consume::toString);
        assertEquals(lines.subList(7, 10), consume.lines(), consume::toString);
    }

    @Test
    void kafkaConfigsDescribesTopicOverrides() throws Exception {
        ChildJvm.Result create = topics("--create", "--topic", "cli-configs", "--partitions", "1",
                "--replication-factor", "1", "--config", "retention.ms=5400000");
        assertEquals(0, create.exitCode(), create::toString);

        ChildJvm.Result describe = run(CONFIGS, List.of("--bootstrap-server", BROKER.bootstrap(),
                "--describe", "--entity-type", "topics", "--entity-name", "cli-configs"), "");
        assertEquals(0, describe.exitCode(), describe::toString);
        assertTrue(describe.stdout().contains("retention.ms=5400000"), describe::toString);
    }

    private static ChildJvm.Result topics(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", BROKER.bootstrap()));
        all.addAll(List.of(args));
        return run(TOPICS, all, "");
    }

    private static ChildJvm.Result run(String mainClass, List<String> args, String stdin) throws Exception {
        Path work = BROKER.broker().workDir();
        return ChildJvm.run(work, mainClass, args, stdin, TOOL_TIMEOUT);
    }
}
