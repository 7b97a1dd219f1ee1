package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static io.spool.broker.group.GroupTestKit.REBALANCE_MS;
import static io.spool.broker.group.GroupTestKit.bytes;
import static io.spool.broker.group.GroupTestKit.joinRequest;
import static io.spool.broker.group.GroupTestKit.protocols;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Requests a broken or stale client sends: each gets the Kafka error code clients act on, and nothing else changes. */
class GroupBadInputTest {
    private static final TopicPartitionKey T0 = new TopicPartitionKey("t", 0);

    /** One member, Stable in generation 1; returns its id. */
    private static String oneMember(GroupTestKit kit) {
        JoinGroupResult r = kit.joinNew("g").join();
        kit.sync("g", 1, r.memberId(), Map.of(r.memberId(), bytes("x"))).join();
        return r.memberId();
    }

    private static Map<TopicPartitionKey, OffsetCoordinator.CommitEntry> commit(TopicPartitionKey tp, long offset, String metadata) {
        return Map.of(tp, new OffsetCoordinator.CommitEntry(offset, 3, metadata));
    }

    @Test
    void joinWithAnotherProtocolTypeThanTheGroupsIsInconsistent() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        oneMember(kit);
        JoinGroupResult r = kit.join(joinRequest("g", "", null, "connect", protocols("range"))).join();
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, r.error());
        assertEquals(GroupState.STABLE, kit.state("g"), "the group is not disturbed");
    }

    @Test
    void joinWithNoProtocolInCommonIsInconsistent() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        oneMember(kit);
        JoinGroupResult r = kit.join(joinRequest("g", "", null, "consumer", protocols("my-own-assignor"))).join();
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, r.error());
    }

    @Test
    void joinWithAnEmptyProtocolTypeOrNoProtocolsIsInconsistent() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL,
                kit.join(joinRequest("g", "", null, "", protocols("range"))).join().error());
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL,
                kit.join(joinRequest("g", "", null, "consumer", List.of())).join().error());
    }

    @Test
    void oversizedMemberMetadataIsRefusedWithMessageTooLarge() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        byte[] huge = new byte[GroupConfig.defaults().maxMemberMetadataBytes() + 1];
        JoinGroupResult r = kit.join(joinRequest("g", "", null, "consumer", List.of(new Protocol("range", huge)))).join();
        assertEquals(Errors.MESSAGE_TOO_LARGE, r.error());
        assertEquals(GroupState.DEAD, kit.state("g"), "no group was created");
    }

    @Test
    void sessionTimeoutOutsideTheBrokersBoundsIsInvalid() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        for (int session : new int[] {5999, 1_800_001}) {
            JoinGroupRequestData req = new JoinGroupRequestData("g", "", null, "c", "h", session, REBALANCE_MS,
                    "consumer", protocols("range"), true);
            assertEquals(Errors.INVALID_SESSION_TIMEOUT, kit.join(req).join().error());
        }
    }

    @Test
    void anEmptyGroupIdIsInvalid() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        assertEquals(Errors.INVALID_GROUP_ID, kit.join("", "").join().error());
        assertEquals(Errors.INVALID_GROUP_ID, kit.coordinator.heartbeat("", "m", null, 1));
    }

    @Test
    void assignmentsFromANonLeaderAreIgnoredAndTheLeadersArePassedThrough() {
        // Kafka's behaviour: a follower's SyncGroup is accepted, but only the leader's assignment counts
        GroupTestKit kit = GroupTestKit.withoutDelay();
        String leader = oneMember(kit);
        CompletableFuture<JoinGroupResult> f = kit.joinNew("g");
        kit.join("g", leader);
        String follower = f.join().memberId();
        int gen = f.join().generationId();
        CompletableFuture<SyncGroupResult> fs = kit.sync("g", gen, follower,
                Map.of(follower, bytes("forged"), leader, bytes("forged")));
        SyncGroupResult ls = kit.sync("g", gen, leader, Map.of(follower, bytes("real-f"), leader, bytes("real-l"))).join();
        assertArrayEquals(bytes("real-f"), fs.join().assignment());
        assertArrayEquals(bytes("real-l"), ls.assignment());
    }

    @Test
    void syncOrHeartbeatWithAStaleGenerationIsIllegal() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        String m = oneMember(kit);
        assertEquals(Errors.ILLEGAL_GENERATION, kit.sync("g", 0, m, Map.of()).join().error());
        assertEquals(Errors.ILLEGAL_GENERATION, kit.coordinator.heartbeat("g", m, null, 7));
    }

    @Test
    void syncWithAnotherProtocolThanTheChosenOneIsInconsistent() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        String m = oneMember(kit);
        CompletableFuture<SyncGroupResult> f = new CompletableFuture<>();
        kit.coordinator.syncGroup("g", 1, m, null, "consumer", "roundrobin", Map.of(), f::complete);
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, f.join().error());
    }

    @Test
    void unknownMembersAreToldSo() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        oneMember(kit);
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.join("g", "made-up").join().error());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.sync("g", 1, "made-up", Map.of()).join().error());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.coordinator.heartbeat("g", "made-up", null, 1));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.coordinator.heartbeat("no-such-group", "m", null, 1));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.offsets.commitOffsets("g", "made-up", null, 1,
                commit(T0, 1, "")).get(T0));
    }

    @Test
    void commitsFromAStaleGenerationAreIllegalAndChangeNothing() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        String m = oneMember(kit);
        assertEquals(Errors.NONE, kit.offsets.commitOffsets("g", m, null, 1, commit(T0, 10, "")).get(T0));
        assertEquals(Errors.ILLEGAL_GENERATION, kit.offsets.commitOffsets("g", m, null, 0, commit(T0, 99, "")).get(T0));
        assertEquals(10, kit.offsets.fetchOffsets("g", List.of(T0)).offsets().get(T0).offset());
        assertEquals(Errors.ILLEGAL_GENERATION, kit.offsets.commitOffsets("unknown-group", "m", null, 4,
                commit(T0, 1, "")).get(T0));
    }

    @Test
    void commitsWhileTheAssignmentIsBeingComputedAreRefused() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        String m = oneMember(kit);
        kit.join("g", m);
        assertEquals(GroupState.COMPLETING_REBALANCE, kit.state("g"));
        assertEquals(Errors.REBALANCE_IN_PROGRESS, kit.offsets.commitOffsets("g", m, null, 2, commit(T0, 1, "")).get(T0));
    }

    @Test
    void simpleCommitsToAGroupWithMembersAreRefused() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        oneMember(kit);
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.offsets.commitOffsets("g", "", null, -1, commit(T0, 1, "")).get(T0));
    }

    @Test
    void commitsForUnknownPartitionsOrWithOversizedMetadataFailPerPartition() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        TopicPartitionKey unknownTopic = new TopicPartitionKey("nope", 0);
        TopicPartitionKey unknownPartition = new TopicPartitionKey("t", 6);
        TopicPartitionKey t1 = new TopicPartitionKey("t", 1);
        Map<TopicPartitionKey, OffsetCoordinator.CommitEntry> commits = new java.util.LinkedHashMap<>();
        commits.put(unknownTopic, new OffsetCoordinator.CommitEntry(1, -1, ""));
        commits.put(unknownPartition, new OffsetCoordinator.CommitEntry(1, -1, ""));
        commits.put(T0, new OffsetCoordinator.CommitEntry(1, -1, "x".repeat(4097)));
        commits.put(t1, new OffsetCoordinator.CommitEntry(42, 5, "ok"));
        Map<TopicPartitionKey, Errors> r = kit.offsets.commitOffsets("g", "", null, -1, commits);
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, r.get(unknownTopic));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, r.get(unknownPartition));
        assertEquals(Errors.OFFSET_METADATA_TOO_LARGE, r.get(T0));
        assertEquals(Errors.NONE, r.get(t1));
        Map<TopicPartitionKey, OffsetAndMetadata> fetched = kit.offsets.fetchOffsets("g", null).offsets();
        assertEquals(Set.of(t1), fetched.keySet());
        assertEquals(42, fetched.get(t1).offset());
        assertEquals(5, fetched.get(t1).leaderEpoch());
        assertEquals("ok", fetched.get(t1).metadata());
    }

    @Test
    void aFullGroupRefusesNewMembers() {
        GroupTestKit kit = new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(0).withMaxGroupSize(1)
                .withOffsetsTopicNumPartitions(4), GroupStore.IN_MEMORY_ONLY, Set.of("t"));
        oneMember(kit);
        assertEquals(Errors.GROUP_MAX_SIZE_REACHED, kit.join("g", "").join().error());
    }

    @Test
    void requestsForAPartitionStillLoadingOrNotOwnedGetCoordinatorErrors() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        int p = kit.partitions.partitionFor("g");
        kit.partitions.set(p, CoordinatorPartitions.LOADING);
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, kit.join("g", "").join().error());
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, kit.offsets.fetchOffsets("g", null).error());
        kit.partitions.set(p, CoordinatorPartitions.NOT_OWNED);
        assertEquals(Errors.NOT_COORDINATOR, kit.coordinator.heartbeat("g", "m", null, 1));
        assertEquals(Errors.NOT_COORDINATOR, kit.offsets.commitOffsets("g", "", null, -1, commit(T0, 1, "")).get(T0));
    }

    @Test
    void offsetsOfATopicTheGroupStillConsumesCannotBeDeleted() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        String m = oneMember(kit);
        TopicPartitionKey other = new TopicPartitionKey("u", 0);
        GroupTestKit kit2 = new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(0)
                .withOffsetsTopicNumPartitions(4), GroupStore.IN_MEMORY_ONLY, Set.of("t", "u"));
        String m2 = oneMember(kit2);
        Map<TopicPartitionKey, OffsetCoordinator.CommitEntry> commits = Map.of(
                T0, new OffsetCoordinator.CommitEntry(1, -1, ""), other, new OffsetCoordinator.CommitEntry(2, -1, ""));
        kit2.offsets.commitOffsets("g", m2, null, 1, commits);
        OffsetCoordinator.DeleteResult r = kit2.offsets.deleteOffsets("g", List.of(T0, other));
        assertEquals(Errors.NONE, r.error());
        assertEquals(Errors.GROUP_SUBSCRIBED_TO_TOPIC, r.partitions().get(T0));
        assertEquals(Errors.NONE, r.partitions().get(other));
        assertEquals(Set.of(T0), kit2.offsets.fetchOffsets("g", null).offsets().keySet());
        assertEquals(Errors.GROUP_ID_NOT_FOUND, kit.offsets.deleteOffsets("nope", List.of(T0)).error());
        assertEquals(Errors.NONE, kit.coordinator.heartbeat("g", m, null, 1));
    }
}
