package io.spool.broker.group;

import io.spool.protocol.Errors;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.PartitionLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.spool.broker.group.GroupTestKit.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offsets and group metadata written through the real storage engine and materialised again after a reopen. */
class GroupPersistenceTest {
    private static final int PARTITIONS = 3;
    private static final TopicPartitionKey T0 = new TopicPartitionKey("t", 0);
    private static final TopicPartitionKey T1 = new TopicPartitionKey("t", 1);

    @TempDir
    Path dir;
    private LogManager logs;
    private GroupCoordinatorService service;
    private final ManualTimer timer = new ManualTimer();

    @AfterEach
    void closeLogs() {
        if (service != null) {
            service.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static LogConfig config() {
        LogConfig d = LogConfig.defaults();
        return new LogConfig(1 << 20, d.segmentMs(), d.indexIntervalBytes(), d.maxMessageBytes(), -1, -1,
                d.flushMessages(), d.flushMs(), false, 1 << 20);
    }

    /** (Re)opens the storage engine and a coordinator that loads from it. */
    private GroupCoordinatorService open() {
        if (service != null) {
            service.close();
        }
        if (logs != null) {
            logs.close();
        }
        logs = LogManager.open(dir, config());
        for (int p = 0; p < PARTITIONS; p++) {
            logs.getOrCreate(OffsetsTopicLogs.TOPIC, p, 1000 + p, config());
        }
        GroupConfig gc = GroupConfig.defaults().withInitialRebalanceDelayMs(0).withOffsetsTopicNumPartitions(PARTITIONS);
        GroupCoordinatorService s = new GroupCoordinatorService(gc,
                p -> new OffsetsTopicLogs.LeaderLog(logs.get(OffsetsTopicLogs.TOPIC, p), 0),
                (t, p) -> t.equals("t") && p < 6, timer, timer::now);
        s.load(Runnable::run).join();
        service = s;
        return s;
    }

    private static String stableMember(GroupCoordinatorService s, String group) {
        JoinGroupResult r0 = join(s, group, "");
        JoinGroupResult r = join(s, group, r0.memberId());
        assertEquals(Errors.NONE, r.error());
        java.util.concurrent.CompletableFuture<SyncGroupResult> f = new java.util.concurrent.CompletableFuture<>();
        s.groups().syncGroup(group, r.generationId(), r.memberId(), null, "consumer", "range",
                Map.of(r.memberId(), bytes("assigned")), f::complete);
        assertEquals(Errors.NONE, f.join().error());
        return r.memberId();
    }

    private static JoinGroupResult join(GroupCoordinatorService s, String group, String memberId) {
        java.util.concurrent.CompletableFuture<JoinGroupResult> f = new java.util.concurrent.CompletableFuture<>();
        s.groups().joinGroup(GroupTestKit.joinRequest(group, memberId, null, "consumer", GroupTestKit.protocols("range")),
                f::complete);
        return f.join();
    }

    @Test
    void committedOffsetsAndGroupMetadataSurviveAReopen() {
        GroupCoordinatorService s = open();
        String member = stableMember(s, "g");
        Map<TopicPartitionKey, Errors> r = s.offsets().commitOffsets("g", member, null, 1, Map.of(
                T0, new OffsetCoordinator.CommitEntry(100, 4, "meta-0"),
                T1, new OffsetCoordinator.CommitEntry(7, -1, null)));
        assertEquals(Map.of(T0, Errors.NONE, T1, Errors.NONE), r);
        // a later commit of the same partition wins on load
        s.offsets().commitOffsets("g", member, null, 1, Map.of(T0, new OffsetCoordinator.CommitEntry(150, 5, "meta-1")));
        s.offsets().commitOffsets("simple", "", null, -1, Map.of(T1, new OffsetCoordinator.CommitEntry(9, -1, "")));
        PartitionLog log = logs.get(OffsetsTopicLogs.TOPIC, s.partitions().partitionFor("g"));
        assertTrue(log.logEndOffset() >= 3, "commits and the group are records in __consumer_offsets");

        s = open();
        Map<TopicPartitionKey, OffsetAndMetadata> offsets = s.offsets().fetchOffsets("g", null).offsets();
        assertEquals(Set.of(T0, T1), offsets.keySet());
        assertEquals(150, offsets.get(T0).offset());
        assertEquals(5, offsets.get(T0).leaderEpoch());
        assertEquals("meta-1", offsets.get(T0).metadata());
        assertEquals(7, offsets.get(T1).offset());
        assertEquals(-1, offsets.get(T1).leaderEpoch());
        assertEquals(9, s.offsets().fetchOffsets("simple", List.of(T1)).offsets().get(T1).offset());

        GroupDescription d = s.groups().describeGroup("g");
        assertEquals(GroupState.STABLE, d.state());
        assertEquals("range", d.protocolName());
        assertEquals(member, d.members().get(0).memberId());
        assertArrayEquals(bytes("assigned"), d.members().get(0).assignment());
        assertEquals(Errors.NONE, s.groups().heartbeat("g", member, null, 1), "the member carries on in its generation");
        assertEquals(GroupState.EMPTY, s.groups().describeGroup("simple").state());
    }

    @Test
    void aReloadedMemberThatNeverComesBackIsEvictedAfterItsSession() {
        GroupCoordinatorService s = open();
        String member = stableMember(s, "g");
        s = open();
        timer.advance(GroupTestKit.SESSION_MS);
        assertEquals(GroupState.EMPTY, s.groups().describeGroup("g").state());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, s.groups().heartbeat("g", member, null, 1));

        s = open();
        GroupDescription d = s.groups().describeGroup("g");
        assertEquals(GroupState.EMPTY, d.state(), "the empty group, generation 2, was stored");
        assertEquals(List.of(), d.members());
    }

    @Test
    void deletedGroupsAndOffsetsStayDeleted() {
        GroupCoordinatorService s = open();
        s.offsets().commitOffsets("a", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, ""),
                T1, new OffsetCoordinator.CommitEntry(2, -1, "")));
        s.offsets().commitOffsets("b", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(3, -1, "")));
        assertEquals(Errors.NONE, s.groups().deleteGroup("a"));
        assertEquals(Errors.NONE, s.offsets().deleteOffsets("b", List.of(T0)).partitions().get(T0));
        s.offsets().commitOffsets("b", "", null, -1, Map.of(T1, new OffsetCoordinator.CommitEntry(4, -1, "")));

        s = open();
        assertEquals(GroupState.DEAD, s.groups().describeGroup("a").state());
        assertEquals(Map.of(), s.offsets().fetchOffsets("a", null).offsets());
        assertEquals(Set.of(T1), s.offsets().fetchOffsets("b", null).offsets().keySet());
    }

    @Test
    void loadingReplaysManySegmentsAndReadChunksAndTheLastCommitWins() {
        GroupCoordinatorService s = open();
        int commits = 12_000;
        for (int i = 0; i < commits; i++) {
            Map<TopicPartitionKey, OffsetCoordinator.CommitEntry> m = new java.util.LinkedHashMap<>();
            for (int p = 0; p < 6; p++) {
                m.put(new TopicPartitionKey("t", p), new OffsetCoordinator.CommitEntry(i * 10L + p, 1, "i=" + i));
            }
            assertEquals(Errors.NONE, s.offsets().commitOffsets("g" + (i % 7), "", null, -1, m).get(T0));
        }
        long largest = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            largest = Math.max(largest, logs.get(OffsetsTopicLogs.TOPIC, p).sizeInBytes());
        }
        assertTrue(largest > (3L << 20) / 2, "a partition spans 1 MiB segments and 1 MiB reads: bytes=" + largest);

        s = open();
        for (int g = 0; g < 7; g++) {
            int last = commits - 1 - ((commits - 1 - g) % 7);
            Map<TopicPartitionKey, OffsetAndMetadata> o = s.offsets().fetchOffsets("g" + g, null).offsets();
            assertEquals(6, o.size());
            assertEquals(last * 10L + 5, o.get(new TopicPartitionKey("t", 5)).offset(), "group g" + g);
            assertEquals("i=" + last, o.get(T0).metadata());
        }
    }

    @Test
    void aPartitionWithRecordsWeCannotReadIsNotServedAndTheOthersAre() {
        GroupCoordinatorService s = open();
        int bad = s.partitions().partitionFor("victim");
        String other = "other";
        for (int i = 0; s.partitions().partitionFor(other) == bad; i++) {
            other = "other-" + i;
        }
        s.offsets().commitOffsets("victim", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, "")));
        s.offsets().commitOffsets(other, "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(2, -1, "")));
        // a record of a newer layout (key type 99) that this broker does not understand
        byte[] key = java.nio.ByteBuffer.allocate(4).putShort((short) 99).putShort((short) 0).array();
        PartitionLog log = logs.get(OffsetsTopicLogs.TOPIC, bad);
        log.appendAsLeader(new CoordinatorBatchBuilder().add(key, new byte[] {1}).build(0), 0);

        s = open();
        assertEquals(Errors.NOT_COORDINATOR, s.checkCoordinator("victim"), "not served rather than served wrong");
        assertEquals(Errors.NOT_COORDINATOR, s.offsets().fetchOffsets("victim", null).error());
        assertEquals(2, s.offsets().fetchOffsets(other, List.of(T0)).offsets().get(T0).offset());
    }

    @Test
    void aHugeClientIdStillMakesAStorableMemberIdAndAnUnencodableRecordIsRefusedWhole() {
        GroupCoordinatorService s = open();
        String clientId = "c".repeat(Short.MAX_VALUE);
        java.util.concurrent.CompletableFuture<JoinGroupResult> f = new java.util.concurrent.CompletableFuture<>();
        s.groups().joinGroup(new JoinGroupRequestData("g", "", null, clientId, "h", GroupTestKit.SESSION_MS,
                GroupTestKit.REBALANCE_MS, "consumer", GroupTestKit.protocols("range"), false), f::complete);
        JoinGroupResult r = f.join();
        assertTrue(r.memberId().length() < 300, "bounded: " + r.memberId().length());
        java.util.concurrent.CompletableFuture<SyncGroupResult> sync = new java.util.concurrent.CompletableFuture<>();
        s.groups().syncGroup("g", r.generationId(), r.memberId(), null, null, null, Map.of(), sync::complete);
        assertEquals(Errors.NONE, sync.join().error(), "the group record was stored");

        String hugeGroup = "g".repeat(Short.MAX_VALUE + 1);
        Map<TopicPartitionKey, Errors> commit = s.offsets().commitOffsets(hugeGroup, "", null, -1,
                Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, "")));
        assertEquals(Errors.INVALID_REQUEST, commit.get(T0));
        assertEquals(Map.of(), s.offsets().fetchOffsets(hugeGroup, null).offsets());
    }

    @Test
    void expiredOffsetsAreRemovedAndStayRemoved() {
        GroupCoordinatorService s = open();
        s.offsets().commitOffsets("old", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, "")));
        timer.advance(GroupConfig.defaults().offsetsRetentionMs() - 1000);
        s.offsets().commitOffsets("new", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(2, -1, "")));
        timer.advance(1000);
        // the periodic check (every 10 minutes) has run during the advance
        assertNull(s.offsets().fetchOffsets("old", List.of(T0)).offsets().get(T0));
        assertEquals(2, s.offsets().fetchOffsets("new", List.of(T0)).offsets().get(T0).offset());
        assertEquals(GroupState.DEAD, s.groups().describeGroup("old").state(), "an empty group without offsets goes");

        s = open();
        assertNull(s.offsets().fetchOffsets("old", List.of(T0)).offsets().get(T0));
        assertEquals(2, s.offsets().fetchOffsets("new", List.of(T0)).offsets().get(T0).offset());
    }

    @Test
    void aConsumerGroupsOffsetsExpireOnlyOnceTheGroupHasBeenEmptyForTheRetention() {
        GroupCoordinatorService s = open();
        String member = stableMember(s, "g");
        s.offsets().commitOffsets("g", member, null, 1, Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, "")));
        long retention = GroupConfig.defaults().offsetsRetentionMs();
        for (long t = 0; t < retention + 60_000; t += 3000) {
            timer.advance(3000);
            s.groups().heartbeat("g", member, null, 1);
        }
        assertEquals(1, s.offsets().fetchOffsets("g", List.of(T0)).offsets().get(T0).offset(), "active: kept");
        s.groups().leaveGroup("g", List.of(new LeaveResult.LeavingMember(member, null)));
        timer.advance(retention - 600_000);
        assertEquals(1, s.offsets().fetchOffsets("g", List.of(T0)).offsets().get(T0).offset());
        timer.advance(1_200_000);
        assertNull(s.offsets().fetchOffsets("g", List.of(T0)).offsets().get(T0));
    }
}
