package io.spool.it.group;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spool.it.BrokerExtension;
import io.spool.it.Clients;
import java.time.Duration;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At-least-once with committed offsets: 500,000 records produced while group members keep leaving and joining
 * (each leave and join a rebalance); every record is processed at least once and no offset is skipped.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AtLeastOnceTest {
    private static final int RECORDS = 500_000;
    private static final int PARTITIONS = 6;
    private static final int CHURN_EVERY = 50_000;

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("groups-alo",
            b -> b.override("group.initial.rebalance.delay.ms", "0")
                    .override("num.partitions", Integer.toString(PARTITIONS))
                    .override("auto.create.topics.enable", "true"));

    /** What the members processed: sequence numbers, and per partition the offsets (to find gaps). */
    private static final class Processed {
        private final BitSet seqs = new BitSet(RECORDS);
        private final BitSet[] offsets = new BitSet[PARTITIONS];
        private long deliveries;

        Processed() {
            for (int p = 0; p < PARTITIONS; p++) {
                offsets[p] = new BitSet();
            }
        }

        synchronized void add(ConsumerRecords<byte[], byte[]> records) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                seqs.set((int) GroupTestRecords.seq(r));
                offsets[r.partition()].set((int) r.offset());
                deliveries++;
            }
        }

        synchronized int distinct() {
            return seqs.cardinality();
        }
    }

    @Test
    void everyRecordIsProcessedAtLeastOnceWhileMembersComeAndGo() throws Exception {
        String topic = "alo";
        String group = "alo-group";
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, PARTITIONS);
        Processed processed = new Processed();
        Deque<GroupConsumer> members = new ConcurrentLinkedDeque<>();
        AtLeastOnceProducer producer = new AtLeastOnceProducer(BROKER.bootstrap(), topic);
        try {
            for (int i = 0; i < 3; i++) {
                members.add(new GroupConsumer(BROKER.bootstrap(), group, topic, Map.of(), processed::add));
            }
            // every 50,000 records one member leaves and another joins: two rebalances while records flow
            AtomicLong churns = new AtomicLong();
            CompletableFuture<long[]> produced = CompletableFuture.supplyAsync(() -> producer.run(() -> {
                GroupConsumer leaving = members.poll();
                try {
                    leaving.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertNull(leaving.failure());
                members.add(new GroupConsumer(BROKER.bootstrap(), group, topic, Map.of(), processed::add));
                churns.incrementAndGet();
            }));
            long[] endOffsets = produced.get(150, TimeUnit.SECONDS);
            await("all " + RECORDS + " records processed").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250)).until(() -> processed.distinct() == RECORDS);
            synchronized (processed) {
                for (int p = 0; p < PARTITIONS; p++) {
                    BitSet o = processed.offsets[p];
                    assertEquals(endOffsets[p], o.cardinality(), "partition " + p + ": offsets processed");
                    assertEquals(endOffsets[p], o.nextClearBit(0), "partition " + p + ": no offset skipped");
                }
                System.out.println("at-least-once: records=" + RECORDS + ", deliveries=" + processed.deliveries
                        + ", redelivered=" + (processed.deliveries - RECORDS) + ", membership changes=" + (2 * churns.get()));
            }
            for (GroupConsumer m : members) {
                assertNull(m.failure());
            }
        } finally {
            for (GroupConsumer m : members) {
                m.close();
            }
        }
    }

    /** Produces the sequence numbers 0..RECORDS-1 round-robin over the partitions; returns the end offsets. */
    private record AtLeastOnceProducer(String bootstrap, String topic) {
        long[] run(Runnable churn) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 10);
            settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
            AtomicLong failures = new AtomicLong();
            try (KafkaProducer<byte[], byte[]> p = Clients.producer(bootstrap, settings)) {
                for (int s = 0; s < RECORDS; s++) {
                    if (s > 0 && s % CHURN_EVERY == 0) {
                        p.flush();
                        churn.run();
                    }
                    p.send(new ProducerRecord<>(topic, s % PARTITIONS, null, GroupTestRecords.value(s)),
                            (md, e) -> {
                                if (e != null) {
                                    failures.incrementAndGet();
                                }
                            });
                }
                p.flush();
            }
            if (failures.get() > 0) {
                throw new AssertionError(failures.get() + " records not acknowledged");
            }
            long[] end = new long[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                end[p] = RECORDS / PARTITIONS + (p < RECORDS % PARTITIONS ? 1 : 0);
            }
            return end;
        }
    }
}
