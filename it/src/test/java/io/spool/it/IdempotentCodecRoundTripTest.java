package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One million records with keys and headers through idempotent producers, split evenly over every
 * compression codec of kafka-clients, read back with {@code assign()}: in order per partition,
 * client CRC checks on, nothing missing or doubled.
 */
class IdempotentCodecRoundTripTest {
    private static final long TOTAL = 1_000_000;
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("codecs", b -> b,
            ApiKeys.CREATE_TOPICS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void millionRecordsAcrossAllCodecsComeBackInOrderExactlyOnce() throws Exception {
        String bootstrap = BROKER.bootstrap();
        CodecWorkload workload = new CodecWorkload("codec", PARTITIONS);
        long perCodec = TOTAL / workload.codecs();
        workload.createTopics(bootstrap);
        workload.produce(bootstrap, 0, perCodec);

        LogChecker checker = new LogChecker(workload.partitionsByTopic());
        Map<String, Object> settings = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, settings)) {
            consumer.assign(workload.topicPartitions());
            consumer.seekToBeginning(workload.topicPartitions());
            long expected = perCodec * workload.codecs();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (checker.seen() < expected && System.nanoTime() < deadline && checker.errors().isEmpty()) {
                consumer.poll(Duration.ofMillis(500)).forEach(checker::accept);
            }
            assertTrue(checker.errors().isEmpty(), () -> "bad records: " + checker.errors());
            assertEquals(expected, checker.seen(), "records read back");

            Map<TopicPartition, Long> ends = consumer.endOffsets(workload.topicPartitions(), Duration.ofSeconds(30));
            for (TopicPartition tp : workload.topicPartitions()) {
                long want = SequencedRecords.countOn(PARTITIONS, tp.partition(), perCodec);
                assertEquals(want, checker.nextOffset(tp), tp + ": records read");
                assertEquals(want, ends.get(tp), tp + ": log end offset (nothing extra in the log)");
            }
        }
    }
}
