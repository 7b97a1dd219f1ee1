package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spool.broker.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kafka-clients 4.4 producer sends one compressed batch per codec; ListOffsets by timestamp (consumer
 * offsetsForTimes and AdminClient forTimestamp/maxTimestamp) must name the exact record inside it, as Kafka does.
 */
class CompressedListOffsetsTest {
    private static final long BASE = 1_700_000_000_000L;
    /** Record i's timestamp; record 5 is out of order so that "first at or after" differs from "nearest". */
    private static final long[] STAMPS = {0, 100, 200, 300, 400, 900, 500, 600, 700, 800};

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("num.partitions", "1"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void timestampLookupFindsTheRecordInsideACompressedBatch(String codec) throws Exception {
        String topic = "ts-" + codec;
        TopicPartition tp = new TopicPartition(topic, 0);
        produceOneBatch(topic, codec);

        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            assertEquals(10L, c.endOffsets(List.of(tp)).get(tp));
            assertAt(c, tp, BASE - 1, 0, BASE);
            assertAt(c, tp, BASE + 250, 3, BASE + 300);          // between records 2 and 3
            assertAt(c, tp, BASE + 400, 4, BASE + 400);          // exactly record 4
            assertAt(c, tp, BASE + 450, 5, BASE + 900);          // record 5 (900) comes before 6 (500) in offset order
            assertAt(c, tp, BASE + 901, -1, -1);                 // after everything
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            ListOffsetsResult.ListOffsetsResultInfo at = admin.listOffsets(
                    Map.of(tp, OffsetSpec.forTimestamp(BASE + 650))).partitionResult(tp).get();
            assertEquals(5, at.offset());
            at = admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(BASE + 150))).partitionResult(tp).get();
            assertEquals(2, at.offset());
            assertEquals(BASE + 200, at.timestamp());
            ListOffsetsResult.ListOffsetsResultInfo max = admin.listOffsets(
                    Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp).get();
            assertEquals(5, max.offset());
            assertEquals(BASE + 900, max.timestamp());
        }
    }

    /** Sends the ten records as one batch: a long linger, then a flush. */
    private static void produceOneBatch(String topic, String codec) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.partitionsFor(topic);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < STAMPS.length; i++) {
                byte[] value = ("value-" + i + "-" + "y".repeat(300)).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, 0, BASE + STAMPS[i], null, value)));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                assertEquals(i, sent.get(i).get().offset());
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p);
    }

    private static void assertAt(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long target, long offset,
                                 long timestamp) {
        OffsetAndTimestamp at = c.offsetsForTimes(Map.of(tp, target)).get(tp);
        if (offset < 0) {
            assertNull(at, "nothing at or after " + target);
            return;
        }
        assertNotNull(at, "an offset at or after " + target);
        assertEquals(offset, at.offset(), "offset for timestamp " + target);
        assertEquals(timestamp, at.timestamp(), "timestamp for " + target);
    }
}
