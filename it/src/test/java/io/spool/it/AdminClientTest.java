package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kafka-clients' AdminClient against the broker process: topic lifecycle and DescribeConfigs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminClientTest {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("admin", b -> b
            .override("num.partitions", "2")
            .override("log.segment.bytes", "8388608"),
            ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS);

    @Test
    void createListDescribeAddPartitionsAndDeleteTopics() throws Exception {
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            admin.createTopics(List.of(
                    new NewTopic("admin-a", 3, (short) 1).configs(Map.of("retention.ms", "3600000")),
                    new NewTopic("admin-b", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);

            assertTrue(admin.listTopics().names().get().containsAll(List.of("admin-a", "admin-b")));

            Node node = admin.describeCluster().nodes().get().iterator().next();
            TopicDescription a = admin.describeTopics(List.of("admin-a")).allTopicNames().get().get("admin-a");
            assertEquals(3, a.partitions().size());
            for (TopicPartitionInfo p : a.partitions()) {
                assertEquals(node.id(), p.leader().id(), "leader of partition " + p.partition());
                assertEquals(1, p.replicas().size());
                assertEquals(1, p.isr().size());
            }
            assertFalse(a.isInternal());

            ExecutionException dup = assertThrows(ExecutionException.class, () -> admin.createTopics(
                    List.of(new NewTopic("admin-b", 1, (short) 1))).all().get(60, TimeUnit.SECONDS));
            assertInstanceOf(TopicExistsException.class, dup.getCause());

            admin.createPartitions(Map.of("admin-a", NewPartitions.increaseTo(5))).all().get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of("admin-a"))
                    .allTopicNames().get().get("admin-a").partitions().size() == 5);

            admin.deleteTopics(List.of("admin-b")).all().get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains("admin-b"));
            ExecutionException gone = assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(List.of("admin-b")).allTopicNames().get());
            assertInstanceOf(UnknownTopicOrPartitionException.class, gone.getCause());
            assertTrue(admin.listTopics().names().get().contains("admin-a"), "the other topic stays");
        }
    }

    @Test
    void createTopicWithDefaultPartitionCountUsesNumPartitions() throws Exception {
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("admin-default", Optional.empty(), Optional.empty())))
                    .all().get(60, TimeUnit.SECONDS);
            TopicDescription d = admin.describeTopics(List.of("admin-default")).allTopicNames().get().get("admin-default");
            assertEquals(2, d.partitions().size(), "num.partitions=2 applies");
        }
    }

    @Test
    void describeConfigsOfTopicAndBroker() throws Exception {
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("admin-configs", 1, (short) 1)
                    .configs(Map.of("retention.ms", "7200000")))).all().get(60, TimeUnit.SECONDS);
            String nodeId = admin.describeCluster().nodes().get().iterator().next().idString();

            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "admin-configs");
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topic, broker)).all()
                    .get(60, TimeUnit.SECONDS);

            Config t = configs.get(topic);
            ConfigEntry retention = t.get("retention.ms");
            assertNotNull(retention, () -> "retention.ms missing from " + names(t.entries()));
            assertEquals("7200000", retention.value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
            ConfigEntry segmentBytes = t.get("segment.bytes");
            assertNotNull(segmentBytes, () -> "segment.bytes missing from " + names(t.entries()));
            assertEquals("8388608", segmentBytes.value(), "topic default follows log.segment.bytes");
            assertNotNull(t.get("cleanup.policy"), () -> "cleanup.policy missing from " + names(t.entries()));

            Config b = configs.get(broker);
            ConfigEntry numPartitions = b.get("num.partitions");
            assertNotNull(numPartitions, () -> "num.partitions missing from " + names(b.entries()));
            assertEquals("2", numPartitions.value());
            ConfigEntry logSegmentBytes = b.get("log.segment.bytes");
            assertNotNull(logSegmentBytes, () -> "log.segment.bytes missing from " + names(b.entries()));
            assertEquals("8388608", logSegmentBytes.value());
        }
    }

    private static List<String> names(Collection<ConfigEntry> entries) {
        return entries.stream().map(ConfigEntry::name).sorted().toList();
    }
}
