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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What Spool's producer and consumer must do against any Kafka-protocol broker (Spool's and Apache
 * Kafka's), with kafka-clients as the oracle. Subclasses start the broker.
 */
abstract class ClientContractTest extends GroupAndAdminContract {

    /** host:port of the broker under test. */
    abstract String bootstrap();

    /** Makes sure {@code name} exists and returns its partition count (the broker may impose one). */
    abstract int createTopic(String name, int partitions) throws Exception;

    Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap());
        p.put("linger.ms", 5);
        p.put("request.timeout.ms", 10000);
        p.put("delivery.timeout.ms", 60000);
        return p;
    }

    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> readAll(String topic, int partitions, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new org.apache.kafka.common.TopicPartition(topic, i));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static ConsumerRecords<String, String> pollUntilNonEmpty(SpoolConsumer<String, String> c) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(200));
            if (!rs.isEmpty()) {
                return rs;
            }
        }
        fail("no records within 30 s");
        return null;
    }

    @Test
    void keyedRecordsLandWhereKafkaClientsPutsThemAndKafkaClientsReadsThemInOrder() throws Exception {
        String topic = "spool-keyed";
        int partitions = 4;
        int n = 20_000;
        partitions = createTopic(topic, partitions);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (SpoolProducer<String, String> p = new SpoolProducer<>(producerProps(), Serializer.string(), Serializer.string())) {
            for (int i = 0; i < n; i++) {
                Header[] headers = i % 100 == 0 ? new Header[] {new Header("h", ("x" + i).getBytes(StandardCharsets.UTF_8))} : null;
                futures.add(p.send(new ProducerRecord<>(topic, null, null, "key-" + (i % 997), "value-" + i, headers)));
            }
            p.flush();
            assertTrue(p.producerId() >= 0, "idempotent by default: InitProducerId gave an id");
        }
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RecordMetadata m = futures.get(i).get();
            byte[] key = ("key-" + (i % 997)).getBytes(StandardCharsets.UTF_8);
            assertEquals(BuiltInPartitioner.partitionForKey(key, partitions), m.partition(), "record " + i);
            long prev = lastOffset.getOrDefault(m.partition(), -1L);
            assertTrue(m.offset() > prev, "offsets grow in send order within a partition");
            lastOffset.put(m.partition(), m.offset());
        }
        var got = readAll(topic, partitions, n);
        assertEquals(n, got.size());
        Map<Integer, Integer> lastSeq = new HashMap<>();
        for (var r : got) {
            int seq = Integer.parseInt(r.value().substring("value-".length()));
            assertEquals("key-" + (seq % 997), r.key());
            assertTrue(seq > lastSeq.getOrDefault(r.partition(), -1), "order within partition " + r.partition());
            lastSeq.put(r.partition(), seq);
            if (seq % 100 == 0) {
                assertEquals("x" + seq, new String(r.headers().lastHeader("h").value(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void spoolConsumerReadsWhatKafkaClientsWrote() throws Exception {
        String topic = "kafka-written";
        int partitions = 2;
        int n = 5_000;
        partitions = createTopic(topic, partitions);
        // gzip: the Spool consumer inflates gzip batches (the broker stores them as sent)
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            p.flush();
        }
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap(), "auto.offset.reset", "earliest",
                "max.poll.records", 700);
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props, Deserializer.string(), Deserializer.string())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            c.assign(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < n && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(200));
                assertTrue(rs.count() <= 700, "max.poll.records");
                rs.forEach(got::add);
            }
            assertEquals(n, got.size());
            Map<Integer, Long> last = new HashMap<>();
            for (ConsumerRecord<String, String> r : got) {
                assertEquals("v" + r.key().substring(1), r.value());
                assertTrue(r.offset() > last.getOrDefault(r.partition(), -1L));
                last.put(r.partition(), r.offset());
            }
            long end0 = last.get(0) + 1;
            assertEquals(end0, c.position(new TopicPartition(topic, 0)));
            c.seek(new TopicPartition(topic, 0), 3);
            ConsumerRecords<String, String> again = pollUntilNonEmpty(c);
            assertEquals(3, again.records(new TopicPartition(topic, 0)).get(0).offset());
            c.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            assertEquals(0, c.position(new TopicPartition(topic, 0)), "ListOffsets EARLIEST");
            c.seekToEnd(List.of(new TopicPartition(topic, 0)));
            assertEquals(end0, c.position(new TopicPartition(topic, 0)), "ListOffsets LATEST = high watermark");
        }
    }

    @Test
    void largeBatchesGoOutWithMsgZeroCopyAndArriveIntact() throws Exception {
        String topic = "spool-zerocopy";
        int partitions = createTopic(topic, 1);
        Map<String, Object> props = producerProps();
        props.put("batch.size", 256 * 1024);
        props.put("linger.ms", 20);
        props.put("zerocopy.fallback.on.copied", false);
        int n = 2_000;
        ZeroCopyStats stats;
        try (SpoolProducer<byte[], byte[]> p = new SpoolProducer<>(props, Serializer.bytes(), Serializer.bytes())) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] v = new byte[1000];
                java.util.Arrays.fill(v, (byte) i);
                fs.add(p.send(new ProducerRecord<>(topic, 0, null, Integer.toString(i).getBytes(StandardCharsets.UTF_8), v, null)));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : fs) {
                f.get();
            }
            stats = p.zeroCopyStats();
            for (KafkaConnection c : p.networkClient().connections()) {
                assertTrue(c.transport().awaitCompletions(10_000));
            }
            assertTrue(stats.zeroCopySends() > 0, stats.toString());
            assertEquals(stats.zeroCopySends(), stats.completedSends(), stats.toString());
            assertEquals(stats.completedSends(), stats.copiedSends(), "loopback: the kernel copies: " + stats);
        }
        assertTrue(partitions >= 1);
        Map<String, Object> cprops = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cprops,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            c.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < n && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    int i = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
                    assertEquals(seen, i, "order");
                    for (byte b : r.value()) {
                        assertEquals((byte) i, b);
                    }
                    seen++;
                }
            }
        }
        assertEquals(n, seen);
    }

    @Test
    void retriesAfterDroppedConnectionsProduceNoDuplicates() throws Exception {
        String topic = "spool-idempotent";
        int partitions = 3;
        partitions = createTopic(topic, partitions);
        int n = 30_000;
        List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
        Map<String, Object> props = producerProps();
        props.put("retry.backoff.ms", 10);
        int drops = 0;
        try (SpoolProducer<String, String> p = new SpoolProducer<>(props, Serializer.string(), Serializer.string())) {
            for (int i = 0; i < n; i++) {
                fs.add(p.send(new ProducerRecord<>(topic, "k" + i, Integer.toString(i))));
                if (i % 3000 == 1500) {
                    // Cut a connection while a Produce is in flight: its batches are retried.
                    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    while (System.nanoTime() < deadline) {
                        KafkaConnection busy = p.networkClient().connections().stream()
                                .filter(c -> c.inFlightCount() > 0).findFirst().orElse(null);
                        if (busy != null) {
                            p.networkClient().disconnect(busy.nodeId());
                            drops++;
                            break;
                        }
                        Thread.onSpinWait();
                    }
                }
            }
            p.flush();
        }
        for (CompletableFuture<RecordMetadata> f : fs) {
            f.get();
        }
        var got = readAll(topic, partitions, n);
        Set<String> values = new HashSet<>();
        for (var r : got) {
            assertTrue(values.add(r.value()), "duplicate record " + r.value());
        }
        assertTrue(drops > 0, "no connection was cut with a request in flight");
        assertEquals(n, values.size(), "every record exactly once (connections dropped with requests in flight: " + drops + ")");
        Map<Integer, Integer> last = new HashMap<>();
        for (var r : got) {
            int v = Integer.parseInt(r.value());
            assertTrue(v > last.getOrDefault(r.partition(), -1), "order within partition " + r.partition());
            last.put(r.partition(), v);
        }
    }

    @Test
    void acksZeroAndOneDeliver() throws Exception {
        String topic = "spool-acks";
        int partitions = createTopic(topic, 1);
        for (String acks : new String[] {"0", "1"}) {
            Map<String, Object> props = producerProps();
            props.put("acks", acks);
            try (SpoolProducer<String, String> p = new SpoolProducer<>(props, Serializer.string(), Serializer.string())) {
                List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    fs.add(p.send(new ProducerRecord<>(topic, "a" + acks, "v" + i)));
                }
                p.flush();
                for (CompletableFuture<RecordMetadata> f : fs) {
                    RecordMetadata m = f.get();
                    if (acks.equals("0")) {
                        assertEquals(-1, m.offset(), "acks=0 gets no offset");
                    } else {
                        assertTrue(m.offset() >= 0);
                    }
                }
                assertEquals(-1, p.producerId(), "idempotence is off unless acks=all");
            }
        }
        assertEquals(2000, readAll(topic, partitions, 2000).size());
    }

    /** 1,000,000 keyed records in and out: in order per partition, each key where kafka-clients puts it. */
    @Test
    void millionKeyedRecordsInAndOutInOrder() throws Exception {
        int n = 1_000_000;
        String topic = "million";
        int partitions = createTopic(topic, 6);
        {
            AtomicLong failures = new AtomicLong();
            AtomicReference<Throwable> first = new AtomicReference<>();
            Map<String, Object> props = Map.of("bootstrap.servers", bootstrap(), "linger.ms", 10,
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
            Map<String, Object> cprops = Map.of("bootstrap.servers", bootstrap(), "auto.offset.reset", "earliest",
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

    @Test
    void concurrentSendersKeepEachThreadsOrderPerKey() throws Exception {
        String topic = "spool-concurrent";
        int partitions = createTopic(topic, 3);
        int threads = 4;
        int perThread = 5_000;
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (SpoolProducer<String, String> p = new SpoolProducer<>(producerProps(), Serializer.string(), Serializer.string())) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        p.send(new ProducerRecord<>(topic, "thread-" + thread, thread + ":" + i)).whenComplete((m, e) -> {
                            if (e != null) {
                                errors.add(e);
                            }
                        });
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            p.flush();
        }
        assertTrue(errors.isEmpty(), () -> "failed sends: " + errors.get(0));
        var got = readAll(topic, partitions, threads * perThread);
        assertEquals(threads * perThread, got.size());
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (var r : got) {
            String[] parts = r.value().split(":");
            int thread = Integer.parseInt(parts[0]);
            int i = Integer.parseInt(parts[1]);
            assertEquals(last[thread] + 1, i, "records of thread " + thread + " in send order, none missing or repeated");
            last[thread] = i;
        }
    }
}
