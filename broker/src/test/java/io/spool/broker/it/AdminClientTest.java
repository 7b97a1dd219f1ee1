package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.broker.TestBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka-clients' AdminClient against an in-process broker: topic lifecycle and configs. */
class AdminClientTest {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("log.retention.hours", "24"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    private static Throwable cause(ExecutionException e) {
        return e.getCause();
    }

    @Test
    void createListDescribeGrowAndDeleteTopic() throws Exception {
        admin.createTopics(List.of(new NewTopic("lifecycle", 2, (short) 1)
                .configs(Map.of("retention.ms", "60000")))).all().get();
        assertTrue(admin.listTopics().names().get().contains("lifecycle"));
        TopicDescription d = admin.describeTopics(List.of("lifecycle")).allTopicNames().get().get("lifecycle");
        assertEquals(2, d.partitions().size());
        assertEquals(1, d.partitions().get(0).leader().id());
        assertNotNull(d.topicId());

        admin.createPartitions(Map.of("lifecycle", NewPartitions.increaseTo(4))).all().get();
        assertEquals(4, admin.describeTopics(List.of("lifecycle")).allTopicNames().get().get("lifecycle").partitions().size());
        ExecutionException shrink = assertThrows(ExecutionException.class,
                () -> admin.createPartitions(Map.of("lifecycle", NewPartitions.increaseTo(3))).all().get());
        assertInstanceOf(InvalidPartitionsException.class, cause(shrink));

        admin.deleteTopics(List.of("lifecycle")).all().get();
        assertFalse(admin.listTopics().names().get().contains("lifecycle"));
        ExecutionException gone = assertThrows(ExecutionException.class,
                () -> admin.deleteTopics(List.of("lifecycle")).all().get());
        assertInstanceOf(UnknownTopicOrPartitionException.class, cause(gone));
        // delete and recreate: a fresh, empty topic
        admin.createTopics(List.of(new NewTopic("lifecycle", 1, (short) 1))).all().get();
        assertEquals(1, admin.describeTopics(List.of("lifecycle")).allTopicNames().get().get("lifecycle").partitions().size());
    }

    @Test
    void createTopicErrorsAreKafkas() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("rf3", 1, (short) 3))).all().get());
        assertInstanceOf(InvalidReplicationFactorException.class, cause(e));
        e = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(new NewTopic("badcfg", 1, (short) 1)
                .configs(Map.of("retention.ms", "forever")))).all().get());
        assertInstanceOf(InvalidConfigurationException.class, cause(e));
        assertTrue(cause(e).getMessage().contains("retention.ms"), cause(e).getMessage());
        e = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(new NewTopic("zero", 0, (short) 1))).all().get());
        assertInstanceOf(InvalidPartitionsException.class, cause(e));
    }

    @Test
    void validateOnlyCreatesNothingAndExistingTopicIsRefused() throws Exception {
        admin.createTopics(List.of(new NewTopic("dry", 3, (short) 1)), new CreateTopicsOptions().validateOnly(true)).all().get();
        assertFalse(admin.listTopics().names().get().contains("dry"));
        admin.createTopics(List.of(new NewTopic("twice", Optional.empty(), Optional.empty()))).all().get();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("twice", 1, (short) 1))).all().get());
        assertInstanceOf(TopicExistsException.class, cause(e));
    }

    @Test
    void describeConfigsOfTopicAndBroker() throws Exception {
        admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1)
                .configs(Map.of("max.message.bytes", "2000000")))).all().get();
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "configured");
        ConfigResource brokerRes = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Map<ConfigResource, Config> configs = admin.describeConfigs(Set.of(topic, brokerRes)).all().get();
        ConfigEntry max = configs.get(topic).get("max.message.bytes");
        assertEquals("2000000", max.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, max.source());
        ConfigEntry retention = configs.get(topic).get("retention.ms");
        assertEquals("86400000", retention.value());
        assertEquals(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG, retention.source());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, configs.get(topic).get("segment.ms").source());
        assertEquals("24", configs.get(brokerRes).get("log.retention.hours").value());
        assertEquals(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG, configs.get(brokerRes).get("log.retention.hours").source());
        assertEquals("1", configs.get(brokerRes).get("num.partitions").value());
        ExecutionException e = assertThrows(ExecutionException.class, () -> admin.describeConfigs(
                Set.of(new ConfigResource(ConfigResource.Type.TOPIC, "missing"))).all().get());
        assertInstanceOf(UnknownTopicOrPartitionException.class, cause(e));
    }

    @Test
    void listOffsetsEarliestLatestAndMaxTimestamp() throws Exception {
        admin.createTopics(List.of(new NewTopic("offsets-spec", 1, (short) 1))).all().get();
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("offsets-spec", 0);
        long[] stamps = {5_000, 9_000, 7_000};
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrap()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (long ts : stamps) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>("offsets-spec", 0, ts, null, new byte[1])).get();
            }
        }
        assertEquals(0, admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest())).partitionResult(tp).get().offset());
        assertEquals(3, admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(tp).get().offset());
        var max = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.maxTimestamp())).partitionResult(tp).get();
        assertEquals(1, max.offset());
        assertEquals(9_000, max.timestamp());
        var byTime = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(6_000))).partitionResult(tp).get();
        assertEquals(1, byTime.offset(), "first offset whose timestamp is at or after 6000");
    }

    @Test
    void describeClusterNamesThisNode() throws Exception {
        assertEquals(1, admin.describeCluster().nodes().get().size());
        assertEquals(broker.port(), admin.describeCluster().nodes().get().iterator().next().port());
        assertEquals(1, admin.describeCluster().controller().get().id());
        assertEquals(broker.broker().clusterId(), admin.describeCluster().clusterId().get());
    }
}
