package io.spool.client;

import io.spool.client.group.ConsumerCoordinator;
import io.spool.client.internals.ClusterImage;
import io.spool.client.internals.FetchParser;
import io.spool.client.internals.KafkaConnection;
import io.spool.client.internals.NetworkClient;
import io.spool.client.net.TransportConfig;
import io.spool.client.net.ZeroCopyStats;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ByteBufRecords;
import io.spool.protocol.Errors;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.FetchResponse;
import io.spool.protocol.message.ListOffsetsRequest;
import io.spool.protocol.message.ListOffsetsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Spool's consumer: a classic consumer group with {@link #subscribe} (Kafka's "consumer" protocol,
 * range assignor, so kafka-clients members can share the group) or manual {@link #assign}; then
 * {@link #poll}, {@link #seek}, {@link #position}, {@link #commitSync}, {@link #commitAsync}.
 * Fetches are pipelined: the next fetch for a broker goes out as soon as its previous response has
 * been taken in, while the application processes the records.
 *
 * <p>Not thread-safe (like kafka-clients' consumer): use it from one thread. A heartbeat thread of
 * its own keeps the group membership alive between polls. While the group rebalances, poll()
 * blocks until the new assignment is known (at most max.poll.interval.ms, the rebalance timeout).
 * <pre>{@code
 * try (var c = new SpoolConsumer<>(Map.of("bootstrap.servers", "localhost:9092", "group.id", "billing",
 *         "auto.offset.reset", "earliest"), Deserializer.string(), Deserializer.string())) {
 *     c.subscribe(List.of("orders"));
 *     for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) { ... }
 * }
 * }</pre>
 */
public final class SpoolConsumer<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolConsumer.class);

    private final ConsumerConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final NetworkClient client;
    private final FetchParser parser;
    private final String offsetReset;
    private final String groupId;
    private final boolean autoCommit;
    private ConsumerCoordinator coordinator;
    /** Subscribed topics, sorted; null when the consumer uses assign() (or nothing yet). */
    private List<String> subscription;
    private long nextAutoCommitNanos;
    /** Partition counts of the subscribed topics when the group last assigned (-1: topic missing). */
    private Map<String, Integer> assignedTopicSizes = Map.of();
    private long nextMetadataCheckNanos;
    private final Set<TopicPartition> assignment = new LinkedHashSet<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** Partitions waiting for a ListOffsets: -2 earliest, -1 latest. */
    private final Map<TopicPartition, Long> resets = new HashMap<>();
    private final Set<Integer> fetchInFlight = new HashSet<>();
    private final LinkedBlockingQueue<CompletedFetch> completed = new LinkedBlockingQueue<>();
    private final ArrayDeque<Buffered<K, V>> buffered = new ArrayDeque<>();
    private long metadataBackoffUntil;
    private boolean closed;

    private record CompletedFetch(int node, Map<TopicPartition, Long> offsets, FetchResponse response, Throwable error) {
    }

    private static final class Buffered<K, V> {
        final TopicPartition tp;
        final List<ConsumerRecord<K, V>> records;
        final long nextOffset;
        int index;

        Buffered(TopicPartition tp, List<ConsumerRecord<K, V>> records, long nextOffset) {
            this.tp = tp;
            this.records = records;
            this.nextOffset = nextOffset;
        }
    }

    /** Creates a consumer from Kafka-named settings (see {@link ConsumerConfig}). */
    public SpoolConsumer(Map<?, ?> props, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.config = new ConsumerConfig(props);
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        TransportConfig tc = TransportConfig.defaults().withZeroCopy(false, Integer.MAX_VALUE, true)
                .withTimeouts(config.getInt(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS),
                        config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS))
                .withBuffers(-1, config.getInt(ConsumerConfig.RECEIVE_BUFFER));
        this.client = new NetworkClient(config.bootstrapServers(), tc, new ZeroCopyStats(),
                (String) config.get(ConsumerConfig.CLIENT_ID), config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS));
        this.parser = new FetchParser((boolean) config.get(ConsumerConfig.CHECK_CRCS));
        this.offsetReset = (String) config.get(ConsumerConfig.AUTO_OFFSET_RESET);
        this.groupId = (String) config.get(ConsumerConfig.GROUP_ID);
        this.autoCommit = groupId != null && (boolean) config.get(ConsumerConfig.ENABLE_AUTO_COMMIT);
    }

    private ConsumerCoordinator coordinator() {
        if (groupId == null) {
            throw new io.spool.config.ConfigException(ConsumerConfig.GROUP_ID, null,
                    "subscribe(), commits and committed() need a consumer group");
        }
        if (coordinator == null) {
            coordinator = new ConsumerCoordinator(client, new ConsumerCoordinator.Settings(groupId,
                    config.getInt(ConsumerConfig.SESSION_TIMEOUT_MS), config.getInt(ConsumerConfig.HEARTBEAT_INTERVAL_MS),
                    config.getInt(ConsumerConfig.MAX_POLL_INTERVAL_MS), config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS),
                    (long) config.get(ConsumerConfig.RETRY_BACKOFF_MS)));
        }
        return coordinator;
    }

    /** Replaces the assignment; positions of partitions kept stay, new ones start per auto.offset.reset. */
    public void assign(Collection<TopicPartition> partitions) {
        ensureOpen();
        if (subscription != null) {
            throw new IllegalStateException("assign() and subscribe() cannot be mixed: call unsubscribe() first");
        }
        setAssignment(partitions);
    }

    private void setAssignment(Collection<TopicPartition> partitions) {
        assignment.clear();
        assignment.addAll(partitions);
        positions.keySet().retainAll(assignment);
        resets.keySet().retainAll(assignment);
        buffered.removeIf(b -> !assignment.contains(b.tp));
        Set<String> topics = new HashSet<>();
        for (TopicPartition tp : assignment) {
            topics.add(tp.topic());
        }
        client.addTopics(topics);
    }

    /** The partitions assigned. */
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    /** Number of partitions of {@code topic} (fetching metadata; auto-creation off). */
    public int partitionCount(String topic) {
        ensureOpen();
        ClusterImage.TopicInfo t = client.refreshMetadata(List.of(topic), false).topic(topic);
        if (t == null) {
            ClusterImage.TopicInfo seen = client.image().topics().get(topic);
            throw new ApiException(seen == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : seen.error(), "topic " + topic);
        }
        return t.partitions().size();
    }

    /**
     * Joins group.id subscribed to {@code topics} (an empty collection unsubscribes); the partitions
     * arrive with the next poll(), which resumes each from its committed offset, else per
     * auto.offset.reset. Calling it again with other topics rebalances the group.
     */
    public void subscribe(Collection<String> topics) {
        ensureOpen();
        ConsumerCoordinator c = coordinator();
        if (subscription == null && !assignment.isEmpty()) {
            throw new IllegalStateException("subscribe() and assign() cannot be mixed: call unsubscribe() first");
        }
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("subscribe: topic names must not be empty: topics=" + topics);
            }
        }
        if (topics.isEmpty()) {
            unsubscribe();
            return;
        }
        List<String> sorted = List.copyOf(new TreeSet<>(topics));
        if (!sorted.equals(subscription)) {
            subscription = sorted;
            client.addTopics(sorted);
            c.requestRejoin();
        }
    }

    /** Not supported: subscribe to a list of topics instead. */
    public void subscribe(Pattern pattern) {
        throw new UnsupportedOperationException("subscribe(Pattern) is not implemented: pass the topic names to "
                + "subscribe(Collection)");
    }

    /** The subscribed topics (empty with assign() or before subscribe()). */
    public Set<String> subscription() {
        return subscription == null ? Set.of() : Set.copyOf(subscription);
    }

    /** Leaves the group (committing first with enable.auto.commit) and drops the assignment. */
    public void unsubscribe() {
        ensureOpen();
        if (subscription != null) {
            autoCommitBeforeLosing("unsubscribe");
            coordinator.leave("the consumer unsubscribed");
            subscription = null;
        }
        setAssignment(List.of());
    }

    /** Commits the current positions of every assigned partition, blocking up to default.api.timeout.ms. */
    public void commitSync() {
        commitSync(currentPositions());
    }

    /**
     * Commits {@code offsets} (the offset of the next record to read, per partition), blocking up to
     * default.api.timeout.ms and retrying retriable errors; throws {@link CommitFailedException} when
     * the group rebalanced meanwhile.
     */
    public void commitSync(Map<TopicPartition, Long> offsets) {
        ensureOpen();
        ConsumerCoordinator c = coordinator();
        if (!offsets.isEmpty()) {
            c.commitSync(offsets, subscription != null, config.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS));
        }
    }

    /** Commits the current positions without waiting; the future completes on a network thread. */
    public CompletableFuture<Void> commitAsync() {
        return commitAsync(currentPositions());
    }

    /** Commits {@code offsets} without waiting or retrying; the future completes on a network thread. */
    public CompletableFuture<Void> commitAsync(Map<TopicPartition, Long> offsets) {
        ensureOpen();
        ConsumerCoordinator c = coordinator();
        return offsets.isEmpty() ? CompletableFuture.completedFuture(null) : c.commit(offsets, subscription != null);
    }

    /** The group's committed offsets of {@code partitions}; a partition without one is absent. Blocks up to default.api.timeout.ms. */
    public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
        ensureOpen();
        return coordinator().fetchCommitted(partitions, config.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS));
    }

    private Map<TopicPartition, Long> currentPositions() {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (TopicPartition tp : assignment) {
            Long p = positions.get(tp);
            if (p != null) {
                out.put(tp, p);
            }
        }
        return out;
    }

    /** With enable.auto.commit, commits the positions before the partitions go away; failures only cause re-reads. */
    private void autoCommitBeforeLosing(String why) {
        if (!autoCommit || assignment.isEmpty()) {
            return;
        }
        try {
            coordinator.commitSync(currentPositions(), subscription != null, config.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS));
        } catch (RuntimeException e) {
            log.warn("group {}: commit before {} failed, the next owner re-reads from the last commit: {}", groupId, why, e.toString());
        }
    }

    /** Partition count of each subscribed topic from fresh metadata (-1 when missing), or null when metadata failed. */
    private Map<String, Integer> topicSizes() {
        try {
            ClusterImage image = client.refreshMetadata(subscription, false);
            Map<String, Integer> out = new HashMap<>();
            for (String t : subscription) {
                ClusterImage.TopicInfo info = image.topic(t);
                out.put(t, info == null || info.partitions().isEmpty() ? -1 : info.partitions().size());
            }
            return out;
        } catch (RuntimeException e) {
            log.debug("metadata for the subscription failed: {}", e.toString());
            return null;
        }
    }

    private void maybeAutoCommit() {
        if (!autoCommit || assignment.isEmpty() || System.nanoTime() - nextAutoCommitNanos < 0) {
            return;
        }
        nextAutoCommitNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getInt(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS));
        Map<TopicPartition, Long> offsets = currentPositions();
        if (!offsets.isEmpty()) {
            coordinator().commit(offsets, subscription != null).whenComplete((v, e) -> {
                if (e != null) {
                    log.debug("group {}: auto-commit failed: {}", groupId, e.toString());
                }
            });
        }
    }

    /** Eager rebalance: commit (with auto-commit), give up every partition, rejoin, take the new assignment. */
    private void maybeRebalance(long deadline) {
        ConsumerCoordinator c = coordinator;
        c.onPoll();
        if (!c.rejoinNeeded() && System.nanoTime() - nextMetadataCheckNanos >= 0) {
            nextMetadataCheckNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getInt(ConsumerConfig.METADATA_MAX_AGE_MS));
            Map<String, Integer> now = topicSizes();
            if (now != null && !now.equals(assignedTopicSizes)) {
                // a subscribed topic appeared, vanished or grew: the leader must assign again (Kafka does the same)
                log.info("group {}: partition counts changed from {} to {}, rebalancing", groupId, assignedTopicSizes, now);
                c.requestRejoin();
            }
        }
        if (!c.rejoinNeeded()) {
            return;
        }
        autoCommitBeforeLosing("the rebalance");
        setAssignment(List.of());
        List<TopicPartition> assigned = c.join(subscription, List.of(), deadline);
        if (assigned == null) {
            return; // coordinator unreachable until the poll deadline: the next poll tries again
        }
        setAssignment(assigned);
        Map<String, Integer> sizes = topicSizes();
        assignedTopicSizes = sizes == null ? Map.of() : sizes;
        nextMetadataCheckNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getInt(ConsumerConfig.METADATA_MAX_AGE_MS));
        nextAutoCommitNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getInt(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS));
    }

    /** The next poll() returns records of {@code tp} from {@code offset}. */
    public void seek(TopicPartition tp, long offset) {
        ensureAssigned(tp);
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must not be negative: offset=" + offset);
        }
        positions.put(tp, offset);
        resets.remove(tp);
        buffered.removeIf(b -> b.tp.equals(tp));
    }

    /** The next poll() starts each of {@code partitions} at its log start offset. */
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        resetPositions(partitions, ListOffsetsRequest.EARLIEST_TIMESTAMP);
    }

    /** The next poll() starts each of {@code partitions} at its high watermark. */
    public void seekToEnd(Collection<TopicPartition> partitions) {
        resetPositions(partitions, ListOffsetsRequest.LATEST_TIMESTAMP);
    }

    private void resetPositions(Collection<TopicPartition> partitions, long timestamp) {
        for (TopicPartition tp : partitions) {
            ensureAssigned(tp);
            positions.remove(tp);
            resets.put(tp, timestamp);
            buffered.removeIf(b -> b.tp.equals(tp));
        }
    }

    /** The offset of the next record poll() returns for {@code tp}; may look it up (default.api.timeout.ms). */
    public long position(TopicPartition tp) {
        ensureAssigned(tp);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS));
        while (!positions.containsKey(tp)) {
            updatePositions(deadline);
            if (!positions.containsKey(tp) && System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("position of " + tp + " not known within default.api.timeout.ms");
            }
        }
        return positions.get(tp);
    }

    /**
     * Returns fetched records, waiting up to {@code timeout} for some; an empty result after the
     * timeout is normal.
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        ensureOpen();
        if (assignment.isEmpty() && subscription == null) {
            throw new IllegalStateException("no partitions assigned and no subscription: call assign() or subscribe() first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (subscription != null) {
                maybeRebalance(deadline);
            }
            maybeAutoCommit();
            updatePositions(deadline);
            CompletedFetch f;
            while ((f = completed.poll()) != null) {
                handle(f);
            }
            if (!buffered.isEmpty()) {
                ConsumerRecords<K, V> out = drainBuffered();
                sendFetches();
                return out;
            }
            sendFetches();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                f = completed.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (f != null) {
                handle(f);
            }
        } while (System.nanoTime() - deadline < 0 || !buffered.isEmpty());
        return buffered.isEmpty() ? ConsumerRecords.empty() : drainBuffered();
    }

    private ConsumerRecords<K, V> drainBuffered() {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int budget = config.getInt(ConsumerConfig.MAX_POLL_RECORDS);
        while (budget > 0 && !buffered.isEmpty()) {
            Buffered<K, V> b = buffered.peekFirst();
            int n = Math.min(budget, b.records.size() - b.index);
            List<ConsumerRecord<K, V>> slice = b.records.subList(b.index, b.index + n);
            out.computeIfAbsent(b.tp, k -> new ArrayList<>()).addAll(slice);
            b.index += n;
            budget -= n;
            if (b.index == b.records.size()) {
                buffered.pollFirst();
                positions.put(b.tp, b.nextOffset);
            } else {
                positions.put(b.tp, b.records.get(b.index).offset());
            }
        }
        return new ConsumerRecords<>(out);
    }

    private void handle(CompletedFetch f) {
        fetchInFlight.remove(f.node);
        if (f.error != null) {
            log.debug("fetch from node {} failed: {}", f.node, f.error.toString());
            requestMetadata();
            return;
        }
        try {
            for (FetchResponse.FetchableTopicResponse t : f.response.responses) {
                for (FetchResponse.PartitionData p : t.partitions) {
                    TopicPartition tp = new TopicPartition(t.topic, p.partitionIndex);
                    Long sentOffset = f.offsets.get(tp);
                    Long position = positions.get(tp);
                    if (sentOffset == null || !sentOffset.equals(position) || !assignment.contains(tp)
                            || buffered.stream().anyMatch(b -> b.tp.equals(tp))) {
                        continue; // seeked or reassigned meanwhile
                    }
                    Errors e = Errors.forCode(p.errorCode);
                    if (e == Errors.OFFSET_OUT_OF_RANGE) {
                        if (offsetReset.equals("none")) {
                            throw new OffsetOutOfRangeException("offset " + position + " is out of range for " + tp
                                    + " and auto.offset.reset=none");
                        }
                        positions.remove(tp);
                        resets.put(tp, offsetReset.equals("earliest") ? ListOffsetsRequest.EARLIEST_TIMESTAMP
                                : ListOffsetsRequest.LATEST_TIMESTAMP);
                        continue;
                    }
                    if (e != Errors.NONE) {
                        requestMetadata();
                        continue;
                    }
                    if (!(p.records instanceof ByteBufRecords r) || r.sizeInBytes() == 0) {
                        continue;
                    }
                    List<ConsumerRecord<K, V>> out = new ArrayList<>();
                    long next = parser.parse(tp.topic(), tp.partition(), r.buffer().nioBuffer(), position,
                            keyDeserializer, valueDeserializer, out);
                    if (!out.isEmpty() || next > position) {
                        buffered.addLast(new Buffered<>(tp, out, next));
                    }
                }
            }
        } finally {
            f.response.release();
        }
    }

    private void sendFetches() {
        ClusterImage image = client.image();
        Map<Integer, Map<TopicPartition, Long>> byNode = new HashMap<>();
        Set<TopicPartition> hasBuffered = new HashSet<>();
        for (Buffered<K, V> b : buffered) {
            hasBuffered.add(b.tp);
        }
        boolean missingLeader = false;
        for (TopicPartition tp : assignment) {
            Long pos = positions.get(tp);
            if (pos == null || hasBuffered.contains(tp)) {
                continue;
            }
            int leader = image.leader(tp);
            if (leader < 0) {
                missingLeader = true;
                continue;
            }
            if (!fetchInFlight.contains(leader)) {
                byNode.computeIfAbsent(leader, k -> new LinkedHashMap<>()).put(tp, pos);
            }
        }
        if (missingLeader) {
            requestMetadata();
        }
        for (Map.Entry<Integer, Map<TopicPartition, Long>> e : byNode.entrySet()) {
            sendFetch(e.getKey(), e.getValue(), image);
        }
    }

    private void sendFetch(int node, Map<TopicPartition, Long> offsets, ClusterImage image) {
        KafkaConnection conn;
        try {
            conn = client.connection(node);
        } catch (IOException e) {
            log.debug("cannot connect to node {}: {}", node, e.toString());
            requestMetadata();
            return;
        }
        FetchRequest req = new FetchRequest();
        req.maxWaitMs = config.getInt(ConsumerConfig.FETCH_MAX_WAIT_MS);
        req.minBytes = config.getInt(ConsumerConfig.FETCH_MIN_BYTES);
        req.maxBytes = config.getInt(ConsumerConfig.FETCH_MAX_BYTES);
        req.isolationLevel = 0;
        req.sessionId = 0;
        req.sessionEpoch = -1; // no incremental fetch session: every request is a full one
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            FetchRequest.FetchPartition p = new FetchRequest.FetchPartition();
            p.partition = e.getKey().partition();
            p.fetchOffset = e.getValue();
            p.currentLeaderEpoch = image.leaderEpoch(e.getKey());
            p.partitionMaxBytes = config.getInt(ConsumerConfig.MAX_PARTITION_FETCH_BYTES);
            byTopic.computeIfAbsent(e.getKey().topic(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<FetchRequest.FetchPartition>> e : byTopic.entrySet()) {
            req.topics.add(new FetchRequest.FetchTopic(e.getKey(), e.getValue()));
        }
        fetchInFlight.add(node);
        CompletableFuture<FetchResponse> f = conn.send(req, ApiKeys.FETCH, conn.version(ApiKeys.FETCH), null, FetchResponse::read);
        f.whenComplete((resp, err) -> completed.add(new CompletedFetch(node, offsets, resp, err)));
    }

    private void updatePositions(long deadline) {
        if (groupId != null) {
            List<TopicPartition> unknown = new ArrayList<>();
            for (TopicPartition tp : assignment) {
                if (!positions.containsKey(tp) && !resets.containsKey(tp)) {
                    unknown.add(tp);
                }
            }
            if (!unknown.isEmpty()) {
                // a group member resumes where the group committed; auto.offset.reset only for the rest
                positions.putAll(coordinator().fetchCommitted(unknown, config.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS)));
            }
        }
        for (TopicPartition tp : assignment) {
            if (!positions.containsKey(tp) && !resets.containsKey(tp)) {
                if (offsetReset.equals("none")) {
                    throw new IllegalStateException("no position for " + tp + " and auto.offset.reset=none: call seek()");
                }
                resets.put(tp, offsetReset.equals("earliest") ? ListOffsetsRequest.EARLIEST_TIMESTAMP
                        : ListOffsetsRequest.LATEST_TIMESTAMP);
            }
        }
        if (resets.isEmpty()) {
            return;
        }
        ClusterImage image = client.image();
        Map<Integer, List<TopicPartition>> byNode = new HashMap<>();
        for (TopicPartition tp : resets.keySet()) {
            int leader = image.leader(tp);
            if (leader < 0) {
                requestMetadata();
                image = client.image();
                leader = image.leader(tp);
            }
            if (leader >= 0) {
                byNode.computeIfAbsent(leader, k -> new ArrayList<>()).add(tp);
            }
        }
        for (Map.Entry<Integer, List<TopicPartition>> e : byNode.entrySet()) {
            try {
                KafkaConnection conn = client.connection(e.getKey());
                ListOffsetsRequest req = new ListOffsetsRequest();
                Map<String, List<ListOffsetsRequest.Partition>> byTopic = new LinkedHashMap<>();
                for (TopicPartition tp : e.getValue()) {
                    byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                            .add(new ListOffsetsRequest.Partition(tp.partition(), image.leaderEpoch(tp), resets.get(tp)));
                }
                byTopic.forEach((t, ps) -> req.topics.add(new ListOffsetsRequest.Topic(t, ps)));
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                ListOffsetsResponse resp = conn.send(req, ApiKeys.LIST_OFFSETS, conn.version(ApiKeys.LIST_OFFSETS), null,
                        ListOffsetsResponse::read).get(Math.min(left, config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS)),
                        TimeUnit.MILLISECONDS);
                for (ListOffsetsResponse.Topic t : resp.topics) {
                    for (ListOffsetsResponse.Partition p : t.partitions()) {
                        TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                        if (p.errorCode() == 0 && resets.containsKey(tp)) {
                            resets.remove(tp);
                            positions.put(tp, p.offset());
                        } else if (p.errorCode() != 0) {
                            requestMetadata();
                        }
                    }
                }
            } catch (java.util.concurrent.TimeoutException ex) {
                return;
            } catch (Exception ex) {
                log.debug("ListOffsets to node {} failed: {}", e.getKey(), ex.toString());
                requestMetadata();
            }
        }
    }

    private void requestMetadata() {
        long now = System.nanoTime();
        if (now - metadataBackoffUntil < 0) {
            return;
        }
        metadataBackoffUntil = now + TimeUnit.MILLISECONDS.toNanos((long) config.get(ConsumerConfig.RETRY_BACKOFF_MS));
        try {
            client.refreshMetadata(List.of(), false);
        } catch (RuntimeException e) {
            log.debug("metadata refresh failed: {}", e.toString());
        }
    }

    private void ensureAssigned(TopicPartition tp) {
        ensureOpen();
        if (!assignment.contains(tp)) {
            throw new IllegalStateException("partition " + tp + " is not assigned to this consumer");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("consumer is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (coordinator != null) {
            autoCommitBeforeLosing("close");
            if (subscription != null) {
                coordinator.leave("the consumer is closing");
            }
            coordinator.close();
        }
        closed = true;
        client.close();
        CompletedFetch f;
        while ((f = completed.poll()) != null) {
            if (f.response != null) {
                f.response.release();
            }
        }
    }
}
