package io.spool.client.group;

import io.spool.client.ApiException;
import io.spool.client.CommitFailedException;
import io.spool.client.NetworkException;
import io.spool.client.TimeoutException;
import io.spool.client.TopicPartition;
import io.spool.client.internals.ClusterImage;
import io.spool.client.internals.KafkaConnection;
import io.spool.client.internals.NetworkClient;
import io.spool.client.internals.ResponseDecoder;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.FindCoordinatorRequest;
import io.spool.protocol.message.FindCoordinatorResponse;
import io.spool.protocol.message.HeartbeatRequest;
import io.spool.protocol.message.HeartbeatResponse;
import io.spool.protocol.message.JoinGroupRequest;
import io.spool.protocol.message.JoinGroupResponse;
import io.spool.protocol.message.LeaveGroupRequest;
import io.spool.protocol.message.LeaveGroupResponse;
import io.spool.protocol.message.OffsetCommitRequest;
import io.spool.protocol.message.OffsetCommitResponse;
import io.spool.protocol.message.OffsetFetchRequest;
import io.spool.protocol.message.OffsetFetchResponse;
import io.spool.protocol.message.SyncGroupRequest;
import io.spool.protocol.message.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's membership in a classic Kafka group: finds the coordinator, joins and syncs with
 * the "consumer" protocol type and the range assignor (the leader assigns), heartbeats from a
 * daemon thread of its own, commits and fetches offsets, leaves on close.
 *
 * <p>{@link #join}, {@link #commitSync} and {@link #fetchCommitted} block the calling thread (the
 * consumer's); the heartbeat thread only flags that a rejoin is needed, and leaves the group when
 * the application has not polled within {@code max.poll.interval.ms}, as kafka-clients does.
 */
public final class ConsumerCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerCoordinator.class);

    /** Settings, in milliseconds, by their Kafka names. */
    public record Settings(String groupId, int sessionTimeoutMs, int heartbeatIntervalMs, int maxPollIntervalMs,
                           int requestTimeoutMs, long retryBackoffMs) {
    }

    /** The member id and generation the group gave this member; {@link #NONE} before the first join. */
    public record Generation(String memberId, int generationId) {
        public static final Generation NONE = new Generation("", -1);
    }

    private final NetworkClient client;
    private final Settings settings;
    private final Object coordinatorLock = new Object();
    private KafkaConnection coordinator;
    private int coordinatorConnectionId;
    private volatile Generation generation = Generation.NONE;
    private volatile boolean rejoinNeeded = true;
    /** A stable member: heartbeats go out. False while the application thread (re)joins. */
    private volatile boolean joined;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile long lastHeartbeatNanos;
    private volatile boolean closed;
    private final Thread heartbeatThread;
    private final Object wakeup = new Object();

    /** Starts the heartbeat thread (idle until the first join). */
    public ConsumerCoordinator(NetworkClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.heartbeatThread = Thread.ofPlatform().daemon().name("spool-heartbeat-" + settings.groupId())
                .unstarted(this::heartbeatLoop);
        heartbeatThread.start();
    }

    /** The member id and generation of the last successful join. */
    public Generation generation() {
        return generation;
    }

    /** Whether the group rebalances (or this member was removed) and {@link #join} must run. */
    public boolean rejoinNeeded() {
        return rejoinNeeded;
    }

    /** Asks for a rejoin at the next poll (the subscription changed). */
    public void requestRejoin() {
        rejoinNeeded = true;
    }

    /** Records that the application polled: resets the max.poll.interval.ms clock. */
    public void onPoll() {
        lastPollNanos = System.nanoTime();
    }

    /**
     * Joins (or rejoins) the group subscribed to {@code topics} and returns this member's partitions,
     * or null when the coordinator could not be reached or the join kept failing until
     * {@code giveUpNanos} (System.nanoTime; call again later). Once a JoinGroup is accepted it waits
     * for the rebalance to complete: up to max.poll.interval.ms while the other members rejoin.
     */
    public List<TopicPartition> join(List<String> topics, List<TopicPartition> owned, long giveUpNanos) {
        joined = false;
        byte[] subscription = ConsumerProtocol.encodeSubscription(topics, owned);
        long joinTimeoutMs = (long) settings.maxPollIntervalMs() + settings.requestTimeoutMs();
        boolean attempted = false;
        while (true) {
            ensureOpen();
            if (attempted && System.nanoTime() - giveUpNanos >= 0) {
                return null;
            }
            attempted = true;
            Generation g = generation;
            JoinGroupRequest req = new JoinGroupRequest();
            req.groupId = settings.groupId();
            req.sessionTimeoutMs = settings.sessionTimeoutMs();
            req.rebalanceTimeoutMs = settings.maxPollIntervalMs();
            req.memberId = g.memberId();
            req.protocolType = ConsumerProtocol.PROTOCOL_TYPE;
            req.protocols = List.of(new JoinGroupRequest.JoinGroupRequestProtocol(RangeAssignor.NAME, subscription));
            req.reason = "spool consumer (re)joining";
            JoinGroupResponse jr;
            try {
                // finding the coordinator is bounded by the caller's patience, the JoinGroup itself is not
                KafkaConnection conn = coordinator(Math.max(giveUpNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));
                jr = await(conn.send(req, ApiKeys.JOIN_GROUP, conn.version(ApiKeys.JOIN_GROUP), null, JoinGroupResponse::read),
                        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(joinTimeoutMs), "JoinGroup");
            } catch (NetworkException | TimeoutException e) {
                log.debug("JoinGroup of group {} failed: {}", settings.groupId(), e.toString());
                backoff();
                continue;
            }
            Errors je = Errors.forCode(jr.errorCode);
            if (je != Errors.NONE) {
                if (je == Errors.MEMBER_ID_REQUIRED) {
                    generation = new Generation(jr.memberId, -1);
                } else if (!retryJoinAfter(je, "JoinGroup")) {
                    throw new ApiException(je, "JoinGroup of group " + settings.groupId() + " as member " + g.memberId());
                }
                continue;
            }
            generation = new Generation(jr.memberId, jr.generationId);
            SyncGroupRequest sync = new SyncGroupRequest();
            sync.groupId = settings.groupId();
            sync.generationId = jr.generationId;
            sync.memberId = jr.memberId;
            sync.protocolType = ConsumerProtocol.PROTOCOL_TYPE;
            sync.protocolName = jr.protocolName;
            if (jr.memberId.equals(jr.leader) && !jr.skipAssignment) {
                sync.assignments = assignAsLeader(jr);
            }
            SyncGroupResponse sr;
            try {
                sr = call(sync, ApiKeys.SYNC_GROUP, SyncGroupResponse::read, joinTimeoutMs);
            } catch (NetworkException | TimeoutException e) {
                log.debug("SyncGroup of group {} failed: {}", settings.groupId(), e.toString());
                backoff();
                continue;
            }
            Errors se = Errors.forCode(sr.errorCode);
            if (se != Errors.NONE) {
                if (!retryJoinAfter(se, "SyncGroup")) {
                    throw new ApiException(se, "SyncGroup of group " + settings.groupId() + " as member " + jr.memberId);
                }
                continue;
            }
            List<TopicPartition> assigned = ConsumerProtocol.decodeAssignment(sr.assignment);
            log.info("group {} generation {} member {}: assigned {}", settings.groupId(), jr.generationId, jr.memberId, assigned);
            rejoinNeeded = false;
            lastHeartbeatNanos = System.nanoTime();
            lastPollNanos = lastHeartbeatNanos;
            joined = true;
            return assigned;
        }
    }

    /** Handles a join/sync error: true when the loop should retry, false when it is fatal. */
    private boolean retryJoinAfter(Errors e, String api) {
        switch (e) {
            case UNKNOWN_MEMBER_ID -> generation = Generation.NONE;
            case ILLEGAL_GENERATION -> generation = new Generation(generation.memberId(), -1);
            case REBALANCE_IN_PROGRESS -> {
                // another round started while we synced: join again at once
            }
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> {
                markCoordinatorDead();
                backoff();
            }
            case COORDINATOR_LOAD_IN_PROGRESS -> backoff();
            default -> {
                return false;
            }
        }
        log.debug("{} of group {}: {}, retrying", api, settings.groupId(), e);
        return true;
    }

    private List<SyncGroupRequest.SyncGroupRequestAssignment> assignAsLeader(JoinGroupResponse jr) {
        Map<String, List<String>> subscriptions = new LinkedHashMap<>();
        Set<String> topics = new HashSet<>();
        for (JoinGroupResponse.JoinGroupResponseMember m : jr.members) {
            List<String> t;
            try {
                t = ConsumerProtocol.decodeSubscription(m.metadata()).topics();
            } catch (IllegalArgumentException e) {
                log.warn("group {}: member {} sent an unreadable subscription ({}); it gets no partitions",
                        settings.groupId(), m.memberId(), e.getMessage());
                t = List.of();
            }
            subscriptions.put(m.memberId(), t);
            topics.addAll(t);
        }
        ClusterImage image = client.refreshMetadata(topics, false);
        Map<String, List<TopicPartition>> plan = RangeAssignor.assign(subscriptions, topic -> {
            ClusterImage.TopicInfo info = image.topic(topic);
            return info == null ? -1 : info.partitions().size();
        });
        List<SyncGroupRequest.SyncGroupRequestAssignment> out = new ArrayList<>();
        plan.forEach((member, parts) -> out.add(new SyncGroupRequest.SyncGroupRequestAssignment(member,
                ConsumerProtocol.encodeAssignment(parts))));
        log.debug("group {} leader plan: {}", settings.groupId(), plan);
        return out;
    }

    /** Sends LeaveGroup for the current member (best effort, up to request.timeout.ms) and forgets the generation. */
    public void leave(String reason) {
        Generation g = generation;
        joined = false;
        rejoinNeeded = true;
        generation = Generation.NONE;
        if (g.memberId().isEmpty()) {
            return;
        }
        LeaveGroupRequest req = new LeaveGroupRequest();
        req.groupId = settings.groupId();
        req.memberId = g.memberId();
        req.members = List.of(new LeaveGroupRequest.MemberIdentity(g.memberId(), null, reason));
        try {
            LeaveGroupResponse r = call(req, ApiKeys.LEAVE_GROUP, LeaveGroupResponse::read, settings.requestTimeoutMs());
            log.info("group {}: member {} left ({}): {}", settings.groupId(), g.memberId(), reason, Errors.forCode(r.errorCode));
        } catch (RuntimeException e) {
            log.debug("LeaveGroup of group {} failed: {}", settings.groupId(), e.toString());
        }
    }

    /**
     * Commits {@code offsets} (the next offset to read per partition) as the current member, or
     * with generation -1 when {@code asMember} is false (a consumer using assign()). Fails with
     * {@link CommitFailedException} when the group has moved on, else {@link ApiException}.
     */
    public CompletableFuture<Void> commit(Map<TopicPartition, Long> offsets, boolean asMember) {
        Generation g = asMember ? generation : Generation.NONE;
        if (asMember && (!joined || g.generationId() < 0)) {
            return CompletableFuture.failedFuture(new CommitFailedException(Errors.REBALANCE_IN_PROGRESS,
                    "group " + settings.groupId() + " is rebalancing; commit after the next poll()"));
        }
        OffsetCommitRequest req = new OffsetCommitRequest();
        req.groupId = settings.groupId();
        req.generationIdOrMemberEpoch = g.generationId();
        req.memberId = g.memberId();
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, off) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                .add(new OffsetCommitRequest.Partition(tp.partition(), off, -1, "")));
        byTopic.forEach((t, ps) -> req.topics.add(new OffsetCommitRequest.Topic(t, ps)));
        CompletableFuture<OffsetCommitResponse> f;
        try {
            KafkaConnection c = coordinator(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs()));
            f = c.send(req, ApiKeys.OFFSET_COMMIT, c.version(ApiKeys.OFFSET_COMMIT), null, OffsetCommitResponse::read);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return f.thenApply(resp -> {
            for (OffsetCommitResponse.Topic t : resp.topics) {
                for (OffsetCommitResponse.Partition p : t.partitions()) {
                    Errors e = Errors.forCode(p.errorCode());
                    if (e == Errors.NONE) {
                        continue;
                    }
                    String what = "commit of " + t.name() + "-" + p.partitionIndex() + " in group " + settings.groupId();
                    switch (e) {
                        case REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID -> {
                            rejoinNeeded = true;
                            throw new CommitFailedException(e, what + ": the group rebalanced, member " + g.memberId()
                                    + " generation " + g.generationId() + " is stale");
                        }
                        case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> {
                            markCoordinatorDead();
                            throw new ApiException(e, what);
                        }
                        default -> throw new ApiException(e, what);
                    }
                }
            }
            return (Void) null;
        }).whenComplete((v, err) -> {
            if (err != null && unwrap(err) instanceof NetworkException) {
                markCoordinatorDead();
            }
        });
    }

    /** {@link #commit} retried on retriable errors until {@code timeoutMs} has passed. */
    public void commitSync(Map<TopicPartition, Long> offsets, boolean asMember, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                await(commit(offsets, asMember), deadline, "OffsetCommit");
                return;
            } catch (ApiException e) {
                if (e instanceof CommitFailedException || !e.retriable()) {
                    throw e;
                }
                retryOrThrow(deadline, e, "commitSync");
            } catch (NetworkException e) {
                retryOrThrow(deadline, e, "commitSync");
            }
        }
    }

    /** The committed offsets of {@code partitions}; partitions without one are absent. Blocks up to {@code timeoutMs}. */
    public Map<TopicPartition, Long> fetchCommitted(Collection<TopicPartition> partitions, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
        }
        while (true) {
            try {
                KafkaConnection c = coordinator(deadline);
                short version = (short) Math.min(c.version(ApiKeys.OFFSET_FETCH), 7); // v8+ batches groups
                OffsetFetchRequest req = new OffsetFetchRequest();
                req.groupId = settings.groupId();
                byTopic.forEach((t, ps) -> req.topics.add(new OffsetFetchRequest.Topic(t,
                        ps.stream().mapToInt(Integer::intValue).toArray())));
                OffsetFetchResponse resp = await(c.send(req, ApiKeys.OFFSET_FETCH, version, null, OffsetFetchResponse::read),
                        deadline, "OffsetFetch");
                Errors top = Errors.forCode(resp.errorCode);
                if (top != Errors.NONE) {
                    throw groupError(top, "OffsetFetch of group " + settings.groupId());
                }
                Map<TopicPartition, Long> out = new HashMap<>();
                for (OffsetFetchResponse.Topic t : resp.topics) {
                    for (OffsetFetchResponse.Partition p : t.partitions()) {
                        Errors e = Errors.forCode(p.errorCode());
                        if (e != Errors.NONE) {
                            throw groupError(e, "OffsetFetch of " + t.name() + "-" + p.partitionIndex() + " in group " + settings.groupId());
                        }
                        if (p.committedOffset() >= 0) {
                            out.put(new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset());
                        }
                    }
                }
                return out;
            } catch (ApiException e) {
                if (!e.retriable()) {
                    throw e;
                }
                retryOrThrow(deadline, e, "fetching committed offsets");
            } catch (NetworkException e) {
                retryOrThrow(deadline, e, "fetching committed offsets");
            }
        }
    }

    private ApiException groupError(Errors e, String what) {
        if (e == Errors.COORDINATOR_NOT_AVAILABLE || e == Errors.NOT_COORDINATOR) {
            markCoordinatorDead();
        }
        return new ApiException(e, what);
    }

    private void retryOrThrow(long deadline, RuntimeException cause, String what) {
        if (System.nanoTime() - deadline >= 0) {
            throw new TimeoutException(what + " for group " + settings.groupId() + " did not succeed in time: " + cause.getMessage());
        }
        backoff();
    }

    private void heartbeatLoop() {
        while (!closed) {
            long waitMs = Math.max(1, Math.min(settings.heartbeatIntervalMs(), 100));
            synchronized (wakeup) {
                try {
                    wakeup.wait(waitMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (closed || !joined) {
                continue;
            }
            long now = System.nanoTime();
            if (now - lastPollNanos > TimeUnit.MILLISECONDS.toNanos(settings.maxPollIntervalMs())) {
                log.warn("group {}: poll() not called within max.poll.interval.ms={}; leaving the group so that its "
                        + "partitions move to other members", settings.groupId(), settings.maxPollIntervalMs());
                leave("consumer poll timeout has expired");
                continue;
            }
            if (now - lastHeartbeatNanos < TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs())) {
                continue;
            }
            lastHeartbeatNanos = now;
            heartbeat();
        }
    }

    private void heartbeat() {
        Generation g = generation;
        HeartbeatRequest req = new HeartbeatRequest();
        req.groupId = settings.groupId();
        req.generationId = g.generationId();
        req.memberId = g.memberId();
        HeartbeatResponse resp;
        try {
            resp = call(req, ApiKeys.HEARTBEAT, HeartbeatResponse::read, settings.requestTimeoutMs());
        } catch (RuntimeException e) {
            log.debug("heartbeat of group {} failed: {}", settings.groupId(), e.toString());
            return;
        }
        Errors e = Errors.forCode(resp.errorCode);
        if (g != generation) {
            return; // a rejoin happened meanwhile: this answer is about an old generation
        }
        switch (e) {
            case NONE -> {
            }
            case REBALANCE_IN_PROGRESS -> rejoinNeeded = true; // keep heartbeating until the application rejoins
            case UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID -> {
                generation = Generation.NONE;
                joined = false;
                rejoinNeeded = true;
            }
            case ILLEGAL_GENERATION -> {
                generation = new Generation(g.memberId(), -1);
                joined = false;
                rejoinNeeded = true;
            }
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> markCoordinatorDead();
            default -> log.warn("heartbeat of group {}: {}", settings.groupId(), e);
        }
    }

    private <T> T call(ApiMessage req, ApiKeys key, ResponseDecoder<T> decoder, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        KafkaConnection c = coordinator(deadline);
        return await(c.send(req, key, c.version(key), null, decoder), deadline, key.apiName);
    }

    private <T> T await(CompletableFuture<T> f, long deadline, String what) {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted during " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof NetworkException) {
                markCoordinatorDead();
            }
            throw cause instanceof RuntimeException r ? r : new NetworkException(what + " failed: " + cause, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            markCoordinatorDead(); // responses come in order: a stuck request blocks the connection
            throw new TimeoutException(what + " to the coordinator of group " + settings.groupId() + " timed out");
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The coordinator's connection, looking it up with FindCoordinator when unknown. */
    private KafkaConnection coordinator(long deadline) {
        synchronized (coordinatorLock) {
            while (true) {
                ensureOpen();
                if (coordinator != null && !coordinator.isClosed()) {
                    return coordinator;
                }
                try {
                    KafkaConnection any = client.anyConnection();
                    short version = any.version(ApiKeys.FIND_COORDINATOR);
                    FindCoordinatorRequest req = new FindCoordinatorRequest();
                    req.key = settings.groupId();
                    req.keyType = FindCoordinatorRequest.KEY_TYPE_GROUP;
                    req.coordinatorKeys = List.of(settings.groupId());
                    FindCoordinatorResponse resp = any.send(req, ApiKeys.FIND_COORDINATOR, version, null,
                            FindCoordinatorResponse::read).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    short error = resp.errorCode;
                    int node = resp.nodeId;
                    String host = resp.host;
                    int port = resp.port;
                    if (version >= 4) {
                        FindCoordinatorResponse.Coordinator k = resp.coordinators.isEmpty() ? null : resp.coordinators.get(0);
                        error = k == null ? Errors.COORDINATOR_NOT_AVAILABLE.code : k.errorCode();
                        node = k == null ? -1 : k.nodeId();
                        host = k == null ? "" : k.host();
                        port = k == null ? 0 : k.port();
                    }
                    Errors e = Errors.forCode(error);
                    if (e == Errors.NONE) {
                        coordinatorConnectionId = Integer.MAX_VALUE - node;
                        coordinator = client.connection(coordinatorConnectionId, InetSocketAddress.createUnresolved(host, port));
                        log.debug("group {}: coordinator is node {} at {}:{}", settings.groupId(), node, host, port);
                        return coordinator;
                    }
                    if (!e.retriable) {
                        throw new ApiException(e, "FindCoordinator for group " + settings.groupId());
                    }
                    log.debug("FindCoordinator for group {}: {}", settings.groupId(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NetworkException("interrupted while finding the coordinator", e);
                } catch (ExecutionException | IOException | java.util.concurrent.TimeoutException e) {
                    log.debug("FindCoordinator for group {} failed: {}", settings.groupId(), e.toString());
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TimeoutException("coordinator of group " + settings.groupId() + " not found in time");
                }
                backoff();
            }
        }
    }

    private void markCoordinatorDead() {
        synchronized (coordinatorLock) {
            if (coordinator != null) {
                client.disconnect(coordinatorConnectionId);
                coordinator = null;
            }
        }
    }

    private void backoff() {
        try {
            Thread.sleep(Math.max(1, settings.retryBackoffMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("consumer is closed");
        }
    }

    /** Stops the heartbeat thread; call {@link #leave} first to leave the group. */
    @Override
    public void close() {
        closed = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        try {
            heartbeatThread.join(1000); // a heartbeat in flight fails when the network client closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
