package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import io.spool.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets of the groups a {@link GroupCoordinator} serves: OffsetCommit, OffsetFetch, OffsetDelete and
 * expiry after {@code offsets.retention.minutes}. A commit is acknowledged, and the cache updated, only once its
 * records are appended. Like Kafka, a commit is checked against the metadata (the partition must exist), never
 * against the log end: the coordinator is not the partition's leader, and a consumer whose committed offset is out
 * of range falls back to {@code auto.offset.reset}. Thread-safe, non-blocking.
 */
public final class OffsetCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCoordinator.class);

    private final GroupCoordinator groups;
    /** (topic, partition) exists in the current metadata image. */
    private final BiPredicate<String, Integer> partitionExists;
    private volatile DelayTimer.Cancellable expiryTask;
    private volatile boolean stopped;

    /** A commit of one partition as the client sent it; {@code metadata} null means "". */
    public record CommitEntry(long offset, int leaderEpoch, String metadata) {
    }

    /** OffsetFetch's answer: a top-level error, and per partition the offset or null when none is committed. */
    public record FetchResult(Errors error, Map<TopicPartitionKey, OffsetAndMetadata> offsets) {
    }

    /** OffsetDelete's answer. */
    public record DeleteResult(Errors error, Map<TopicPartitionKey, Errors> partitions) {
    }

    OffsetCoordinator(GroupCoordinator groups, BiPredicate<String, Integer> partitionExists) {
        this.groups = groups;
        this.partitionExists = partitionExists;
    }

    /**
     * Commits offsets for a member of generation {@code generationId}, or, with generation -1 and member "", for a
     * group that does not use the coordinator's membership (simple consumers, admin tools). Returns one error per
     * partition, in request order.
     */
    public Map<TopicPartitionKey, Errors> commitOffsets(String groupId, String memberId, String groupInstanceId,
                                                         int generationId, Map<TopicPartitionKey, CommitEntry> commits) {
        Errors err = groups.checkCoordinator(groupId);
        if (err != Errors.NONE) {
            return all(commits.keySet(), err);
        }
        ClassicGroup g = groups.groups.get(groupId);
        if (g == null) {
            if (generationId >= 0) {
                // a member of a generation this coordinator never saw (it was deleted, or this is a stale member)
                return all(commits.keySet(), Errors.ILLEGAL_GENERATION);
            }
            g = groups.groups.computeIfAbsent(groupId,
                    id -> new ClassicGroup(id, groups.partitions.partitionFor(id), groups.now()));
        }
        synchronized (g) {
            Errors e = validateCommit(g, memberId, groupInstanceId, generationId);
            if (e != Errors.NONE) {
                return all(commits.keySet(), e);
            }
            long now = groups.now();
            Map<TopicPartitionKey, Errors> result = new LinkedHashMap<>();
            Map<TopicPartitionKey, OffsetAndMetadata> valid = new LinkedHashMap<>();
            for (Map.Entry<TopicPartitionKey, CommitEntry> c : commits.entrySet()) {
                TopicPartitionKey tp = c.getKey();
                String metadata = c.getValue().metadata() == null ? "" : c.getValue().metadata();
                if (!partitionExists.test(tp.topic(), tp.partition())) {
                    result.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else if (metadata.length() > groups.config.offsetMetadataMaxBytes()) {
                    result.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                } else if (c.getValue().offset() < 0) {
                    result.put(tp, Errors.INVALID_REQUEST);
                } else {
                    result.put(tp, Errors.NONE);
                    valid.put(tp, new OffsetAndMetadata(c.getValue().offset(), c.getValue().leaderEpoch(), metadata, now));
                }
            }
            if (!valid.isEmpty()) {
                Errors stored = groups.store.storeOffsets(g, valid);
                if (stored == Errors.NONE) {
                    g.offsets.putAll(valid);
                } else {
                    valid.keySet().forEach(tp -> result.put(tp, stored));
                }
            }
            GroupMember m = g.members.get(memberId);
            if (m != null) {
                m.lastHeartbeatMs = now;
            }
            return result;
        }
    }

    private static Errors validateCommit(ClassicGroup g, String memberId, String groupInstanceId, int generationId) {
        if (g.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generationId < 0 && g.is(GroupState.EMPTY)) {
            return Errors.NONE;
        }
        Errors e = GroupCoordinator.validateMember(g, memberId, groupInstanceId);
        if (e != Errors.NONE) {
            return e;
        }
        if (generationId != g.generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (g.is(GroupState.COMPLETING_REBALANCE)) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return Errors.NONE;
    }

    /** The committed offsets of {@code partitions}, or of every partition the group has when it is null. */
    public FetchResult fetchOffsets(String groupId, Collection<TopicPartitionKey> partitions) {
        Errors err = groups.checkCoordinator(groupId);
        if (err != Errors.NONE) {
            return new FetchResult(err, Map.of());
        }
        Map<TopicPartitionKey, OffsetAndMetadata> out = new LinkedHashMap<>();
        ClassicGroup g = groups.groups.get(groupId);
        if (g == null) {
            if (partitions != null) {
                partitions.forEach(tp -> out.put(tp, null));
            }
            return new FetchResult(Errors.NONE, out);
        }
        synchronized (g) {
            if (partitions == null) {
                out.putAll(g.offsets);
            } else {
                for (TopicPartitionKey tp : partitions) {
                    out.put(tp, g.offsets.get(tp));
                }
            }
        }
        return new FetchResult(Errors.NONE, out);
    }

    /**
     * Deletes committed offsets of topics the group no longer consumes: GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP
     * (a non-consumer group with members), or per partition GROUP_SUBSCRIBED_TO_TOPIC.
     */
    public DeleteResult deleteOffsets(String groupId, Collection<TopicPartitionKey> partitions) {
        GroupCoordinator.Lookup l = groups.lookup(groupId, Errors.GROUP_ID_NOT_FOUND);
        if (l.group() == null) {
            return new DeleteResult(l.error(), Map.of());
        }
        ClassicGroup g = l.group();
        synchronized (g) {
            if (g.is(GroupState.DEAD)) {
                return new DeleteResult(Errors.GROUP_ID_NOT_FOUND, Map.of());
            }
            Set<String> subscribed = Set.of();
            if (!g.is(GroupState.EMPTY)) {
                if (!ConsumerSubscription.CONSUMER_PROTOCOL_TYPE.equals(g.protocolType)) {
                    return new DeleteResult(Errors.NON_EMPTY_GROUP, Map.of());
                }
                subscribed = ConsumerSubscription.subscribedTopics(g);
            }
            Map<TopicPartitionKey, Errors> result = new LinkedHashMap<>();
            List<TopicPartitionKey> delete = new ArrayList<>();
            for (TopicPartitionKey tp : partitions) {
                // a group whose subscriptions we cannot read is treated as consuming everything
                if (subscribed == null || subscribed.contains(tp.topic())) {
                    result.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    result.put(tp, Errors.NONE);
                    if (g.offsets.containsKey(tp)) {
                        delete.add(tp);
                    }
                }
            }
            if (!delete.isEmpty()) {
                Errors stored = groups.store.deleteOffsets(g, delete);
                if (stored != Errors.NONE) {
                    return new DeleteResult(stored, Map.of());
                }
                delete.forEach(g.offsets::remove);
            }
            return new DeleteResult(Errors.NONE, result);
        }
    }

    /** Starts the periodic expiry check ({@code offsets.retention.check.interval.ms}). */
    void startExpiry() {
        expiryTask = groups.timer.schedule(this::expiryTick, groups.config.offsetsRetentionCheckIntervalMs());
    }

    void stopExpiry() {
        stopped = true;
        DelayTimer.Cancellable t = expiryTask;
        if (t != null) {
            t.cancel();
        }
    }

    private void expiryTick() {
        if (stopped) {
            return;
        }
        try {
            expireOffsets();
        } catch (RuntimeException e) {
            LOG.error("offset expiry failed", e);
        }
        startExpiry();
    }

    /**
     * Removes offsets older than {@code offsets.retention.minutes}, with Kafka's rule for the starting point: for a
     * group with members' protocol, the moment it became empty (or, while stable, the commit time of topics no
     * longer subscribed); for standalone commits, the commit time. Offsets of partitions that no longer exist go at
     * once. Empty groups left without offsets are deleted.
     * Returns the number of offsets removed.
     */
    public int expireOffsets() {
        long now = groups.now();
        long retention = groups.config.offsetsRetentionMs();
        int removed = 0;
        for (ClassicGroup g : groups.groups.values()) {
            synchronized (g) {
                if (g.is(GroupState.DEAD) || groups.partitions.status(g.partition) != Errors.NONE) {
                    continue;
                }
                Set<TopicPartitionKey> expired = new java.util.LinkedHashSet<>();
                for (TopicPartitionKey tp : g.offsets.keySet()) {
                    // the topic was deleted (or shrank): its offsets must not apply to a topic created again later
                    if (!partitionExists.test(tp.topic(), tp.partition())) {
                        expired.add(tp);
                    }
                }
                if (g.protocolType == null || g.is(GroupState.EMPTY)) {
                    for (Map.Entry<TopicPartitionKey, OffsetAndMetadata> e : g.offsets.entrySet()) {
                        long base = g.protocolType == null ? e.getValue().commitTimestampMs() : g.stateTimestampMs;
                        if (now - base >= retention) {
                            expired.add(e.getKey());
                        }
                    }
                } else if (g.is(GroupState.STABLE)) {
                    Set<String> subscribed = ConsumerSubscription.subscribedTopics(g);
                    if (subscribed != null) {
                        for (Map.Entry<TopicPartitionKey, OffsetAndMetadata> e : g.offsets.entrySet()) {
                            if (!subscribed.contains(e.getKey().topic())
                                    && now - e.getValue().commitTimestampMs() >= retention) {
                                expired.add(e.getKey());
                            }
                        }
                    }
                }
                if (!expired.isEmpty()) {
                    if (groups.store.deleteOffsets(g, expired) != Errors.NONE) {
                        continue;
                    }
                    expired.forEach(g.offsets::remove);
                    removed += expired.size();
                    LOG.info("offsets expired: group={}, partitions={}", g.groupId, expired.size());
                }
                if (g.is(GroupState.EMPTY) && g.offsets.isEmpty() && g.pendingMembers.isEmpty()
                        && groups.store.deleteGroup(g, List.of()) == Errors.NONE) {
                    g.transition(GroupState.DEAD, now);
                    groups.groups.remove(g.groupId, g);
                }
            }
        }
        return removed;
    }

    private static Map<TopicPartitionKey, Errors> all(Collection<TopicPartitionKey> keys, Errors e) {
        Map<TopicPartitionKey, Errors> m = new LinkedHashMap<>();
        keys.forEach(k -> m.put(k, e));
        return m;
    }
}
