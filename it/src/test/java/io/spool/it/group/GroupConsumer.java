package io.spool.it.group;

import io.spool.it.Clients;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One kafka-clients 4.4 consumer in a classic group, polling on its own thread: processes each batch of records,
 * then commits synchronously (at-least-once). Its current assignment is readable from any thread. {@link #close}
 * leaves the group (LeaveGroup), as a clean shutdown does.
 */
final class GroupConsumer implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile int generation = -1;
    private volatile String memberId = "";
    private volatile boolean running = true;

    /** Short group timeouts (DESIGN §7's CI budget) plus {@code extra}. */
    static Map<String, Object> groupSettings(String groupId, Map<String, Object> extra) {
        Map<String, Object> s = new HashMap<>();
        s.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        s.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        s.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        s.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        s.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 30_000);
        s.putAll(extra);
        return s;
    }

    GroupConsumer(String bootstrap, String groupId, String topic, Map<String, Object> extra,
                  Consumer<ConsumerRecords<byte[], byte[]>> processor) {
        consumer = Clients.consumer(bootstrap, groupSettings(groupId, extra));
        thread = new Thread(() -> run(topic, processor), "group-consumer-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String topic, Consumer<ConsumerRecords<byte[], byte[]>> processor) {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignment.set(Set.copyOf(consumer.assignment()));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment.set(Set.copyOf(consumer.assignment()));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    assignment.set(Set.of());
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                assignment.set(Set.copyOf(consumer.assignment()));
                generation = consumer.groupMetadata().generationId();
                memberId = consumer.groupMetadata().memberId();
                if (!records.isEmpty()) {
                    processor.accept(records);
                    try {
                        consumer.commitSync();
                    } catch (KafkaException e) {
                        // a rebalance overtook the commit: the records come again to their next owner
                        if (e instanceof WakeupException) {
                            throw e;
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke us
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    Set<TopicPartition> assignment() {
        return assignment.get();
    }

    /** The generation the consumer last saw (-1 before it joined). */
    int generation() {
        return generation;
    }

    String memberId() {
        return memberId;
    }

    /** The error that ended the poll loop, or null. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(30_000);
    }
}
