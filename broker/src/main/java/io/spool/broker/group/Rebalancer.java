package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import io.spool.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance phases of the classic protocol and the timeouts that drive them: the join phase (initial delay,
 * rebalance timeout, completion when every member has rejoined), the move to CompletingRebalance with the
 * generation bump and protocol vote, member sessions, and removals. Every method expects the group's monitor to
 * be held; callbacks are appended to {@code after} and run by the caller once the monitor is released. Timer
 * tasks take the monitor themselves.
 */
final class Rebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

    private final GroupConfig config;
    private final DelayTimer timer;
    private final LongSupplier clock;
    private final GroupStore store;
    /** Set on shutdown: timer tasks still queued do nothing. */
    private volatile boolean shutdown;

    Rebalancer(GroupConfig config, DelayTimer timer, LongSupplier clock, GroupStore store) {
        this.config = config;
        this.timer = timer;
        this.clock = clock;
        this.store = store;
    }

    /** Stops timer tasks from acting (they may still be queued). */
    void shutdown() {
        shutdown = true;
    }

    /** Called with {@code g} locked; the snapshot of a generation that a callback may read later is taken now. */
    static JoinGroupResult currentJoinResult(ClassicGroup g, GroupMember m, boolean skipAssignment) {
        boolean leader = g.isLeader(m.memberId);
        return new JoinGroupResult(Errors.NONE, g.generationId, g.protocolType, g.protocolName, g.leaderId,
                m.memberId, leader ? g.joinedMembers() : List.of(), skipAssignment);
    }

    /** Starts a join phase (the initial delay for a new group): parked syncs fail, members must rejoin. */
    void prepareRebalance(ClassicGroup g, String reason, List<Runnable> after) {
        if (g.is(GroupState.COMPLETING_REBALANCE)) {
            resetAssignments(g, Errors.REBALANCE_IN_PROGRESS, after);
        }
        boolean initial = g.is(GroupState.EMPTY) && config.initialRebalanceDelayMs() > 0;
        g.transition(GroupState.PREPARING_REBALANCE, now());
        int phase = ++g.joinPhase;
        cancelJoinTask(g);
        LOG.info("preparing rebalance: group={}, generation={}, reason={}", g.groupId, g.generationId, reason);
        int rebalanceTimeout = g.maxRebalanceTimeoutMs();
        if (initial) {
            g.initialDelayRunning = true;
            g.newMemberJoinedDuringDelay = false;
            int delay = Math.min(config.initialRebalanceDelayMs(), rebalanceTimeout);
            g.joinTask = timer.schedule(() -> onInitialDelay(g, phase, rebalanceTimeout - delay), delay);
        } else {
            g.joinTask = timer.schedule(() -> onJoinDeadline(g, phase), rebalanceTimeout);
            tryCompleteJoin(g, after);
        }
    }

    private void onInitialDelay(ClassicGroup g, int phase, int remainingMs) {
        if (shutdown) {
            return;
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (g) {
            if (phase != g.joinPhase || !g.is(GroupState.PREPARING_REBALANCE)) {
                return;
            }
            if (g.newMemberJoinedDuringDelay && remainingMs > 0) {
                // Kafka's initial delay: keep waiting while members keep arriving, up to the rebalance timeout
                g.newMemberJoinedDuringDelay = false;
                int delay = Math.min(config.initialRebalanceDelayMs(), remainingMs);
                g.joinTask = timer.schedule(() -> onInitialDelay(g, phase, remainingMs - delay), delay);
                return;
            }
            g.initialDelayRunning = false;
            completeJoin(g, after);
        }
        after.forEach(Runnable::run);
    }

    private void onJoinDeadline(ClassicGroup g, int phase) {
        if (shutdown) {
            return;
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (g) {
            if (phase != g.joinPhase || !g.is(GroupState.PREPARING_REBALANCE)) {
                return;
            }
            completeJoin(g, after);
        }
        after.forEach(Runnable::run);
    }

    /** Ends the join phase now if every member has rejoined and no MEMBER_ID_REQUIRED id is outstanding. */
    void tryCompleteJoin(ClassicGroup g, List<Runnable> after) {
        if (g.is(GroupState.PREPARING_REBALANCE) && !g.initialDelayRunning && g.allMembersJoined()) {
            completeJoin(g, after);
        }
    }

    /** Ends the join phase: members that did not rejoin are dropped, the generation advances. */
    private void completeJoin(ClassicGroup g, List<Runnable> after) {
        g.joinPhase++;
        cancelJoinTask(g);
        g.initialDelayRunning = false;
        for (GroupMember m : List.copyOf(g.members.values())) {
            if (m.awaitingJoin == null) {
                LOG.info("member removed: did not rejoin in time: group={}, member={}", g.groupId, m.memberId);
                g.remove(m.memberId);
            }
        }
        g.generationId++;
        if (g.members.isEmpty()) {
            g.protocolName = null;
            g.leaderId = null;
            g.transition(GroupState.EMPTY, now());
            Errors err = store.storeGroup(g);
            if (err != Errors.NONE) {
                LOG.warn("could not store empty group: group={}, error={}", g.groupId, err);
            }
            return;
        }
        g.protocolName = g.selectProtocol();
        if (g.leaderId == null || !g.members.containsKey(g.leaderId)) {
            g.leaderId = g.members.keySet().iterator().next();
        }
        g.transition(GroupState.COMPLETING_REBALANCE, now());
        LOG.info("join phase complete: group={}, generation={}, protocol={}, members={}",
                g.groupId, g.generationId, g.protocolName, g.members.size());
        long now = now();
        for (GroupMember m : g.members.values()) {
            JoinGroupResult result = currentJoinResult(g, m, false);
            Consumer<JoinGroupResult> cb = m.awaitingJoin;
            m.awaitingJoin = null;
            m.lastHeartbeatMs = now;
            scheduleExpiry(g, m);
            after.add(() -> cb.accept(result));
        }
    }

    /** Forgets the assignments and fails the parked SyncGroups with {@code syncError}. */
    void resetAssignments(ClassicGroup g, Errors syncError, List<Runnable> after) {
        for (GroupMember m : g.members.values()) {
            m.assignment = SyncGroupResult.EMPTY;
            Consumer<SyncGroupResult> cb = m.awaitingSync;
            if (cb != null) {
                m.awaitingSync = null;
                after.add(() -> cb.accept(SyncGroupResult.error(syncError)));
            }
        }
    }

    /** Cancels the join-phase deadline, if any. */
    void cancelJoinTask(ClassicGroup g) {
        if (g.joinTask != null) {
            g.joinTask.cancel();
            g.joinTask = null;
        }
    }

    /** Removes a member (left, session lapsed) and rebalances the rest; its parked requests get UNKNOWN_MEMBER_ID. */
    void removeMemberAndUpdate(ClassicGroup g, GroupMember m, String reason, List<Runnable> after) {
        Consumer<JoinGroupResult> join = m.awaitingJoin;
        Consumer<SyncGroupResult> sync = m.awaitingSync;
        if (join != null) {
            after.add(() -> join.accept(JoinGroupResult.error(Errors.UNKNOWN_MEMBER_ID, m.memberId)));
        }
        if (sync != null) {
            after.add(() -> sync.accept(SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID)));
        }
        m.awaitingJoin = null;
        m.awaitingSync = null;
        g.remove(m.memberId);
        LOG.info("member removed: group={}, member={}, reason={}", g.groupId, m.memberId, reason);
        switch (g.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(g, reason + ": " + m.memberId, after);
            case PREPARING_REBALANCE -> tryCompleteJoin(g, after);
            default -> {
            }
        }
    }

    /** Arms the member's session check unless one is armed; the check re-arms itself until the session lapses. */
    void scheduleExpiry(ClassicGroup g, GroupMember m) {
        if (m.expiryTask == null) {
            m.expiryTask = timer.schedule(() -> checkExpiry(g, m), m.sessionTimeoutMs);
        }
    }

    private void checkExpiry(ClassicGroup g, GroupMember m) {
        if (shutdown) {
            return;
        }
        List<Runnable> after = new ArrayList<>(2);
        synchronized (g) {
            m.expiryTask = null;
            if (g.members.get(m.memberId) != m) {
                return;
            }
            long deadline = m.lastHeartbeatMs + m.sessionTimeoutMs;
            long now = now();
            if ((m.awaitingJoin != null && g.is(GroupState.PREPARING_REBALANCE))
                    || (m.awaitingSync != null && g.is(GroupState.COMPLETING_REBALANCE))) {
                // a member parked in JoinGroup or SyncGroup does not heartbeat (clients pause heartbeats while they
                // rebalance): the rebalance timeout, or the leader's own session, bounds the wait instead
                m.expiryTask = timer.schedule(() -> checkExpiry(g, m), m.sessionTimeoutMs);
            } else if (now >= deadline) {
                removeMemberAndUpdate(g, m, "session timeout", after);
            } else {
                m.expiryTask = timer.schedule(() -> checkExpiry(g, m), deadline - now);
            }
        }
        after.forEach(Runnable::run);
    }

    /** Timer task: forgets a MEMBER_ID_REQUIRED id whose second JoinGroup never came. */
    void expirePendingMember(ClassicGroup g, String memberId) {
        if (shutdown) {
            return;
        }
        List<Runnable> after = new ArrayList<>(1);
        synchronized (g) {
            if (g.pendingMembers.remove(memberId)) {
                tryCompleteJoin(g, after);
            }
        }
        after.forEach(Runnable::run);
    }

    private long now() {
        return clock.getAsLong();
    }
}
