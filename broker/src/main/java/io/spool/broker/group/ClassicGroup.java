package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A classic group's state: members, generation, chosen protocol and committed offsets. A plain data holder:
 * the rules live in {@link GroupCoordinator}. Every access holds the group's monitor.
 */
final class ClassicGroup {
    final String groupId;
    final int partition;
    GroupState state = GroupState.EMPTY;
    int generationId;
    String protocolType;
    String protocolName;
    String leaderId;
    /** Coordinator time of the last state change (offset expiry counts from the moment a group became empty). */
    long stateTimestampMs;
    final Map<String, GroupMember> members = new LinkedHashMap<>();
    /** group.instance.id to member id, for static members. */
    final Map<String, String> staticMembers = new HashMap<>();
    /** Ids handed out with MEMBER_ID_REQUIRED whose second JoinGroup has not come yet. */
    final Set<String> pendingMembers = new HashSet<>();
    final Map<TopicPartitionKey, OffsetAndMetadata> offsets = new TreeMap<>();
    /** The join-phase deadline (rebalance timeout or initial delay); null outside PreparingRebalance. */
    DelayTimer.Cancellable joinTask;
    /** Bumped whenever a join phase starts or ends, so a stale timer task recognises itself. */
    int joinPhase;
    /** True while the initial rebalance delay of a new group runs: joins do not complete the phase early. */
    boolean initialDelayRunning;
    boolean newMemberJoinedDuringDelay;

    ClassicGroup(String groupId, int partition, long nowMs) {
        this.groupId = groupId;
        this.partition = partition;
        this.stateTimestampMs = nowMs;
    }

    void transition(GroupState to, long nowMs) {
        state = to;
        stateTimestampMs = nowMs;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    boolean isLeader(String memberId) {
        return memberId != null && memberId.equals(leaderId);
    }

    void add(GroupMember m) {
        members.put(m.memberId, m);
        if (m.isStatic()) {
            staticMembers.put(m.groupInstanceId, m.memberId);
        }
        if (leaderId == null) {
            leaderId = m.memberId;
        }
    }

    void remove(String memberId) {
        GroupMember m = members.remove(memberId);
        if (m == null) {
            return;
        }
        if (m.expiryTask != null) {
            m.expiryTask.cancel();
            m.expiryTask = null;
        }
        if (m.isStatic() && memberId.equals(staticMembers.get(m.groupInstanceId))) {
            staticMembers.remove(m.groupInstanceId);
        }
        if (isLeader(memberId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** The member id currently registered for a group.instance.id, or null. */
    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    /**
     * Kafka's rule: an empty group accepts any non-empty protocol type and protocol list; otherwise the type must
     * match and at least one of the member's protocols must be supported by every current member.
     */
    boolean supportsProtocols(String memberProtocolType, List<Protocol> memberProtocols) {
        if (members.isEmpty()) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        if (!memberProtocolType.equals(protocolType)) {
            return false;
        }
        for (Protocol p : memberProtocols) {
            if (supportedByAll(p.name())) {
                return true;
            }
        }
        return false;
    }

    private boolean supportedByAll(String protocol) {
        for (GroupMember m : members.values()) {
            if (m.metadata(protocol) == null) {
                return false;
            }
        }
        return true;
    }

    /** The protocol every member supports that gets most first-choice votes (ties: the earliest voted). */
    String selectProtocol() {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (GroupMember m : members.values()) {
            for (Protocol p : m.protocols) {
                if (supportedByAll(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        if (best == null) {
            throw new IllegalStateException("no protocol common to all members: group=" + groupId);
        }
        return best;
    }

    boolean allMembersJoined() {
        if (!pendingMembers.isEmpty()) {
            return false;
        }
        for (GroupMember m : members.values()) {
            if (m.awaitingJoin == null) {
                return false;
            }
        }
        return true;
    }

    int maxRebalanceTimeoutMs() {
        int max = 0;
        for (GroupMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs);
        }
        return max;
    }

    List<JoinGroupResult.JoinedMember> joinedMembers() {
        List<JoinGroupResult.JoinedMember> out = new ArrayList<>(members.size());
        for (GroupMember m : members.values()) {
            out.add(new JoinGroupResult.JoinedMember(m.memberId, m.groupInstanceId, m.metadata(protocolName)));
        }
        return out;
    }
}
