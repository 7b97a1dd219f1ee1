package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Offset expiry on a manual clock, in memory (the persistent side is in {@link GroupPersistenceTest}). */
class OffsetExpiryTest {
    private static final TopicPartitionKey T0 = new TopicPartitionKey("t", 0);
    private static final TopicPartitionKey U0 = new TopicPartitionKey("u", 0);

    @Test
    void offsetsOfADeletedTopicGoAtTheNextCheckAndTheOthersStay() {
        Set<String> topics = new HashSet<>(Set.of("t", "u"));
        GroupTestKit kit = new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(0)
                .withOffsetsTopicNumPartitions(4), GroupStore.IN_MEMORY_ONLY, topics);
        Map<TopicPartitionKey, Errors> r = kit.offsets.commitOffsets("g", "", null, -1, Map.of(
                T0, new OffsetCoordinator.CommitEntry(1, -1, ""), U0, new OffsetCoordinator.CommitEntry(2, -1, "")));
        assertEquals(Map.of(T0, Errors.NONE, U0, Errors.NONE), r);
        assertEquals(0, kit.offsets.expireOffsets(), "nothing is old yet");

        topics.remove("u");
        assertEquals(1, kit.offsets.expireOffsets());
        assertEquals(Set.of(T0), kit.offsets.fetchOffsets("g", null).offsets().keySet());
    }

    @Test
    void aStableGroupKeepsItsOffsetsButDropsOldOnesOfTopicsItNoLongerConsumes() {
        Set<String> topics = new HashSet<>(Set.of("t", "u"));
        GroupTestKit kit = new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(0)
                .withOffsetsTopicNumPartitions(4).withOffsetsRetentionMs(60_000), GroupStore.IN_MEMORY_ONLY, topics);
        JoinGroupResult j = kit.joinNew("g").join();
        kit.sync("g", 1, j.memberId(), Map.of()).join();
        kit.offsets.commitOffsets("g", j.memberId(), null, 1, Map.of(
                T0, new OffsetCoordinator.CommitEntry(1, -1, ""), U0, new OffsetCoordinator.CommitEntry(2, -1, "")));
        for (int i = 0; i < 40; i++) {
            kit.timer.advance(2000);
            assertEquals(Errors.NONE, kit.coordinator.heartbeat("g", j.memberId(), null, 1));
        }
        kit.offsets.expireOffsets();
        // the member subscribes to "t" only (GroupTestKit.protocols): "u" was committed 80 s ago, past retention
        assertEquals(Set.of(T0), kit.offsets.fetchOffsets("g", null).offsets().keySet());
        assertEquals(GroupState.STABLE, kit.state("g"));
    }
}
