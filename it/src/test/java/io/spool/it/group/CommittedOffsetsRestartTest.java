package io.spool.it.group;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spool.it.BrokerExtension;
import io.spool.it.Clients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Committed offsets (with metadata and leader epoch) and group metadata outlive a clean restart and a SIGKILL. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CommittedOffsetsRestartTest {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("groups-restart",
            b -> b.override("group.initial.rebalance.delay.ms", "0")
                    .override("num.partitions", "3").override("auto.create.topics.enable", "true"));

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            // the coordinator may still be loading __consumer_offsets: the client retries COORDINATOR_LOAD_IN_PROGRESS
            return GroupTestRecords.committed(admin, group);
        }
    }

    /** Commits through a subscribed consumer of {@code group} (generation > 0), then closes it. */
    private static void commitAsMember(String group, String topic, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try (KafkaConsumer<byte[], byte[]> c = Clients.consumer(BROKER.bootstrap(),
                GroupConsumer.groupSettings(group, Map.of()))) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(100));
                return c.assignment().size() == 3;
            });
            c.commitSync(offsets);
        }
    }

    @Test
    void committedOffsetsSurviveARestartAndASigkill() throws Exception {
        String topic = "restart-topic";
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, 3);
        GroupTestRecords.produceToEach(BROKER.bootstrap(), topic, 3, 200);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(10 + p, java.util.Optional.of(0), "meta-" + p));
        }
        commitAsMember("restart-group", topic, offsets);
        // a group that never had members (simple commits, as tools and assign() users do)
        Map<TopicPartition, OffsetAndMetadata> simple = Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(42));
        try (KafkaConsumer<byte[], byte[]> c = Clients.consumer(BROKER.bootstrap(),
                Map.of("group.id", "simple-group"))) {
            c.commitSync(simple);
        }
        assertEquals(offsets, committed("restart-group"));

        BROKER.broker().restart();
        assertEquals(offsets, committed("restart-group"), "after a clean restart");
        assertEquals(42, committed("simple-group").get(new TopicPartition(topic, 1)).offset());
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("restart-group")).all()
                    .get(30, TimeUnit.SECONDS).get("restart-group");
            assertEquals(GroupState.EMPTY, d.groupState(), "the group metadata came back too");
        }

        Map<TopicPartition, OffsetAndMetadata> later = new HashMap<>(offsets);
        later.put(new TopicPartition(topic, 2), new OffsetAndMetadata(99, java.util.Optional.of(0), "after-restart"));
        commitAsMember("restart-group", topic, later);
        BROKER.broker().kill();
        BROKER.broker().start();
        assertEquals(later, committed("restart-group"), "after SIGKILL: every acknowledged commit is there");
        assertEquals(42, committed("simple-group").get(new TopicPartition(topic, 1)).offset());

        // and the group still works: a member resumes at the committed offsets
        Map<TopicPartition, Long> firstSeen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = Clients.consumer(BROKER.bootstrap(),
                GroupConsumer.groupSettings("restart-group", Map.of()))) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r ->
                        firstSeen.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset()));
                return firstSeen.size() == 3;
            });
        }
        Map<TopicPartition, Long> expected = new HashMap<>();
        later.forEach((tp, o) -> expected.put(tp, o.offset()));
        assertEquals(expected, firstSeen);
    }
}
