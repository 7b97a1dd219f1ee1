package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * SIGKILL of the broker in the middle of consuming, restart on the same port and data directory:
 * the same consumer resumes from its position and reads every acknowledged record exactly once
 * per offset, in order; new appends continue at the old log end; a clean SIGTERM stop and start
 * after that keeps everything.
 */
class KillRestartDuringConsumeTest {
    private static final long PER_CODEC = 40_000;
    private static final long MORE_PER_CODEC = 1_000;
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("kill-restart", b -> b,
            ApiKeys.CREATE_TOPICS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyAcknowledgedRecordIsReadExactlyOnceAcrossKillAndRestart() throws Exception {
        BrokerProcess broker = BROKER.broker();
        String bootstrap = broker.bootstrap();
        CodecWorkload workload = new CodecWorkload("kill", PARTITIONS);
        workload.createTopics(bootstrap);
        workload.produce(bootstrap, 0, PER_CODEC);
        long acknowledged = PER_CODEC * workload.codecs();

        LogChecker checker = new LogChecker(workload.partitionsByTopic());
        Map<String, Object> settings = Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "65536");
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, settings)) {
            consumer.assign(workload.topicPartitions());
            consumer.seekToBeginning(workload.topicPartitions());
            pollUntil(consumer, checker, acknowledged / 2, Duration.ofSeconds(90));
            assertTrue(checker.seen() < acknowledged, "the kill must come before the end: read " + checker.seen());

            broker.kill();
            assertFalse(broker.isAlive());
            broker.start();

            pollUntil(consumer, checker, acknowledged, Duration.ofSeconds(120));
            assertTrue(checker.errors().isEmpty(), () -> "bad records after restart: " + checker.errors());
            assertEquals(acknowledged, checker.seen(), "acknowledged records read back");
            assertEnds(consumer, workload, PER_CODEC, checker);

            // The recovered log accepts appends exactly at its old end.
            workload.produce(bootstrap, PER_CODEC, MORE_PER_CODEC);
            pollUntil(consumer, checker, acknowledged + MORE_PER_CODEC * workload.codecs(), Duration.ofSeconds(60));
            assertTrue(checker.errors().isEmpty(), () -> "bad records after new appends: " + checker.errors());
            assertEnds(consumer, workload, PER_CODEC + MORE_PER_CODEC, checker);
        }

        // A clean stop (SIGTERM) and start keep everything too; a fresh consumer reads it all again.
        broker.stop();
        broker.start();
        LogChecker again = new LogChecker(workload.partitionsByTopic());
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, settings)) {
            consumer.assign(workload.topicPartitions());
            consumer.seekToBeginning(workload.topicPartitions());
            pollUntil(consumer, again, (PER_CODEC + MORE_PER_CODEC) * workload.codecs(), Duration.ofSeconds(90));
            assertEnds(consumer, workload, PER_CODEC + MORE_PER_CODEC, again);
        }
    }

    private static void pollUntil(KafkaConsumer<byte[], byte[]> consumer, LogChecker checker, long target,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (checker.seen() < target && System.nanoTime() < deadline && checker.errors().isEmpty()) {
            consumer.poll(Duration.ofMillis(200)).forEach(checker::accept);
        }
        assertTrue(checker.errors().isEmpty(), () -> "bad records: " + checker.errors());
        assertTrue(checker.seen() >= target, () -> "read " + checker.seen() + " of " + target + " within " + timeout);
    }

    private static void assertEnds(KafkaConsumer<byte[], byte[]> consumer, CodecWorkload workload, long perCodec,
            LogChecker checker) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(workload.topicPartitions(), Duration.ofSeconds(30));
        for (TopicPartition tp : workload.topicPartitions()) {
            long want = SequencedRecords.countOn(PARTITIONS, tp.partition(), perCodec);
            assertEquals(want, checker.nextOffset(tp), tp + ": records read");
            assertEquals(want, ends.get(tp), tp + ": log end offset");
        }
    }
}
