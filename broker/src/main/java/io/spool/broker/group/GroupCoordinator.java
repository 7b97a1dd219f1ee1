package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import io.spool.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's classic group protocol: membership (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), ListGroups,
 * DescribeGroups and DeleteGroups. The rebalance phases and their timeouts are in {@link Rebalancer}; committed
 * offsets are in {@link OffsetCoordinator}, which shares the groups.
 *
 * <p>Thread-safe and non-blocking: every operation holds one group's monitor for a few field updates (and, for
 * what must be persisted, one append to the group's {@code __consumer_offsets} partition). Callbacks run after
 * the monitor is released, on the caller's thread or on the timer's thread (parked joins and syncs).
 */
public final class GroupCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final int MAX_MEMBER_ID_PREFIX = 255;

    final GroupConfig config;
    final DelayTimer timer;
    final LongSupplier clock;
    final GroupStore store;
    final CoordinatorPartitions partitions;
    final ConcurrentHashMap<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final Rebalancer rebalancer;

    /**
     * @param timer drives session, rebalance and initial-delay timeouts
     * @param clock milliseconds, the same clock the timer runs on
     */
    GroupCoordinator(GroupConfig config, DelayTimer timer, LongSupplier clock, GroupStore store,
                     CoordinatorPartitions partitions) {
        this.config = config;
        this.timer = timer;
        this.clock = clock;
        this.store = store;
        this.partitions = partitions;
        this.rebalancer = new Rebalancer(config, timer, clock, store);
    }

    /** NONE when this node serves the group now, else NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS. */
    public Errors checkCoordinator(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        return partitions.status(partitions.partitionFor(groupId));
    }

    /** A group to operate on, or (group null) the error to answer with. */
    record Lookup(ClassicGroup group, Errors error) {
    }

    /** The coordinator check, then the group; {@code ifMissing} when this node has no such group. */
    Lookup lookup(String groupId, Errors ifMissing) {
        Errors err = checkCoordinator(groupId);
        if (err != Errors.NONE) {
            return new Lookup(null, err);
        }
        ClassicGroup g = groups.get(groupId);
        return g == null ? new Lookup(null, ifMissing) : new Lookup(g, Errors.NONE);
    }

    // ---------------------------------------------------------------- JoinGroup

    /** Handles a JoinGroup; {@code callback} runs exactly once, perhaps much later (when the join phase ends). */
    public void joinGroup(JoinGroupRequestData req, Consumer<JoinGroupResult> callback) {
        Errors err = checkCoordinator(req.groupId());
        if (err == Errors.NONE) {
            err = validateJoin(req);
        }
        if (err != Errors.NONE) {
            callback.accept(JoinGroupResult.error(err, req.memberId()));
            return;
        }
        List<Runnable> after = new ArrayList<>(2);
        ClassicGroup g = req.memberId().isEmpty()
                ? groups.computeIfAbsent(req.groupId(), id -> new ClassicGroup(id, partitions.partitionFor(id), now()))
                : groups.get(req.groupId());
        if (g == null) {
            callback.accept(JoinGroupResult.error(Errors.UNKNOWN_MEMBER_ID, req.memberId()));
            return;
        }
        synchronized (g) {
            if (g.is(GroupState.DEAD)) {
                // deleted while we looked it up; the client rediscovers the coordinator and retries
                after.add(() -> callback.accept(JoinGroupResult.error(Errors.COORDINATOR_NOT_AVAILABLE, req.memberId())));
            } else if (!g.supportsProtocols(req.protocolType(), req.protocols())) {
                after.add(() -> callback.accept(JoinGroupResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, req.memberId())));
            } else if (req.memberId().isEmpty()) {
                joinNewMember(g, req, callback, after);
            } else {
                joinKnownMember(g, req, callback, after);
            }
        }
        after.forEach(Runnable::run);
    }

    private Errors validateJoin(JoinGroupRequestData req) {
        if (req.sessionTimeoutMs() < config.minSessionTimeoutMs() || req.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return Errors.INVALID_SESSION_TIMEOUT;
        }
        if (req.protocolType() == null || req.protocolType().isEmpty() || req.protocols().isEmpty()) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        long metadataBytes = 0;
        for (Protocol p : req.protocols()) {
            metadataBytes += p.name().length() + (p.metadata() == null ? 0 : p.metadata().length);
        }
        if (metadataBytes > config.maxMemberMetadataBytes()) {
            // the group record holding every member's metadata must fit in one __consumer_offsets batch
            LOG.info("JoinGroup refused: member metadata too large: group={}, bytes={}, max={}",
                    req.groupId(), metadataBytes, config.maxMemberMetadataBytes());
            return Errors.MESSAGE_TOO_LARGE;
        }
        return Errors.NONE;
    }

    private void joinNewMember(ClassicGroup g, JoinGroupRequestData req, Consumer<JoinGroupResult> callback,
                               List<Runnable> after) {
        String existingStatic = g.staticMemberId(req.groupInstanceId());
        if (existingStatic == null && g.members.size() + g.pendingMembers.size() >= config.maxGroupSize()) {
            after.add(() -> callback.accept(JoinGroupResult.error(Errors.GROUP_MAX_SIZE_REACHED, "")));
            return;
        }
        String clientId = req.clientId() == null ? "" : req.clientId();
        // Kafka's form, client id then a UUID; the prefix is bounded so that ids always fit the stored records
        String memberId = clientId.substring(0, Math.min(clientId.length(), MAX_MEMBER_ID_PREFIX)) + "-" + UUID.randomUUID();
        if (existingStatic != null) {
            replaceStaticMember(g, req, existingStatic, memberId, callback, after);
        } else if (req.groupInstanceId() == null && req.requireKnownMemberId()) {
            g.pendingMembers.add(memberId);
            timer.schedule(() -> rebalancer.expirePendingMember(g, memberId), req.sessionTimeoutMs());
            after.add(() -> callback.accept(JoinGroupResult.error(Errors.MEMBER_ID_REQUIRED, memberId)));
        } else {
            addMemberAndRebalance(g, req, memberId, callback, after);
        }
    }

    private void joinKnownMember(ClassicGroup g, JoinGroupRequestData req, Consumer<JoinGroupResult> callback,
                                 List<Runnable> after) {
        String memberId = req.memberId();
        if (req.groupInstanceId() == null && g.pendingMembers.contains(memberId)) {
            addMemberAndRebalance(g, req, memberId, callback, after);
            return;
        }
        Errors err = validateMember(g, memberId, req.groupInstanceId());
        if (err != Errors.NONE) {
            after.add(() -> callback.accept(JoinGroupResult.error(err, memberId)));
            return;
        }
        GroupMember m = g.members.get(memberId);
        switch (g.state) {
            case PREPARING_REBALANCE -> {
                updateMember(m, req, callback, after);
                rebalancer.tryCompleteJoin(g, after);
            }
            case COMPLETING_REBALANCE -> {
                if (m.sameProtocols(req.protocols())) {
                    // the member lost our join response: send it again
                    after.add(() -> callback.accept(Rebalancer.currentJoinResult(g, m, false)));
                } else {
                    updateMember(m, req, callback, after);
                    rebalancer.prepareRebalance(g, "member " + memberId + " changed its protocols", after);
                }
            }
            case STABLE -> {
                if (g.isLeader(memberId) || !m.sameProtocols(req.protocols())) {
                    updateMember(m, req, callback, after);
                    rebalancer.prepareRebalance(g, "leader or changed member " + memberId + " rejoined", after);
                } else {
                    after.add(() -> callback.accept(Rebalancer.currentJoinResult(g, m, false)));
                }
            }
            default -> after.add(() -> callback.accept(JoinGroupResult.error(Errors.UNKNOWN_MEMBER_ID, memberId)));
        }
    }

    /** UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID when {@code memberId} (with its instance id) is not a current member. */
    static Errors validateMember(ClassicGroup g, String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String registered = g.staticMemberId(groupInstanceId);
            if (registered != null && !registered.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return g.members.containsKey(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    private void addMemberAndRebalance(ClassicGroup g, JoinGroupRequestData req, String memberId,
                                       Consumer<JoinGroupResult> callback, List<Runnable> after) {
        GroupMember m = new GroupMember(memberId, req.groupInstanceId(), req.clientId(), req.clientHost(),
                req.sessionTimeoutMs(), req.rebalanceTimeoutMs(), req.protocols());
        m.awaitingJoin = callback;
        m.lastHeartbeatMs = now();
        if (g.members.isEmpty()) {
            g.protocolType = req.protocolType();
        }
        g.pendingMembers.remove(memberId);
        g.add(m);
        if (g.initialDelayRunning) {
            g.newMemberJoinedDuringDelay = true;
        }
        rebalancer.scheduleExpiry(g, m);
        if (g.is(GroupState.PREPARING_REBALANCE)) {
            rebalancer.tryCompleteJoin(g, after);
        } else {
            rebalancer.prepareRebalance(g, "member " + memberId + " joined", after);
        }
    }

    private void replaceStaticMember(ClassicGroup g, JoinGroupRequestData req, String oldMemberId, String newMemberId,
                                     Consumer<JoinGroupResult> callback, List<Runnable> after) {
        GroupMember m = g.members.remove(oldMemberId);
        // the previous incarnation of this instance is fenced: its parked requests learn it
        Consumer<JoinGroupResult> oldJoin = m.awaitingJoin;
        Consumer<SyncGroupResult> oldSync = m.awaitingSync;
        if (oldJoin != null) {
            after.add(() -> oldJoin.accept(JoinGroupResult.error(Errors.FENCED_INSTANCE_ID, oldMemberId)));
        }
        if (oldSync != null) {
            after.add(() -> oldSync.accept(SyncGroupResult.error(Errors.FENCED_INSTANCE_ID)));
        }
        m.awaitingJoin = null;
        m.awaitingSync = null;
        m.memberId = newMemberId;
        m.clientId = req.clientId();
        m.clientHost = req.clientHost();
        m.sessionTimeoutMs = req.sessionTimeoutMs();
        m.rebalanceTimeoutMs = req.rebalanceTimeoutMs();
        m.protocols = req.protocols();
        m.lastHeartbeatMs = now();
        g.members.put(newMemberId, m);
        g.staticMembers.put(m.groupInstanceId, newMemberId);
        if (oldMemberId.equals(g.leaderId)) {
            g.leaderId = newMemberId;
        }
        LOG.info("static member replaced: group={}, instance={}, oldMemberId={}, newMemberId={}",
                g.groupId, m.groupInstanceId, oldMemberId, newMemberId);
        // as in Kafka, only a change of the selected protocol rebalances: a restarted consumer's subscription
        // bytes differ anyway (it owns no partitions yet), and the point of static membership is to skip that
        if (g.is(GroupState.STABLE) && g.selectProtocol().equals(g.protocolName)) {
            // a restarted static member gets its place back without a rebalance; a leader keeps the assignment
            boolean leader = g.isLeader(newMemberId);
            after.add(() -> callback.accept(Rebalancer.currentJoinResult(g, m, leader)));
        } else {
            m.awaitingJoin = callback;
            if (g.is(GroupState.PREPARING_REBALANCE)) {
                rebalancer.tryCompleteJoin(g, after);
            } else {
                rebalancer.prepareRebalance(g, "static member " + m.groupInstanceId + " rejoined", after);
            }
        }
    }

    private void updateMember(GroupMember m, JoinGroupRequestData req, Consumer<JoinGroupResult> callback,
                              List<Runnable> after) {
        Consumer<JoinGroupResult> previous = m.awaitingJoin;
        if (previous != null && previous != callback) {
            after.add(() -> previous.accept(JoinGroupResult.error(Errors.REBALANCE_IN_PROGRESS, m.memberId)));
        }
        m.protocols = req.protocols();
        m.sessionTimeoutMs = req.sessionTimeoutMs();
        m.rebalanceTimeoutMs = req.rebalanceTimeoutMs();
        m.clientId = req.clientId();
        m.clientHost = req.clientHost();
        m.awaitingJoin = callback;
        m.lastHeartbeatMs = now();
    }

    // ---------------------------------------------------------------- SyncGroup

    /**
     * Handles a SyncGroup. The leader's {@code assignments} (member id to bytes) are handed to the members exactly
     * as sent; a non-leader's are ignored, as in Kafka. {@code protocolType}/{@code protocolName} may be null
     * (before v5).
     */
    public void syncGroup(String groupId, int generationId, String memberId, String groupInstanceId,
                          String protocolType, String protocolName, Map<String, byte[]> assignments,
                          Consumer<SyncGroupResult> callback) {
        Lookup l = lookup(groupId, Errors.UNKNOWN_MEMBER_ID);
        if (l.group() == null) {
            callback.accept(SyncGroupResult.error(l.error()));
            return;
        }
        ClassicGroup g = l.group();
        List<Runnable> after = new ArrayList<>(2);
        synchronized (g) {
            Errors e = g.is(GroupState.DEAD) ? Errors.COORDINATOR_NOT_AVAILABLE : validateMember(g, memberId, groupInstanceId);
            if (e == Errors.NONE && generationId != g.generationId) {
                e = Errors.ILLEGAL_GENERATION;
            }
            if (e == Errors.NONE && ((protocolType != null && !protocolType.equals(g.protocolType))
                    || (protocolName != null && !protocolName.equals(g.protocolName)))) {
                e = Errors.INCONSISTENT_GROUP_PROTOCOL;
            }
            if (e != Errors.NONE) {
                Errors fail = e;
                after.add(() -> callback.accept(SyncGroupResult.error(fail)));
            } else {
                GroupMember m = g.members.get(memberId);
                m.lastHeartbeatMs = now();
                switch (g.state) {
                    case PREPARING_REBALANCE ->
                            after.add(() -> callback.accept(SyncGroupResult.error(Errors.REBALANCE_IN_PROGRESS)));
                    case COMPLETING_REBALANCE -> {
                        m.awaitingSync = callback;
                        if (g.isLeader(memberId)) {
                            completeSync(g, assignments, after);
                        }
                    }
                    case STABLE -> {
                        SyncGroupResult r = new SyncGroupResult(Errors.NONE, g.protocolType, g.protocolName, m.assignment);
                        after.add(() -> callback.accept(r));
                    }
                    default -> after.add(() -> callback.accept(SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID)));
                }
            }
        }
        after.forEach(Runnable::run);
    }

    private void completeSync(ClassicGroup g, Map<String, byte[]> assignments, List<Runnable> after) {
        for (GroupMember m : g.members.values()) {
            byte[] a = assignments.get(m.memberId);
            m.assignment = a == null ? SyncGroupResult.EMPTY : a;
        }
        Errors stored = store.storeGroup(g);
        if (stored != Errors.NONE) {
            LOG.warn("could not store group metadata: group={}, generation={}, error={}", g.groupId, g.generationId, stored);
            rebalancer.resetAssignments(g, stored, after);
            rebalancer.prepareRebalance(g, "group metadata could not be stored", after);
            return;
        }
        g.transition(GroupState.STABLE, now());
        for (GroupMember m : g.members.values()) {
            Consumer<SyncGroupResult> cb = m.awaitingSync;
            if (cb != null) {
                m.awaitingSync = null;
                SyncGroupResult r = new SyncGroupResult(Errors.NONE, g.protocolType, g.protocolName, m.assignment);
                after.add(() -> cb.accept(r));
            }
        }
    }

    // ---------------------------------------------------------------- Heartbeat, LeaveGroup, expiry

    /** Handles a Heartbeat; answers at once. */
    public Errors heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        Lookup l = lookup(groupId, Errors.UNKNOWN_MEMBER_ID);
        if (l.group() == null) {
            return l.error();
        }
        ClassicGroup g = l.group();
        synchronized (g) {
            if (g.is(GroupState.DEAD)) {
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            Errors e = validateMember(g, memberId, groupInstanceId);
            if (e != Errors.NONE) {
                return e;
            }
            if (generationId != g.generationId) {
                return Errors.ILLEGAL_GENERATION;
            }
            g.members.get(memberId).lastHeartbeatMs = now();
            return switch (g.state) {
                case PREPARING_REBALANCE -> Errors.REBALANCE_IN_PROGRESS;
                case COMPLETING_REBALANCE, STABLE -> Errors.NONE;
                default -> Errors.UNKNOWN_MEMBER_ID;
            };
        }
    }

    /** Handles a LeaveGroup for one or more members (v3+ batches; older versions send one). */
    public LeaveResult leaveGroup(String groupId, List<LeaveResult.LeavingMember> leaving) {
        Errors err = checkCoordinator(groupId);
        if (err != Errors.NONE) {
            return new LeaveResult(err, List.of());
        }
        ClassicGroup g = groups.get(groupId);
        List<Errors> perMember = new ArrayList<>(leaving.size());
        if (g == null) {
            leaving.forEach(l -> perMember.add(Errors.UNKNOWN_MEMBER_ID));
            return new LeaveResult(Errors.NONE, perMember);
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (g) {
            if (g.is(GroupState.DEAD)) {
                return new LeaveResult(Errors.COORDINATOR_NOT_AVAILABLE, List.of());
            }
            for (LeaveResult.LeavingMember l : leaving) {
                String memberId = l.memberId();
                if (memberId.isEmpty() && l.groupInstanceId() != null) {
                    memberId = g.staticMemberId(l.groupInstanceId());
                    if (memberId == null) {
                        perMember.add(Errors.UNKNOWN_MEMBER_ID);
                        continue;
                    }
                } else if (l.groupInstanceId() == null && g.pendingMembers.remove(memberId)) {
                    perMember.add(Errors.NONE);
                    continue;
                }
                Errors e = validateMember(g, memberId, l.groupInstanceId());
                perMember.add(e);
                if (e == Errors.NONE) {
                    rebalancer.removeMemberAndUpdate(g, g.members.get(memberId), "member left", after);
                }
            }
        }
        after.forEach(Runnable::run);
        return new LeaveResult(Errors.NONE, perMember);
    }

    // ---------------------------------------------------------------- ListGroups, DescribeGroups, DeleteGroups

    /** True while some {@code __consumer_offsets} partition is still being loaded. */
    public boolean anyPartitionLoading() {
        for (int p = 0; p < partitions.count(); p++) {
            if (partitions.status(p) == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                return true;
            }
        }
        return false;
    }

    /** Groups this node coordinates, optionally filtered by state (empty filter: all). */
    public List<GroupOverview> listGroups(java.util.Set<GroupState> states) {
        List<GroupOverview> out = new ArrayList<>();
        for (ClassicGroup g : groups.values()) {
            synchronized (g) {
                if (!g.is(GroupState.DEAD) && (states.isEmpty() || states.contains(g.state))) {
                    out.add(new GroupOverview(g.groupId, g.protocolType == null ? "" : g.protocolType, g.state));
                }
            }
        }
        return out;
    }

    /** Describes one group. */
    public GroupDescription describeGroup(String groupId) {
        Errors err = checkCoordinator(groupId);
        if (err != Errors.NONE) {
            return new GroupDescription(err, groupId, GroupState.DEAD, "", "", List.of());
        }
        ClassicGroup g = groups.get(groupId);
        if (g == null) {
            return new GroupDescription(Errors.NONE, groupId, GroupState.DEAD, "", "", List.of());
        }
        synchronized (g) {
            boolean stable = g.is(GroupState.STABLE);
            List<GroupDescription.Member> members = new ArrayList<>(g.members.size());
            for (GroupMember m : g.members.values()) {
                byte[] metadata = stable ? m.metadata(g.protocolName) : null;
                members.add(new GroupDescription.Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                        metadata == null ? SyncGroupResult.EMPTY : metadata, stable ? m.assignment : SyncGroupResult.EMPTY));
            }
            return new GroupDescription(Errors.NONE, groupId, g.state, g.protocolType == null ? "" : g.protocolType,
                    stable && g.protocolName != null ? g.protocolName : "", members);
        }
    }

    /** Deletes an empty group and its offsets: GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP or NONE. */
    public Errors deleteGroup(String groupId) {
        Lookup l = lookup(groupId, Errors.GROUP_ID_NOT_FOUND);
        if (l.group() == null) {
            return l.error();
        }
        ClassicGroup g = l.group();
        synchronized (g) {
            if (g.is(GroupState.DEAD)) {
                return Errors.GROUP_ID_NOT_FOUND;
            }
            if (!g.is(GroupState.EMPTY)) {
                return Errors.NON_EMPTY_GROUP;
            }
            Errors stored = store.deleteGroup(g, List.copyOf(g.offsets.keySet()));
            if (stored != Errors.NONE) {
                return stored;
            }
            g.offsets.clear();
            g.transition(GroupState.DEAD, now());
            groups.remove(groupId, g);
            LOG.info("group deleted: group={}", groupId);
            return Errors.NONE;
        }
    }

    // ---------------------------------------------------------------- loading

    /**
     * Installs the groups replayed from one {@code __consumer_offsets} partition: a group stored with members is
     * Stable in its stored generation (its members get a fresh session: if they are gone they expire), one
     * without members is Empty since its stored state time, so offset retention keeps counting across restarts.
     */
    void install(java.util.Collection<GroupLoader.LoadedGroup> loaded) {
        long now = now();
        for (GroupLoader.LoadedGroup l : loaded) {
            ClassicGroup g = new ClassicGroup(l.groupId, partitions.partitionFor(l.groupId), now);
            synchronized (g) {
                g.offsets.putAll(l.offsets);
                GroupRecordCodec.GroupSnapshot s = l.snapshot;
                if (s != null) {
                    g.protocolType = s.protocolType();
                    g.generationId = s.generationId();
                    g.protocolName = s.protocolName();
                    for (GroupRecordCodec.MemberSnapshot ms : s.members()) {
                        byte[] sub = ms.subscription() == null ? SyncGroupResult.EMPTY : ms.subscription();
                        GroupMember m = new GroupMember(ms.memberId(), ms.groupInstanceId(), ms.clientId(),
                                ms.clientHost(), ms.sessionTimeoutMs(), ms.rebalanceTimeoutMs(),
                                List.of(new Protocol(s.protocolName(), sub)));
                        m.assignment = ms.assignment() == null ? SyncGroupResult.EMPTY : ms.assignment();
                        m.lastHeartbeatMs = now;
                        g.add(m);
                        rebalancer.scheduleExpiry(g, m);
                    }
                    g.leaderId = g.members.containsKey(s.leaderId()) ? s.leaderId() : g.leaderId;
                    if (g.members.isEmpty()) {
                        g.transition(GroupState.EMPTY, s.stateTimestampMs());
                    } else {
                        g.transition(GroupState.STABLE, now);
                    }
                }
            }
            groups.put(l.groupId, g);
        }
    }

    /** Cancels every timeout; parked joins and syncs are left unanswered (their connections are closing). */
    void shutdown() {
        rebalancer.shutdown();
        for (ClassicGroup g : groups.values()) {
            synchronized (g) {
                rebalancer.cancelJoinTask(g);
                for (GroupMember m : g.members.values()) {
                    if (m.expiryTask != null) {
                        m.expiryTask.cancel();
                        m.expiryTask = null;
                    }
                }
            }
        }
    }

    long now() {
        return clock.getAsLong();
    }
}
