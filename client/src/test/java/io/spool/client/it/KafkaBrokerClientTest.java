package io.spool.client.it;

import io.spool.client.ConsumerRecord;
import io.spool.client.ConsumerRecords;
import io.spool.client.Deserializer;
import io.spool.client.ProducerRecord;
import io.spool.client.RecordMetadata;
import io.spool.client.Serializer;
import io.spool.client.SpoolConsumer;
import io.spool.client.SpoolProducer;
import io.spool.client.TopicPartition;
import io.spool.client.internals.KafkaConnection;
import io.spool.client.net.ZeroCopyStats;
import io.spool.client.record.Header;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The client contract against an Apache Kafka 4.4 KRaft broker, plus admin and error cases. */
@EnabledOnOs(OS.LINUX)
class KafkaBrokerClientTest extends ClientContractTest {
    private static KafkaKraftBroker kafka;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaKraftBroker.start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    String bootstrap() {
        return kafka.bootstrap();
    }

    @Override
    int createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        // CreateTopics returns when the controller committed; the broker may still answer NOT_LEADER_OR_FOLLOWER
        // for a moment (once, under load, kafka-clients' idempotent producer then got OUT_OF_ORDER_SEQUENCE_NUMBER
        // until delivery.timeout.ms). Wait until the leader answers ListOffsets for every partition.
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new org.apache.kafka.common.TopicPartition(name, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.listOffsets(latest).all().get().size() == latest.size());
        return partitions;
    }

    @Test
    void anInvalidTopicFailsTheSendWithTheBrokersError() throws Exception {
        try (SpoolProducer<String, String> p = new SpoolProducer<>(producerProps(), Serializer.string(), Serializer.string())) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> p.send(new ProducerRecord<>("bad/name", "k", "v")).get());
            assertInstanceOf(io.spool.client.ApiException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("INVALID_TOPIC_EXCEPTION"), e.getCause().getMessage());
        }
    }

    @Test
    void sendFailsWithTimeoutWhenNoBrokerAnswers() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", "127.0.0.1:" + silent.getLocalPort());
            props.put("max.block.ms", 300);
            props.put("request.timeout.ms", 300);
            props.put("delivery.timeout.ms", 1000);
            try (SpoolProducer<String, String> p = new SpoolProducer<>(props, Serializer.string(), Serializer.string())) {
                var e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> p.send(new ProducerRecord<>("t", "k", "v")).get());
                assertInstanceOf(io.spool.client.TimeoutException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("max.block.ms=300"), e.getCause().getMessage());
            }
        }
    }
}
