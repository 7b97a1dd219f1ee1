package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import java.util.List;
import java.util.function.Consumer;

/** One member of a classic group. Guarded by its group's monitor. */
final class GroupMember {
    String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = SyncGroupResult.EMPTY;
    long lastHeartbeatMs;
    /** The parked JoinGroup, answered when the join phase completes. */
    Consumer<JoinGroupResult> awaitingJoin;
    /** The parked SyncGroup, answered when the leader's assignment arrives. */
    Consumer<SyncGroupResult> awaitingSync;
    DelayTimer.Cancellable expiryTask;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int sessionTimeoutMs,
                int rebalanceTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = protocols;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    /** The metadata this member sent for {@code protocol}, or null if it does not support it. */
    byte[] metadata(String protocol) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        return null;
    }

    /** True when {@code other} lists the same protocols, in the same order, with the same metadata. */
    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Protocol a = protocols.get(i);
            Protocol b = other.get(i);
            if (!a.name().equals(b.name()) || !java.util.Arrays.equals(a.metadata(), b.metadata())) {
                return false;
            }
        }
        return true;
    }
}
