package io.spool.broker.group;

import io.spool.broker.TestBroker;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real broker snapshots {@code __consumer_offsets} at a clean stop and starts again from the snapshot. */
class OffsetsSnapshotBrokerTest {
    @TempDir
    Path dir;

    private static Admin admin(TestBroker b) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap()));
    }

    private static long earliest(Admin a, TopicPartition tp) throws Exception {
        return a.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
    }

    @Test
    void committedOffsetsSurviveACleanRestartThatTruncatedTheTopic() throws Exception {
        Map<String, String> cfg = Map.of("offsets.topic.num.partitions", "1", "group.initial.rebalance.delay.ms", "0");
        TopicPartition offsetsTopic = new TopicPartition(OffsetsTopicLogs.TOPIC, 0);
        TopicPartition t0 = new TopicPartition("snap", 0);
        long end;
        try (TestBroker b = TestBroker.start(dir, cfg); Admin a = admin(b)) {
            a.createTopics(java.util.List.of(new NewTopic("snap", 1, (short) 1))).all().get();
            for (int i = 1; i <= 200; i++) {
                a.alterConsumerGroupOffsets("g" + (i % 5), Map.of(t0, new OffsetAndMetadata(i, "m" + i))).all().get();
            }
            assertEquals(0, earliest(a, offsetsTopic));
            end = a.listOffsets(Map.of(offsetsTopic, OffsetSpec.latest())).partitionResult(offsetsTopic).get().offset();
            assertTrue(end >= 200, "one record per commit: end=" + end);
        }
        try (TestBroker b = TestBroker.start(dir, cfg); Admin a = admin(b)) {
            for (int g = 0; g < 5; g++) {
                int last = 200 - ((200 - g) % 5);
                OffsetAndMetadata om = a.listConsumerGroupOffsets("g" + g).partitionsToOffsetAndMetadata().get().get(t0);
                assertEquals(last, om.offset(), "g" + g);
                assertEquals("m" + last, om.metadata());
            }
            assertEquals(end, earliest(a, offsetsTopic), "the clean stop snapshotted and truncated the topic");
        }
    }
}
