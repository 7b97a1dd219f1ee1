package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static io.spool.broker.group.GroupTestKit.REBALANCE_MS;
import static io.spool.broker.group.GroupTestKit.SESSION_MS;
import static io.spool.broker.group.GroupTestKit.bytes;
import static io.spool.broker.group.GroupTestKit.joinRequest;
import static io.spool.broker.group.GroupTestKit.protocols;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classic group state machine on a manual clock: phases, generations, timeouts, static members. */
class GroupCoordinatorTest {

    /** Brings {@code n} members to Stable in one generation; returns their member ids, leader first. */
    private static List<String> stableGroup(GroupTestKit kit, String group, int n) {
        List<CompletableFuture<JoinGroupResult>> joins = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            joins.add(kit.joinNew(group));
            if (i == 0) {
                // with no initial delay the first member completes a generation alone; the others rebalance it
                JoinGroupResult r = joins.get(0).join();
                kit.sync(group, r.generationId(), r.memberId(), Map.of(r.memberId(), bytes("a0"))).join();
            }
        }
        // the first member learns of the rebalance by heartbeat and rejoins
        JoinGroupResult first = joins.get(0).join();
        if (n > 1) {
            assertEquals(Errors.REBALANCE_IN_PROGRESS,
                    kit.coordinator.heartbeat(group, first.memberId(), null, first.generationId()));
            joins.set(0, kit.join(group, first.memberId()));
        }
        List<JoinGroupResult> results = joins.stream().map(CompletableFuture::join).toList();
        int generation = results.get(0).generationId();
        String leader = results.get(0).leaderId();
        Map<String, byte[]> assignment = new HashMap<>();
        for (JoinGroupResult r : results) {
            assertEquals(Errors.NONE, r.error());
            assertEquals(generation, r.generationId());
            assignment.put(r.memberId(), bytes("assignment-of-" + r.memberId()));
        }
        List<CompletableFuture<SyncGroupResult>> syncs = new java.util.ArrayList<>();
        for (JoinGroupResult r : results) {
            syncs.add(kit.sync(group, generation, r.memberId(), r.memberId().equals(leader) ? assignment : Map.of()));
        }
        syncs.forEach(s -> assertEquals(Errors.NONE, s.join().error()));
        assertEquals(GroupState.STABLE, kit.state(group));
        List<String> ids = new java.util.ArrayList<>();
        ids.add(leader);
        results.stream().map(JoinGroupResult::memberId).filter(id -> !id.equals(leader)).forEach(ids::add);
        return ids;
    }

    @Test
    void firstJoinGetsMemberIdRequiredThenCompletesGenerationOne() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        JoinGroupResult first = kit.join("g", "").join();
        assertEquals(Errors.MEMBER_ID_REQUIRED, first.error());
        assertTrue(first.memberId().startsWith("client-"));

        JoinGroupResult joined = kit.join("g", first.memberId()).join();
        assertEquals(Errors.NONE, joined.error());
        assertEquals(1, joined.generationId());
        assertEquals(joined.memberId(), joined.leaderId());
        assertEquals("range", joined.protocolName());
        assertEquals(1, joined.members().size());
        assertEquals(GroupState.COMPLETING_REBALANCE, kit.state("g"));

        SyncGroupResult sync = kit.sync("g", 1, joined.memberId(), Map.of(joined.memberId(), bytes("mine"))).join();
        assertEquals(Errors.NONE, sync.error());
        assertArrayEquals(bytes("mine"), sync.assignment());
        assertEquals(GroupState.STABLE, kit.state("g"));
    }

    @Test
    void oldJoinGroupVersionsGetAMemberIdWithoutTheExtraRoundTrip() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        JoinGroupRequestData v3 = new JoinGroupRequestData("g", "", null, "c", "h", SESSION_MS, REBALANCE_MS,
                "consumer", protocols("range"), false);
        JoinGroupResult r = kit.join(v3).join();
        assertEquals(Errors.NONE, r.error());
        assertEquals(1, r.generationId());
    }

    @Test
    void initialRebalanceDelayWaitsForMoreMembersAndExtendsWhileTheyArrive() {
        GroupTestKit kit = new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(3000)
                .withOffsetsTopicNumPartitions(4), GroupStore.IN_MEMORY_ONLY, Set.of("t"));
        CompletableFuture<JoinGroupResult> a = kit.joinNew("g");
        kit.timer.advance(1000);
        CompletableFuture<JoinGroupResult> b = kit.joinNew("g");
        kit.timer.advance(1999);
        assertFalse(a.isDone(), "the first delay has not elapsed");
        kit.timer.advance(1);
        assertFalse(a.isDone(), "a member arrived during the delay: it is extended");
        kit.timer.advance(3000);
        assertTrue(a.isDone() && b.isDone());
        assertEquals(1, a.join().generationId());
        assertEquals(2, kit.coordinator.describeGroup("g").members().size());
        assertEquals(2, a.join().members().size() + b.join().members().size(), "only the leader sees the members");
    }

    @Test
    void initialDelayNeverExceedsTheRebalanceTimeout() {
        GroupTestKit kit = new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(4000)
                .withOffsetsTopicNumPartitions(4), GroupStore.IN_MEMORY_ONLY, Set.of("t"));
        CompletableFuture<JoinGroupResult> a = kit.joinNew("g");
        for (int i = 0; i < 4; i++) {
            kit.timer.advance(2000);
            kit.joinNew("g");
        }
        assertFalse(a.isDone(), "8 s: members keep arriving, the delay keeps being extended");
        kit.timer.advance(2000);
        assertTrue(a.isDone(), "completed at the rebalance timeout (10 s) although members kept arriving");
        assertEquals(Errors.NONE, a.join().error());
    }

    @Test
    void aFourthMemberTriggersARebalanceAndEveryoneGetsTheNextGeneration() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 3);
        assertEquals(3, kit.coordinator.describeGroup("g").members().size());

        CompletableFuture<JoinGroupResult> fourth = kit.joinNew("g");
        assertFalse(fourth.isDone());
        assertEquals(GroupState.PREPARING_REBALANCE, kit.state("g"));
        int oldGeneration = 2;
        List<CompletableFuture<JoinGroupResult>> rejoins = new java.util.ArrayList<>();
        for (String id : ids) {
            assertEquals(Errors.REBALANCE_IN_PROGRESS, kit.coordinator.heartbeat("g", id, null, oldGeneration));
            rejoins.add(kit.join("g", id));
        }
        assertTrue(fourth.isDone(), "the last rejoin completes the join phase");
        assertEquals(oldGeneration + 1, fourth.join().generationId());
        assertEquals(ids.get(0), fourth.join().leaderId(), "the leader stays the leader");
        assertEquals(4, rejoins.get(0).join().members().size());
        assertEquals(GroupState.COMPLETING_REBALANCE, kit.state("g"));
    }

    @Test
    void aMemberThatDoesNotRejoinIsDroppedAtTheRebalanceTimeout() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        CompletableFuture<JoinGroupResult> leaderRejoin = kit.join("g", ids.get(0));
        assertEquals(GroupState.PREPARING_REBALANCE, kit.state("g"));
        // the follower keeps heartbeating but never rejoins
        for (int t = 0; t < REBALANCE_MS - 2000; t += 2000) {
            kit.timer.advance(2000);
            assertEquals(Errors.REBALANCE_IN_PROGRESS, kit.coordinator.heartbeat("g", ids.get(1), null, 2));
        }
        assertFalse(leaderRejoin.isDone());
        kit.timer.advance(2000);
        JoinGroupResult r = leaderRejoin.join();
        assertEquals(3, r.generationId());
        assertEquals(1, r.members().size());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.coordinator.heartbeat("g", ids.get(1), null, 3));
    }

    @Test
    void aSilentMemberIsEvictedAfterItsSessionTimeoutAndTheOthersRebalance() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        String alive = ids.get(0);
        String silent = ids.get(1);
        for (int t = 0; t < SESSION_MS - 1000; t += 1000) {
            kit.timer.advance(1000);
            assertEquals(Errors.NONE, kit.coordinator.heartbeat("g", alive, null, 2));
        }
        assertEquals(GroupState.STABLE, kit.state("g"), "not yet: the session has 1 s left");
        kit.timer.advance(1000);
        assertEquals(GroupState.PREPARING_REBALANCE, kit.state("g"));
        assertEquals(Errors.REBALANCE_IN_PROGRESS, kit.coordinator.heartbeat("g", alive, null, 2));
        JoinGroupResult r = kit.join("g", alive).join();
        assertEquals(3, r.generationId());
        assertEquals(List.of(alive), r.members().stream().map(JoinGroupResult.JoinedMember::memberId).toList());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, kit.coordinator.heartbeat("g", silent, null, 3));
    }

    @Test
    void heartbeatsKeepAMemberAliveFarBeyondItsSessionTimeout() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 1);
        for (int i = 0; i < 20; i++) {
            kit.timer.advance(SESSION_MS / 2);
            assertEquals(Errors.NONE, kit.coordinator.heartbeat("g", ids.get(0), null, 1));
        }
        assertEquals(GroupState.STABLE, kit.state("g"));
    }

    @Test
    void leavingMembersTriggerARebalanceAndTheLastOneEmptiesTheGroup() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        LeaveResult left = kit.coordinator.leaveGroup("g", List.of(new LeaveResult.LeavingMember(ids.get(1), null)));
        assertEquals(List.of(Errors.NONE), left.memberErrors());
        assertEquals(GroupState.PREPARING_REBALANCE, kit.state("g"));
        JoinGroupResult r = kit.join("g", ids.get(0)).join();
        assertEquals(3, r.generationId());
        kit.sync("g", 3, ids.get(0), Map.of()).join();

        kit.coordinator.leaveGroup("g", List.of(new LeaveResult.LeavingMember(ids.get(0), null)));
        // the join phase of a group whose members all left completes at once: Empty, next generation
        assertEquals(GroupState.EMPTY, kit.state("g"));
        LeaveResult again = kit.coordinator.leaveGroup("g", List.of(new LeaveResult.LeavingMember(ids.get(0), null)));
        assertEquals(List.of(Errors.UNKNOWN_MEMBER_ID), again.memberErrors());
    }

    @Test
    void theProtocolIsTheOneAllSupportChosenByVote() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        JoinGroupResult a0 = kit.join(joinRequest("g", "", null, "consumer", protocols("range", "roundrobin"))).join();
        CompletableFuture<JoinGroupResult> a = kit.join(joinRequest("g", a0.memberId(), null, "consumer",
                protocols("range", "roundrobin")));
        kit.sync("g", 1, a0.memberId(), Map.of()).join();
        JoinGroupResult b0 = kit.join(joinRequest("g", "", null, "consumer", protocols("roundrobin", "range"))).join();
        CompletableFuture<JoinGroupResult> b = kit.join(joinRequest("g", b0.memberId(), null, "consumer",
                protocols("roundrobin", "range")));
        JoinGroupResult c0 = kit.join(joinRequest("g", "", null, "consumer", protocols("range", "roundrobin", "sticky"))).join();
        CompletableFuture<JoinGroupResult> c = kit.join(joinRequest("g", c0.memberId(), null, "consumer",
                protocols("range", "roundrobin", "sticky")));
        kit.join(joinRequest("g", a0.memberId(), null, "consumer", protocols("range", "roundrobin")));
        assertEquals(a.join().generationId() + 1, c.join().generationId());
        assertEquals("range", c.join().protocolName(), "range 2 votes, roundrobin 1; sticky is not common to all");
        assertEquals("range", b.join().protocolName());
    }

    @Test
    void aFollowerSyncWaitsForTheLeaderAndGetsItsAssignmentByteForByte() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        CompletableFuture<JoinGroupResult> l = kit.join("g", ids.get(0));
        CompletableFuture<JoinGroupResult> f = kit.join("g", ids.get(1));
        int gen = l.join().generationId();
        CompletableFuture<SyncGroupResult> followerSync = kit.sync("g", gen, ids.get(1), Map.of());
        assertFalse(followerSync.isDone(), "parked until the leader's assignment arrives");
        byte[] opaque = new byte[300];
        for (int i = 0; i < opaque.length; i++) {
            opaque[i] = (byte) (i * 7);
        }
        SyncGroupResult leaderSync = kit.sync("g", gen, ids.get(0), Map.of(ids.get(1), opaque)).join();
        assertEquals(Errors.NONE, leaderSync.error());
        assertEquals(0, leaderSync.assignment().length, "no assignment for the leader: empty");
        assertArrayEquals(opaque, followerSync.join().assignment());
        assertEquals(f.join().generationId(), gen);
    }

    @Test
    void aFollowerParkedInSyncGroupOutlivesItsSessionWhileTheLeaderComputesButNotTheLeaderItself() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        kit.join("g", ids.get(0));
        int gen = kit.join("g", ids.get(1)).join().generationId();
        CompletableFuture<SyncGroupResult> followerSync = kit.sync("g", gen, ids.get(1), Map.of());
        for (int t = 0; t < 2 * SESSION_MS; t += 2000) {
            kit.timer.advance(2000);
            assertEquals(Errors.NONE, kit.coordinator.heartbeat("g", ids.get(0), null, gen));
        }
        assertFalse(followerSync.isDone(), "still parked, still a member, two sessions later");
        SyncGroupResult leader = kit.sync("g", gen, ids.get(0), Map.of(ids.get(1), bytes("late"))).join();
        assertEquals(Errors.NONE, leader.error());
        assertArrayEquals(bytes("late"), followerSync.join().assignment());

        // a leader that dies before SyncGroup expires; the parked follower learns of the rebalance
        kit.join("g", ids.get(0));
        gen = kit.join("g", ids.get(1)).join().generationId();
        CompletableFuture<SyncGroupResult> parked = kit.sync("g", gen, ids.get(1), Map.of());
        kit.timer.advance(SESSION_MS);
        assertEquals(Errors.REBALANCE_IN_PROGRESS, parked.join().error());
    }

    @Test
    void aRebalanceDuringCompletingRebalanceFailsParkedSyncs() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        kit.join("g", ids.get(0));
        CompletableFuture<JoinGroupResult> f = kit.join("g", ids.get(1));
        int gen = f.join().generationId();
        CompletableFuture<SyncGroupResult> followerSync = kit.sync("g", gen, ids.get(1), Map.of());
        kit.coordinator.leaveGroup("g", List.of(new LeaveResult.LeavingMember(ids.get(0), null)));
        assertEquals(Errors.REBALANCE_IN_PROGRESS, followerSync.join().error());
    }

    @Test
    void aRestartedStaticMemberGetsItsPlaceBackWithoutARebalanceAndFencesItsOldSelf() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        JoinGroupResult a = kit.join(joinRequest("g", "", "instance-a", "consumer", protocols("range"))).join();
        assertEquals(Errors.NONE, a.error(), "static members get no MEMBER_ID_REQUIRED round trip");
        kit.sync("g", 1, a.memberId(), Map.of(a.memberId(), bytes("A"))).join();
        assertEquals(GroupState.STABLE, kit.state("g"));

        // the restarted consumer's subscription bytes differ (it owns nothing yet): still no rebalance
        List<Protocol> restarted = List.of(new Protocol("range", bytes("other subscription bytes")));
        JoinGroupResult again = kit.join(joinRequest("g", "", "instance-a", "consumer", restarted)).join();
        assertEquals(Errors.NONE, again.error());
        assertNotEquals(a.memberId(), again.memberId());
        assertEquals(1, again.generationId(), "no rebalance");
        assertTrue(again.skipAssignment(), "the static leader keeps the current assignment");
        assertEquals(GroupState.STABLE, kit.state("g"));
        SyncGroupResult s = kit.sync("g", 1, again.memberId(), Map.of()).join();
        assertArrayEquals(bytes("A"), s.assignment());

        assertEquals(Errors.FENCED_INSTANCE_ID, kit.coordinator.heartbeat("g", a.memberId(), "instance-a", 1));
        CompletableFuture<JoinGroupResult> stale = kit.join(joinRequest("g", a.memberId(), "instance-a", "consumer",
                restarted));
        assertEquals(Errors.FENCED_INSTANCE_ID, stale.join().error());
        Map<TopicPartitionKey, Errors> commit = kit.offsets.commitOffsets("g", a.memberId(), "instance-a", 1,
                Map.of(new TopicPartitionKey("t", 0), new OffsetCoordinator.CommitEntry(5, -1, "")));
        assertEquals(Errors.FENCED_INSTANCE_ID, commit.get(new TopicPartitionKey("t", 0)));
    }

    @Test
    void aStaticMemberLeavesByInstanceId() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        JoinGroupResult a = kit.join(joinRequest("g", "", "instance-a", "consumer", protocols("range"))).join();
        kit.sync("g", 1, a.memberId(), Map.of()).join();
        LeaveResult r = kit.coordinator.leaveGroup("g", List.of(new LeaveResult.LeavingMember("", "instance-a")));
        assertEquals(List.of(Errors.NONE), r.memberErrors());
        assertEquals(GroupState.EMPTY, kit.state("g"));
    }

    @Test
    void aMemberIdNeverUsedAfterMemberIdRequiredExpiresAndStopsBlockingTheJoinPhase() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 1);
        JoinGroupResult pending = kit.join("g", "").join();
        assertEquals(Errors.MEMBER_ID_REQUIRED, pending.error());
        // the stable member rejoins (e.g. its subscription changed); the pending id blocks completion
        CompletableFuture<JoinGroupResult> rejoin = kit.join(joinRequest("g", ids.get(0), null, "consumer",
                protocols("range", "roundrobin")));
        assertFalse(rejoin.isDone());
        kit.timer.advance(SESSION_MS);
        assertEquals(Errors.NONE, rejoin.join().error());
        assertEquals(1, rejoin.join().members().size());
    }

    @Test
    void aFollowerThatLostItsJoinResponseGetsItAgain() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        JoinGroupResult again = kit.join("g", ids.get(1)).join();
        assertEquals(Errors.NONE, again.error());
        assertEquals(2, again.generationId());
        assertEquals(GroupState.STABLE, kit.state("g"), "a follower rejoining with the same protocols does not rebalance");
    }

    @Test
    void describeAndListShowMembersAndAssignments() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 2);
        GroupDescription d = kit.coordinator.describeGroup("g");
        assertEquals(GroupState.STABLE, d.state());
        assertEquals("consumer", d.protocolType());
        assertEquals("range", d.protocolName());
        assertEquals(Set.copyOf(ids), Set.copyOf(d.members().stream().map(GroupDescription.Member::memberId).toList()));
        for (GroupDescription.Member m : d.members()) {
            assertArrayEquals(bytes("assignment-of-" + m.memberId()), m.assignment());
        }
        assertEquals(List.of(new GroupOverview("g", "consumer", GroupState.STABLE)), kit.coordinator.listGroups(Set.of()));
        assertEquals(List.of(), kit.coordinator.listGroups(Set.of(GroupState.EMPTY)));
        assertEquals(GroupState.DEAD, kit.coordinator.describeGroup("nope").state());
    }

    @Test
    void onlyEmptyGroupsCanBeDeleted() {
        GroupTestKit kit = GroupTestKit.withoutDelay();
        List<String> ids = stableGroup(kit, "g", 1);
        assertEquals(Errors.NON_EMPTY_GROUP, kit.coordinator.deleteGroup("g"));
        kit.coordinator.leaveGroup("g", List.of(new LeaveResult.LeavingMember(ids.get(0), null)));
        assertEquals(Errors.NONE, kit.coordinator.deleteGroup("g"));
        assertEquals(Errors.GROUP_ID_NOT_FOUND, kit.coordinator.deleteGroup("g"));
        assertEquals(List.of(), kit.coordinator.listGroups(Set.of()));
    }
}
