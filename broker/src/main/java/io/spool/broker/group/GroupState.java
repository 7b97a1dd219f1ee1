package io.spool.broker.group;

/** The classic group protocol's states, with the names Kafka's tools print. */
public enum GroupState {
    /** No members; may still hold committed offsets. */
    EMPTY("Empty"),
    /** Waiting for every known member to (re)send JoinGroup. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Joins answered; waiting for the leader's SyncGroup with the assignments. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Assignments handed out; members heartbeat. */
    STABLE("Stable"),
    /** Deleted or expired; the coordinator forgets it. */
    DEAD("Dead");

    /** The name on the wire (ListGroups, DescribeGroups). */
    public final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The state with this Kafka name (case-insensitive), or null. */
    public static GroupState forKafkaName(String name) {
        for (GroupState s : values()) {
            if (s.kafkaName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
