package io.spool.it.group;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.it.BrokerExtension;
import io.spool.it.Clients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Kafka's {@code kafka-consumer-groups} (ConsumerGroupCommand, kafka-tools 4.4) against Spool's coordinator. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsumerGroupsCommandTest {
    private static final String COMMAND = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("groups-cli",
            b -> b.override("group.initial.rebalance.delay.ms", "0")
                    .override("num.partitions", "3").override("auto.create.topics.enable", "true"));

    private static ChildProcess.Result tool(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", BROKER.bootstrap()));
        all.addAll(List.of(args));
        ChildProcess.Result r = ChildProcess.run(COMMAND, all, TOOL_TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** The table rows of {@code output} whose second column is {@code topic}, split on whitespace. */
    private static List<String[]> rows(String output, String topic) {
        List<String[]> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[1].equals(topic)) {
                out.add(cols);
            }
        }
        return out;
    }

    @Test
    void describeShowsMembersAndLagThenResetOffsetsAndDeleteWork() throws Exception {
        String topic = "cli-groups";
        String group = "cli-group";
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, 3);
        GroupTestRecords.produceToEach(BROKER.bootstrap(), topic, 3, 100);
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));

        AtomicLong seen = new AtomicLong();
        CountDownLatch hold = new CountDownLatch(1);
        GroupConsumer member = new GroupConsumer(BROKER.bootstrap(), group, topic, Map.of(), records -> {
            if (seen.get() >= 300) {
                // the member stops processing (its heartbeats go on), so new records show up as lag
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.addAndGet(records.count());
        });
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> GroupTestRecords.committedTotal(admin, group, partitions) == 300);
            GroupTestRecords.produceToEach(BROKER.bootstrap(), topic, 3, 10);

            ChildProcess.Result describe = tool("--describe", "--group", group);
            List<String[]> rows = rows(describe.output(), topic).stream().filter(r -> r.length >= 9).toList();
            assertEquals(3, rows.size(), describe::toString);
            long current = 0;
            long lag = 0;
            for (String[] r : rows) {
                // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
                assertEquals(group, r[0]);
                assertEquals(100, Long.parseLong(r[3]), describe::toString);
                assertEquals(110, Long.parseLong(r[4]), describe::toString);
                current += Long.parseLong(r[3]);
                lag += Long.parseLong(r[5]);
                assertNotEquals("-", r[6], "an active member owns the partition: " + describe);
                assertTrue(r[7].startsWith("/"), describe::toString);
            }
            assertEquals(300, current);
            assertEquals(30, lag);

            ChildProcess.Result members = tool("--describe", "--group", group, "--members");
            assertTrue(members.output().lines().anyMatch(l -> l.startsWith(group) && l.trim().endsWith(" 3")),
                    members::toString);

            hold.countDown();
            member.close();
            ChildProcess.Result list = tool("--list");
            assertTrue(list.output().lines().anyMatch(group::equals), list::toString);

            ChildProcess.Result reset = tool("--reset-offsets", "--group", group, "--topic", topic,
                    "--to-earliest", "--execute");
            assertEquals(3, rows(reset.output(), topic).size(), reset::toString);
            assertEquals(0, GroupTestRecords.committedTotal(admin, group, partitions));

            tool("--reset-offsets", "--group", group, "--topic", topic + ":1", "--to-offset", "7", "--execute");
            assertEquals(7, GroupTestRecords.committed(admin, group).get(partitions.get(1)).offset());

            ChildProcess.Result delete = tool("--delete", "--group", group);
            assertTrue(delete.output().contains("successful"), delete::toString);
            ChildProcess.Result after = tool("--list");
            assertFalse(after.output().lines().anyMatch(group::equals), after::toString);
        } finally {
            hold.countDown();
            member.close();
        }
    }
}
