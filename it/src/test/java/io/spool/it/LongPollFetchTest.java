package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Fetch that waits: with fetch.max.wait.ms = 10 s the broker parks the consumer's Fetch; a
 * record produced 200 ms later must wake it, so the record arrives far sooner than 10 s (a
 * behavioural bound, not a benchmark: a broker that only answers at the deadline takes ~10 s).
 * And the other side of long polling: a Fetch that cannot be satisfied (no data, or less than
 * min_bytes) is answered at its deadline, not before.
 */
class LongPollFetchTest {
    private static final int FETCH_MAX_WAIT_MS = 10_000;

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("long-poll", b -> b,
            ApiKeys.CREATE_TOPICS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void parkedFetchIsAnsweredWhenARecordArrives() throws Exception {
        String bootstrap = BROKER.bootstrap();
        Clients.createTopic(bootstrap, "long-poll", 1);
        TopicPartition tp = new TopicPartition("long-poll", 0);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of());
                KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, Map.of(
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(FETCH_MAX_WAIT_MS),
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1",
                        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "40000"))) {
            // Warm both clients up so that the measured time is the broker's, not metadata lookups.
            producer.send(new ProducerRecord<>("long-poll", 0, null, "warm-up".getBytes(StandardCharsets.UTF_8)))
                    .get(60, TimeUnit.SECONDS);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            long end = consumer.position(tp, Duration.ofSeconds(30));
            assertEquals(1, end);
            // This poll sends a Fetch at the log end that the broker parks; it stays in flight after
            // the poll returns empty, and the next poll waits for its answer.
            assertTrue(consumer.poll(Duration.ofMillis(300)).isEmpty(), "nothing to read yet");

            byte[] value = "wake-up".getBytes(StandardCharsets.UTF_8);
            long[] sentAt = new long[1];
            ScheduledFuture<RecordMetadata> sent = scheduler.schedule(() -> {
                sentAt[0] = System.nanoTime();
                return producer.send(new ProducerRecord<>("long-poll", 0, null, value)).get(30, TimeUnit.SECONDS);
            }, 200, TimeUnit.MILLISECONDS);

            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3L * FETCH_MAX_WAIT_MS / 1000);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofSeconds(30)).forEach(got::add);
            }
            long receivedAt = System.nanoTime();
            RecordMetadata md = sent.get(30, TimeUnit.SECONDS);

            assertEquals(1, got.size(), "exactly the one produced record");
            assertEquals(md.offset(), got.get(0).offset());
            assertArrayEquals(value, got.get(0).value());
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(receivedAt - sentAt[0]);
            System.out.printf("long poll: record received %d ms after the send began (fetch.max.wait.ms=%d)%n",
                    waitedMs, FETCH_MAX_WAIT_MS);
            assertTrue(waitedMs < FETCH_MAX_WAIT_MS / 2,
                    "the parked Fetch must be answered when the record arrives, not at fetch.max.wait.ms: waited "
                            + waitedMs + " ms");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fetchWithNothingToReturnIsAnsweredAtItsDeadline() throws Exception {
        String bootstrap = BROKER.bootstrap();
        Clients.createTopic(bootstrap, "long-poll-empty", 1);
        try (RawConnection c = RawConnection.open(BROKER.broker().port())) {
            short version = RawConnection.pick(c.apiVersions(), ApiKeys.FETCH, 12);
            long start = System.nanoTime();
            FetchResponseData.PartitionData p = fetch(c, version, "long-poll-empty", 0, 1_000, 1);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Errors.NONE.code(), p.errorCode());
            assertEquals(0, p.records().sizeInBytes(), "nothing to return");
            assertTrue(elapsedMs >= 900, "a Fetch that cannot be satisfied waits for max_wait_ms: " + elapsedMs + " ms");
            assertTrue(elapsedMs < 10_000, "and is answered at its deadline: " + elapsedMs + " ms");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fetchMinBytesKeepsTheFetchParkedUntilItsDeadline() throws Exception {
        String bootstrap = BROKER.bootstrap();
        Clients.createTopic(bootstrap, "long-poll-min-bytes", 1);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of());
                RawConnection c = RawConnection.open(BROKER.broker().port())) {
            producer.partitionsFor("long-poll-min-bytes");
            short version = RawConnection.pick(c.apiVersions(), ApiKeys.FETCH, 12);
            byte[] value = "small".getBytes(StandardCharsets.UTF_8);
            ScheduledFuture<RecordMetadata> sent = scheduler.schedule(() -> producer.send(
                    new ProducerRecord<>("long-poll-min-bytes", 0, null, value)).get(30, TimeUnit.SECONDS),
                    200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            // min_bytes 64 KiB: one small record does not satisfy it, so the answer comes at max_wait_ms
            // and carries what is there by then.
            FetchResponseData.PartitionData p = fetch(c, version, "long-poll-min-bytes", 0, 1_500, 64 * 1024);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sent.get(30, TimeUnit.SECONDS);
            assertEquals(Errors.NONE.code(), p.errorCode());
            assertTrue(elapsedMs >= 1_350, "a small record must not release a Fetch waiting for 64 KiB: "
                    + elapsedMs + " ms");
            List<String> values = new ArrayList<>();
            for (Record r : ((Records) p.records()).records()) {
                values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
            assertEquals(List.of("small"), values, "the answer at the deadline carries what arrived");
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static FetchResponseData.PartitionData fetch(RawConnection c, short version, String topic,
            long offset, int maxWaitMs, int minBytes) throws Exception {
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(minBytes).setMaxBytes(1024 * 1024)
                .setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset)
                                .setPartitionMaxBytes(1024 * 1024).setLogStartOffset(-1)))));
        ByteBuffer body = c.roundTrip(ApiKeys.FETCH, version, request);
        FetchResponseData data = new FetchResponseData(new ByteBufferAccessor(body), version);
        assertEquals(Errors.NONE.code(), data.errorCode());
        return data.responses().get(0).partitions().get(0);
    }
}
