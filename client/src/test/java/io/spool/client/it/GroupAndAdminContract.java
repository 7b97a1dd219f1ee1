package io.spool.client.it;

import io.spool.client.CommitFailedException;
import io.spool.client.ConsumerRecord;
import io.spool.client.ConsumerRecords;
import io.spool.client.Deserializer;
import io.spool.client.ProducerRecord;
import io.spool.client.RecordMetadata;
import io.spool.client.Serializer;
import io.spool.client.SpoolConsumer;
import io.spool.client.SpoolProducer;
import io.spool.client.TopicPartition;
import io.spool.client.admin.NewTopic;
import io.spool.client.admin.SpoolAdmin;
import io.spool.protocol.Errors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Consumer groups (subscribe, rebalances, commits) and the admin client against any Kafka-protocol
 * broker; kafka-clients' consumer joins the same groups as the oracle. Subclasses start the broker.
 */
abstract class GroupAndAdminContract {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** host:port of the broker under test. */
    abstract String bootstrap();

    /** Makes sure {@code name} exists and returns its partition count (the broker may impose one). */
    abstract int createTopic(String name, int partitions) throws Exception;

    /** One record seen by a member. */
    record Seen(String member, int partition, long offset) {
    }

    Map<String, Object> groupProps(String group) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap());
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("session.timeout.ms", 30000);
        p.put("heartbeat.interval.ms", 300);
        p.put("max.poll.interval.ms", 30000);
        p.put("enable.auto.commit", false);
        p.put("max.poll.records", 100);
        p.put("fetch.max.wait.ms", 100);
        return p;
    }

    /** Produces keyed records {@code from..from+n-1}; returns the next offset of every partition written. */
    Map<Integer, Long> produce(String topic, int from, int n) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap());
        p.put("linger.ms", 5);
        Map<Integer, Long> ends = new TreeMap<>();
        try (SpoolProducer<String, String> producer = new SpoolProducer<>(p, Serializer.string(), Serializer.string())) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = from; i < from + n; i++) {
                fs.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : fs) {
                RecordMetadata m = f.get();
                ends.merge(m.partition(), m.offset() + 1, Math::max);
            }
        }
        return ends;
    }

    /** A group member polling on a thread of its own (consumers are single-threaded), committing after each poll. */
    abstract static class Member implements AutoCloseable {
        final String name;
        final ConcurrentLinkedQueue<Seen> seen;
        final AtomicInteger count = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile Set<Integer> partitions = Set.of();
        private volatile boolean stop;
        private final Thread thread;

        Member(String name, ConcurrentLinkedQueue<Seen> seen) {
            this.name = name;
            this.seen = seen;
            this.thread = Thread.ofPlatform().name("member-" + name).unstarted(this::run);
        }

        Member start() {
            thread.start();
            return this;
        }

        abstract void open();

        abstract void pollOnce();

        abstract void closeConsumer();

        void record(int partition, long offset) {
            seen.add(new Seen(name, partition, offset));
            count.incrementAndGet();
        }

        private void run() {
            try {
                open();
                while (!stop) {
                    pollOnce();
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                try {
                    closeConsumer();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }

        @Override
        public void close() throws Exception {
            stop = true;
            thread.join(WAIT.toMillis());
            assertFalse(thread.isAlive(), name + " did not stop");
            if (failure.get() != null) {
                throw new AssertionError(name + " failed", failure.get());
            }
        }
    }

    Member spoolMember(String name, String group, String topic, ConcurrentLinkedQueue<Seen> seen) {
        return new Member(name, seen) {
            SpoolConsumer<String, String> c;

            @Override
            void open() {
                c = new SpoolConsumer<>(groupProps(group), Deserializer.string(), Deserializer.string());
                c.subscribe(List.of(topic));
            }

            @Override
            void pollOnce() {
                ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : rs) {
                    record(r.partition(), r.offset());
                }
                Set<Integer> ps = new HashSet<>();
                c.assignment().forEach(tp -> ps.add(tp.partition()));
                partitions = ps;
                if (!rs.isEmpty()) {
                    try {
                        c.commitSync();
                    } catch (CommitFailedException e) {
                        // the group moved on: the new owner re-reads from the last commit (a duplicate, never a gap)
                    }
                }
            }

            @Override
            void closeConsumer() {
                if (c != null) {
                    c.close();
                }
            }
        };
    }

    Member kafkaMember(String name, String group, String topic, ConcurrentLinkedQueue<Seen> seen) {
        return new Member(name, seen) {
            KafkaConsumer<String, String> c;

            @Override
            void open() {
                Map<String, Object> p = groupProps(group);
                p.put("group.protocol", "classic");
                p.put("partition.assignment.strategy", org.apache.kafka.clients.consumer.RangeAssignor.class.getName());
                c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
                c.subscribe(List.of(topic));
            }

            @Override
            void pollOnce() {
                var rs = c.poll(Duration.ofMillis(200));
                for (var r : rs) {
                    record(r.partition(), r.offset());
                }
                Set<Integer> ps = new HashSet<>();
                c.assignment().forEach(tp -> ps.add(tp.partition()));
                partitions = ps;
                if (!rs.isEmpty()) {
                    try {
                        c.commitSync();
                    } catch (org.apache.kafka.clients.consumer.CommitFailedException
                             | org.apache.kafka.common.errors.RebalanceInProgressException e) {
                        // as above
                    }
                }
            }

            @Override
            void closeConsumer() {
                if (c != null) {
                    c.close();
                }
            }
        };
    }

    private static void awaitSharing(int partitions, Member a, Member b) {
        await().atMost(WAIT).until(() -> {
            Set<Integer> pa = a.partitions;
            Set<Integer> pb = b.partitions;
            Set<Integer> union = new HashSet<>(pa);
            union.addAll(pb);
            return !pa.isEmpty() && !pb.isEmpty() && union.size() == pa.size() + pb.size() && union.size() == partitions;
        });
    }

    /** Every offset below each partition's end has been seen by some member: nothing skipped. */
    private static void awaitEverything(ConcurrentLinkedQueue<Seen> seen, Map<Integer, Long> ends) {
        await().atMost(WAIT).until(() -> gaps(seen, ends).isEmpty());
    }

    private static List<String> gaps(ConcurrentLinkedQueue<Seen> seen, Map<Integer, Long> ends) {
        Map<Integer, Set<Long>> got = new HashMap<>();
        for (Seen s : seen) {
            got.computeIfAbsent(s.partition(), k -> new HashSet<>()).add(s.offset());
        }
        List<String> missing = new ArrayList<>();
        ends.forEach((p, end) -> {
            for (long o = 0; o < end; o++) {
                if (!got.getOrDefault(p, Set.of()).contains(o)) {
                    missing.add(p + ":" + o);
                }
            }
        });
        return missing;
    }

    private static void merge(Map<Integer, Long> into, Map<Integer, Long> more) {
        more.forEach((p, e) -> into.merge(p, e, Math::max));
    }

    @Test
    void twoSpoolConsumersShareATopicAndTheSurvivorTakesOverWhenOneLeaves() throws Exception {
        String topic = "group-spool-spool";
        int partitions = createTopic(topic, 4);
        Map<Integer, Long> ends = new TreeMap<>(produce(topic, 0, 2000));
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        try (Member a = spoolMember("spool-a", "g-spool-spool", topic, seen).start()) {
            await().atMost(WAIT).until(() -> a.partitions.size() == partitions);
            try (Member b = spoolMember("spool-b", "g-spool-spool", topic, seen).start()) {
                awaitSharing(partitions, a, b);
                int aBefore = a.count.get();
                int bBefore = b.count.get();
                merge(ends, produce(topic, 2000, 2000));
                awaitEverything(seen, ends);
                assertTrue(a.count.get() > aBefore && b.count.get() > bBefore,
                        "both members consume their share: a=" + a.count + " b=" + b.count);
            }
            // b left with LeaveGroup: a takes everything long before the 30 s session timeout would expire
            await().atMost(Duration.ofSeconds(15)).until(() -> a.partitions.size() == partitions);
            merge(ends, produce(topic, 4000, 500));
            awaitEverything(seen, ends);
        }
        assertEquals(List.of(), gaps(seen, ends));
    }

    @Test
    void spoolAndKafkaClientsConsumersShareOneGroupEitherOneLeading() throws Exception {
        String topic = "group-spool-kafka";
        int partitions = createTopic(topic, 4);
        Map<Integer, Long> ends = new TreeMap<>(produce(topic, 0, 1000));
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        String group = "g-spool-kafka";
        Member kafka1 = kafkaMember("kafka-1", group, topic, seen).start();
        try (Member spool = spoolMember("spool", group, topic, seen)) {
            try (kafka1) {
                await().atMost(WAIT).until(() -> kafka1.partitions.size() == partitions);
                spool.start(); // joins a group led by kafka-clients: its RangeAssignor assigns our member
                awaitSharing(partitions, kafka1, spool);
                int before = spool.count.get();
                merge(ends, produce(topic, 1000, 1000));
                awaitEverything(seen, ends);
                assertTrue(spool.count.get() > before && kafka1.count.get() > 0, "spool=" + spool.count + " kafka=" + kafka1.count);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> spool.partitions.size() == partitions);
            // now Spool's member leads and assigns a new kafka-clients member
            try (Member kafka2 = kafkaMember("kafka-2", group, topic, seen).start()) {
                awaitSharing(partitions, spool, kafka2);
                int before = kafka2.count.get();
                merge(ends, produce(topic, 2000, 1000));
                awaitEverything(seen, ends);
                assertTrue(kafka2.count.get() > before, "kafka-2 consumes its share: " + kafka2.count);
            }
        }
        assertEquals(List.of(), gaps(seen, ends));
    }

    @Test
    void committedOffsetsAreResumedAfterARestart() throws Exception {
        String topic = "group-resume";
        int partitions = createTopic(topic, 3);
        Map<Integer, Long> ends = produce(topic, 0, 900);
        String group = "g-resume";
        Set<TopicPartition> all = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        List<Seen> first = new ArrayList<>();
        Map<TopicPartition, Long> committed;
        Map<String, Object> props = groupProps(group);
        props.put("max.poll.records", 50);
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props, Deserializer.string(), Deserializer.string())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (first.size() < 200 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    first.add(new Seen("first", r.partition(), r.offset()));
                }
            }
            assertTrue(first.size() >= 200, "first consumer read " + first.size());
            c.commitAsync().get(30, java.util.concurrent.TimeUnit.SECONDS); // commitSync is what the Member threads use
            committed = c.committed(all);
            for (TopicPartition tp : c.assignment()) {
                if (committed.containsKey(tp) || c.position(tp) > 0) {
                    assertEquals(c.position(tp), committed.get(tp), "committed offset of " + tp);
                }
            }
            assertFalse(committed.isEmpty());
        }
        // kafka-clients sees the same commits
        Map<String, Object> kp = groupProps(group);
        kp.put("group.protocol", "classic");
        try (KafkaConsumer<String, String> k = new KafkaConsumer<>(kp, new StringDeserializer(), new StringDeserializer())) {
            Set<org.apache.kafka.common.TopicPartition> kAll = new HashSet<>();
            all.forEach(tp -> kAll.add(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition())));
            Map<TopicPartition, Long> theirs = new HashMap<>();
            k.committed(kAll).forEach((tp, om) -> {
                if (om != null) {
                    theirs.put(new TopicPartition(tp.topic(), tp.partition()), om.offset());
                }
            });
            assertEquals(committed, theirs);
        }
        // a restarted member resumes at the committed offsets: nothing below them again, nothing skipped
        props.put("enable.auto.commit", true);
        List<Seen> second = new ArrayList<>();
        Map<Integer, Long> firstOffset = new HashMap<>();
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props, Deserializer.string(), Deserializer.string())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            while (second.size() + committed.values().stream().mapToLong(Long::longValue).sum() < total
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    second.add(new Seen("second", r.partition(), r.offset()));
                    firstOffset.putIfAbsent(r.partition(), r.offset());
                }
            }
        } // closing commits the final positions (enable.auto.commit)
        for (Map.Entry<Integer, Long> e : firstOffset.entrySet()) {
            assertEquals(committed.getOrDefault(new TopicPartition(topic, e.getKey()), 0L), e.getValue(),
                    "first offset read after the restart, partition " + e.getKey());
        }
        ConcurrentLinkedQueue<Seen> union = new ConcurrentLinkedQueue<>(first);
        union.addAll(second);
        assertEquals(List.of(), gaps(union, ends));
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(groupProps(group), Deserializer.string(), Deserializer.string())) {
            Map<TopicPartition, Long> expected = new HashMap<>();
            ends.forEach((p, end) -> expected.put(new TopicPartition(topic, p), end));
            assertEquals(expected, c.committed(all), "close() with enable.auto.commit committed the final positions");
        }
    }

    @Test
    void aMemberThatStopsPollingLeavesAndRejoinsWhenItPollsAgain() throws Exception {
        String topic = "group-slow";
        int partitions = createTopic(topic, 2);
        produce(topic, 0, 100);
        Map<String, Object> props = groupProps("g-slow");
        props.put("max.poll.interval.ms", 2000);
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        try (SpoolConsumer<String, String> slow = new SpoolConsumer<>(props, Deserializer.string(), Deserializer.string());
             Member other = spoolMember("other", "g-slow", topic, seen)) {
            slow.subscribe(List.of(topic));
            await().pollInSameThread().atMost(WAIT).until(() -> {
                slow.poll(Duration.ofMillis(50));
                return slow.assignment().size() == partitions;
            });
            other.start();
            await().pollInSameThread().atMost(WAIT).until(() -> {
                slow.poll(Duration.ofMillis(50)); // keeps slow in the group through the rebalance other causes
                return !slow.assignment().isEmpty() && !other.partitions.isEmpty()
                        && slow.assignment().size() + other.partitions.size() == partitions;
            });
            // slow stops polling: after max.poll.interval.ms its heartbeat thread leaves and other takes all
            await().atMost(WAIT).until(() -> other.partitions.size() == partitions);
            await().pollInSameThread().atMost(WAIT).until(() -> {
                slow.poll(Duration.ofMillis(50)); // its next polls rejoin
                return !slow.assignment().isEmpty() && other.partitions.size() < partitions;
            });
        }
    }

    @Test
    void aTopicCreatedAfterSubscribingIsAssignedOnTheNextMetadataCheck() throws Exception {
        String topic = "group-late-topic";
        Map<String, Object> props = groupProps("g-late");
        props.put("metadata.max.age.ms", 500);
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props, Deserializer.string(), Deserializer.string())) {
            c.subscribe(List.of(topic));
            c.poll(Duration.ofMillis(200));
            assertEquals(Set.of(), c.assignment(), "nothing to assign before the topic exists");
            int partitions = createTopic(topic, 2);
            Map<Integer, Long> ends = produce(topic, 0, 50);
            ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!gaps(seen, ends).isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    seen.add(new Seen("c", r.partition(), r.offset()));
                }
            }
            assertEquals(partitions, c.assignment().size());
            assertEquals(List.of(), gaps(seen, ends));
        }
    }

    @Test
    void subscribeWithoutAGroupIdIsRefusedNamingTheKey() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap());
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(p, Deserializer.string(), Deserializer.string())) {
            var e = assertThrows(io.spool.config.ConfigException.class, () -> c.subscribe(List.of("t")));
            assertTrue(e.getMessage().contains("group.id"), e.getMessage());
        }
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(groupProps("g-mixed"), Deserializer.string(), Deserializer.string())) {
            c.assign(List.of(new TopicPartition("t", 0)));
            var e = assertThrows(IllegalStateException.class, () -> c.subscribe(List.of("t")));
            assertTrue(e.getMessage().contains("unsubscribe()"), e.getMessage());
        }
    }

    @Test
    void adminCreatesListsDescribesAndDeletesTopics() throws Exception {
        try (SpoolAdmin a = SpoolAdmin.create(Map.of("bootstrap.servers", bootstrap()))) {
            a.createTopics(List.of(new NewTopic("admin-a", 3, (short) 1),
                    new NewTopic("admin-b", 1, (short) 1, Map.of("retention.ms", "60000"))));
            // CreateTopics returns once the controller committed; brokers learn of it a moment later.
            await().atMost(Duration.ofSeconds(30)).until(() -> a.listTopics().containsAll(Set.of("admin-a", "admin-b")));
            var d = a.describeTopics(List.of("admin-a")).get("admin-a");
            assertEquals(3, d.partitions().size());
            assertTrue(d.partitions().get(0).leader() >= 0, "partition 0 has a leader: " + d.partitions().get(0));
            var dup = assertThrows(io.spool.client.ApiException.class,
                    () -> a.createTopics(List.of(new NewTopic("admin-a", 1, (short) 1))));
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, dup.error());
            var unknownDescribe = assertThrows(io.spool.client.ApiException.class, () -> a.describeTopics(List.of("admin-none")));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, unknownDescribe.error());
            a.deleteTopics(List.of("admin-a", "admin-b"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !a.listTopics().contains("admin-a") && !a.listTopics().contains("admin-b"));
            var unknown = assertThrows(io.spool.client.ApiException.class, () -> a.deleteTopics(List.of("admin-none")));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, unknown.error());
        }
    }
}
