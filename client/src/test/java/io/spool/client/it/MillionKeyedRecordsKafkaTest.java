package io.spool.client.it;

import io.spool.client.ConsumerRecord;
import io.spool.client.Deserializer;
import io.spool.client.ProducerRecord;
import io.spool.client.Serializer;
import io.spool.client.SpoolConsumer;
import io.spool.client.SpoolProducer;
import io.spool.client.TopicPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * 1,000,000 keyed records through an Apache Kafka 4.4 broker with Spool's producer and consumer:
 * all out, in order per partition, each key where kafka-clients would put it.
 */
@EnabledOnOs(OS.LINUX)
class MillionKeyedRecordsKafkaTest {

    @Test
    void millionKeyedRecordsInAndOutInOrder() throws Exception {
        int n = 1_000_000;
        int partitions = 6;
        String topic = "million";
        try (KafkaKraftBroker kafka = KafkaKraftBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            AtomicLong failures = new AtomicLong();
            AtomicReference<Throwable> first = new AtomicReference<>();
            Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrap(), "linger.ms", 10,
                    "batch.size", 65536);
            try (SpoolProducer<String, String> p = new SpoolProducer<>(props, Serializer.string(), Serializer.string())) {
                for (int i = 0; i < n; i++) {
                    p.send(new ProducerRecord<>(topic, "key-" + (i % 10_007), Integer.toString(i))).whenComplete((m, e) -> {
                        if (e != null) {
                            failures.incrementAndGet();
                            first.compareAndSet(null, e);
                        }
                    });
                }
                p.flush();
            }
            assertEquals(0, failures.get(), () -> "failed sends, first: " + first.get());

            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            int[] lastPerPartition = new int[partitions];
            java.util.Arrays.fill(lastPerPartition, -1);
            long seen = 0;
            Map<String, Object> cprops = Map.of("bootstrap.servers", kafka.bootstrap(), "auto.offset.reset", "earliest",
                    "max.poll.records", 5000);
            try (SpoolConsumer<String, String> c = new SpoolConsumer<>(cprops, Deserializer.string(), Deserializer.string())) {
                c.assign(tps);
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (seen < n && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        int i = Integer.parseInt(r.value());
                        assertEquals("key-" + (i % 10_007), r.key());
                        assertTrue(i > lastPerPartition[r.partition()], "order in partition " + r.partition());
                        lastPerPartition[r.partition()] = i;
                        int expected = BuiltInPartitioner.partitionForKey(r.key().getBytes(StandardCharsets.UTF_8), partitions);
                        assertEquals(expected, r.partition(), "partition of " + r.key());
                        seen++;
                    }
                }
            }
            assertEquals(n, seen);
        }
    }
}
