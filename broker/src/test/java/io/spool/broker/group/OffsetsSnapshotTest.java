package io.spool.broker.group;

import io.spool.config.BrokerConfig;
import io.spool.protocol.Errors;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.spool.broker.group.GroupTestKit.bytes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot-and-truncate of {@code __consumer_offsets} (DESIGN §5) through the real storage engine: the log
 * shrinks, restarts restore the same state, crashes and bad snapshots lose nothing or refuse to serve.
 */
class OffsetsSnapshotTest {
    private static final int PARTITIONS = 3;
    private static final int GROUPS = 7;
    private static final TopicPartitionKey T0 = new TopicPartitionKey("t", 0);

    @TempDir
    Path dir;
    private LogManager logs;
    private GroupCoordinatorService service;
    private final ManualTimer timer = new ManualTimer();
    private GroupConfig groupConfig = GroupConfig.defaults().withInitialRebalanceDelayMs(0)
            .withOffsetsTopicNumPartitions(PARTITIONS);

    @AfterEach
    void closeAll() {
        if (service != null) {
            service.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    /** 64 KiB segments: a few thousand commits span many of them. */
    private static LogConfig config() {
        LogConfig d = LogConfig.defaults();
        return new LogConfig(64 << 10, d.segmentMs(), d.indexIntervalBytes(), d.maxMessageBytes(), -1, -1,
                d.flushMessages(), d.flushMs(), false, 64 << 10);
    }

    /** A coordinator loaded from the storage engine; {@code crash} skips the last snapshot of the one it replaces. */
    private GroupCoordinatorService open(boolean reopenStorage, boolean crash) {
        if (service != null) {
            if (crash) {
                service.stop();
            } else {
                service.close();
            }
            service = null;
        }
        if (reopenStorage && logs != null) {
            logs.close();
            logs = null;
        }
        if (logs == null) {
            logs = LogManager.open(dir, config());
            for (int p = 0; p < PARTITIONS; p++) {
                logs.getOrCreate(OffsetsTopicLogs.TOPIC, p, 1000 + p, config());
            }
        }
        GroupCoordinatorService s = new GroupCoordinatorService(groupConfig,
                p -> new OffsetsTopicLogs.LeaderLog(logs.get(OffsetsTopicLogs.TOPIC, p), 0),
                (t, p) -> t.equals("t") && p < 6, timer, timer::now);
        s.load(Runnable::run).join();
        service = s;
        return s;
    }

    private PartitionLog log(int p) {
        return logs.get(OffsetsTopicLogs.TOPIC, p);
    }

    private long segmentFiles(int p) {
        try (Stream<Path> files = Files.list(dir.resolve(OffsetsTopicLogs.TOPIC + "-" + p))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long segmentFiles() {
        long n = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            n += segmentFiles(p);
        }
        return n;
    }

    /** {@code rounds} commits of 6 partitions spread over {@link #GROUPS} standalone groups, from offset {@code base}. */
    private static void commit(GroupCoordinatorService s, int rounds, long base) {
        for (int i = 0; i < rounds; i++) {
            Map<TopicPartitionKey, OffsetCoordinator.CommitEntry> m = new LinkedHashMap<>();
            for (int p = 0; p < 6; p++) {
                m.put(new TopicPartitionKey("t", p), new OffsetCoordinator.CommitEntry(base + i * 10L + p, 1, "i=" + i));
            }
            assertEquals(Errors.NONE, s.offsets().commitOffsets("g" + (i % GROUPS), "", null, -1, m).get(T0));
        }
    }

    /** One commit to a new group in each partition: the first record after a snapshot, never overwritten later. */
    private static void commitOnePerPartition(GroupCoordinatorService s, String prefix) {
        boolean[] done = new boolean[PARTITIONS];
        for (int i = 0, left = PARTITIONS; left > 0; i++) {
            String id = prefix + i;
            int p = s.partitions().partitionFor(id);
            if (!done[p]) {
                done[p] = true;
                left--;
                assertEquals(Errors.NONE, s.offsets().commitOffsets(id, "", null, -1,
                        Map.of(T0, new OffsetCoordinator.CommitEntry(i, -1, id))).get(T0));
            }
        }
    }

    private static String stableMember(GroupCoordinatorService s, String group) {
        CompletableFuture<JoinGroupResult> f0 = new CompletableFuture<>();
        s.groups().joinGroup(GroupTestKit.joinRequest(group, "", null, "consumer", GroupTestKit.protocols("range")),
                f0::complete);
        CompletableFuture<JoinGroupResult> f1 = new CompletableFuture<>();
        s.groups().joinGroup(GroupTestKit.joinRequest(group, f0.join().memberId(), null, "consumer",
                GroupTestKit.protocols("range")), f1::complete);
        JoinGroupResult r = f1.join();
        CompletableFuture<SyncGroupResult> sync = new CompletableFuture<>();
        s.groups().syncGroup(group, r.generationId(), r.memberId(), null, "consumer", "range",
                Map.of(r.memberId(), bytes("assigned")), sync::complete);
        assertEquals(Errors.NONE, sync.join().error());
        return r.memberId();
    }

    /** Everything a client can observe of the groups, as comparable text. */
    private static Map<String, String> state(GroupCoordinatorService s) {
        Map<String, String> out = new TreeMap<>();
        for (GroupOverview o : s.groups().listGroups(java.util.Set.of())) {
            String id = o.groupId();
            GroupDescription d = s.groups().describeGroup(id);
            StringBuilder b = new StringBuilder(d.state() + " " + d.protocolType() + " " + d.protocolName());
            for (var m : d.members()) {
                b.append(" member=").append(m.memberId()).append(':').append(new String(m.assignment()));
            }
            new TreeMap<>(s.offsets().fetchOffsets(id, null).offsets()).forEach((tp, om) -> b.append(' ')
                    .append(tp).append('=').append(om.offset()).append('/').append(om.leaderEpoch()).append('/')
                    .append(om.metadata()).append('/').append(om.commitTimestampMs()));
            out.put(id, b.toString());
        }
        return out;
    }

    /** Snapshots every partition until the sealed segments below each snapshot are gone (sealing is asynchronous). */
    private void snapshotUntilTruncated(GroupCoordinatorService s) {
        s.snapshotNow();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            s.snapshotNow();
            for (int p = 0; p < PARTITIONS; p++) {
                if (segmentFiles(p) > 2) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void aSnapshotShrinksTheLogAndRestartsRestoreExactlyTheSameState() {
        GroupCoordinatorService s = open(false, false);
        String member = stableMember(s, "consumers");
        s.offsets().commitOffsets("consumers", member, null, 1, Map.of(T0, new OffsetCoordinator.CommitEntry(5, 2, "m")));
        commit(s, 3000, 0);
        s.offsets().commitOffsets("doomed", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, "")));
        assertEquals(Errors.NONE, s.groups().deleteGroup("doomed"));
        long before = segmentFiles();
        assertTrue(before > 3 * PARTITIONS, "segments=" + before);

        long t0 = System.nanoTime();
        for (int p = 0; p < PARTITIONS; p++) {
            GroupLoader.load(log(p));
        }
        long fullReplayMicros = (System.nanoTime() - t0) / 1000;

        snapshotUntilTruncated(s);
        long after = segmentFiles();
        for (int p = 0; p < PARTITIONS; p++) {
            assertTrue(log(p).logStartOffset() > 0, "partition " + p + " truncated");
            assertNotNull(log(p).stateSnapshot());
        }
        assertTrue(after < before, "segments before=" + before + ", after=" + after);

        t0 = System.nanoTime();
        for (int p = 0; p < PARTITIONS; p++) {
            assertTrue(GroupLoader.load(log(p)).snapshotOffset() > 0);
        }
        long snapshotMicros = (System.nanoTime() - t0) / 1000;
        System.out.printf("__consumer_offsets: segment files before=%d after=%d; load of %d partitions: "
                + "full replay %d us, snapshot %d us%n", before, after, PARTITIONS, fullReplayMicros, snapshotMicros);

        // records after the snapshot: loading is snapshot + replay from S
        commitOnePerPartition(s, "tail-");
        commit(s, 50, 1_000_000);
        s.offsets().commitOffsets("late", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(3, -1, "x")));
        assertEquals(Errors.NONE, s.groups().deleteGroup("g3"));
        Map<String, String> expected = state(s);
        assertTrue(expected.containsKey("consumers") && expected.containsKey("late") && !expected.containsKey("g3"));
        assertTrue(expected.get("consumers").startsWith("STABLE consumer range member="), expected.get("consumers"));

        assertEquals(expected, state(open(false, true)), "in process, crashed: snapshot + replay of the tail");
        assertEquals(expected, state(open(true, true)), "storage reopened, crashed: snapshot + replay of the tail");
        assertEquals(expected, state(open(true, false)), "storage reopened after a clean stop (a last snapshot)");
        assertEquals(Errors.NONE, service.groups().heartbeat("consumers", member, null, 1));
    }

    @Test
    void aCrashBetweenStoringTheSnapshotAndTruncatingLosesNothing() {
        GroupCoordinatorService s = open(false, false);
        commit(s, 2000, 0);
        for (int p = 0; p < PARTITIONS; p++) {
            assertNotNull(s.snapshotter().storeSnapshot(p), "stored, not truncated");
            assertEquals(0, log(p).logStartOffset());
        }
        commitOnePerPartition(s, "tail-");
        commit(s, 20, 500_000);
        Map<String, String> expected = state(s);

        s = open(true, true);
        assertEquals(expected, state(s));
        long before = segmentFiles();
        snapshotUntilTruncated(s);
        assertTrue(segmentFiles() < before, "the next run truncates: before=" + before + ", after=" + segmentFiles());
        assertEquals(expected, state(open(true, true)));
    }

    @Test
    void aCorruptSnapshotFallsBackToAFullReplayWhileTheLogStillHoldsEverything() {
        GroupCoordinatorService s = open(false, false);
        commit(s, 1000, 0);
        for (int p = 0; p < PARTITIONS; p++) {
            s.snapshotter().storeSnapshot(p);
        }
        commitOnePerPartition(s, "tail-");
        commit(s, 10, 100_000);
        Map<String, String> expected = state(s);
        for (int p = 0; p < PARTITIONS; p++) {
            byte[] bad = log(p).stateSnapshot();
            bad[bad.length / 2] ^= 0x40;
            log(p).storeStateSnapshot(bad);
        }
        assertThrows(IllegalStateException.class, () -> OffsetsSnapshot.decode(log(0).stateSnapshot()));

        s = open(true, true);
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(Errors.NONE, s.partitions().status(p));
        }
        assertEquals(expected, state(s));
    }

    @Test
    void aBadOrMissingSnapshotOfATruncatedLogIsRefusedNotServedWrong() throws IOException {
        GroupCoordinatorService s = open(false, false);
        commit(s, 3000, 0);
        snapshotUntilTruncated(s);
        Map<String, String> expected = state(s);
        int victim = s.partitions().partitionFor("g0");
        log(victim).storeStateSnapshot(new byte[] {1, 2, 3});

        s = open(true, true);
        assertEquals(Errors.NOT_COORDINATOR, s.checkCoordinator("g0"), "corrupt snapshot, log truncated: not served");
        assertEquals(Errors.NOT_COORDINATOR, s.offsets().fetchOffsets("g0", null).error());
        for (int g = 0; g < GROUPS; g++) {
            String id = "g" + g;
            if (s.partitions().partitionFor(id) != victim) {
                assertEquals(Errors.NONE, s.checkCoordinator(id));
                assertEquals(6, s.offsets().fetchOffsets(id, null).offsets().size(), id);
            }
        }
        assertNull(s.snapshotter().snapshot(victim), "a partition not served is never snapshotted or truncated");

        // the snapshot is missing altogether: RocksDB was lost and rebuilt from the segments
        s.stop();
        service = null;
        logs.close();
        logs = null;
        deleteRecursively(dir.resolve(".index"));
        s = open(false, false);
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(Errors.NOT_COORDINATOR, s.partitions().status(p), "partition " + p);
            assertTrue(log(p).logStartOffset() > 0);
        }
        assertTrue(expected.size() >= GROUPS);
    }

    @Test
    void aConfiguredOffsetsRetentionMinutesGovernsExpiry() {
        groupConfig = GroupConfig.from(BrokerConfig.of(Map.of("offsets.retention.minutes", "3",
                "offsets.retention.check.interval.ms", "1000"))).withOffsetsTopicNumPartitions(PARTITIONS);
        assertEquals(180_000, groupConfig.offsetsRetentionMs());
        GroupCoordinatorService s = open(false, false);
        s.offsets().commitOffsets("old", "", null, -1, Map.of(T0, new OffsetCoordinator.CommitEntry(1, -1, "")));
        timer.advance(179_000);
        assertEquals(1, s.offsets().fetchOffsets("old", List.of(T0)).offsets().get(T0).offset(), "kept for 3 minutes");
        timer.advance(1_000);
        assertNull(s.offsets().fetchOffsets("old", List.of(T0)).offsets().get(T0), "gone at 3 minutes");
        assertNull(open(true, false).offsets().fetchOffsets("old", List.of(T0)).offsets().get(T0), "and stays gone");
    }

    @Test
    void theSnapshotRunsEveryConfiguredInterval() {
        groupConfig = groupConfig.withOffsetsSnapshotIntervalMs(60_000);
        GroupCoordinatorService s = open(false, false);
        commit(s, 100, 0);
        int p = s.partitions().partitionFor("g0");
        assertNull(log(p).stateSnapshot());
        timer.advance(60_000);
        byte[] first = log(p).stateSnapshot();
        assertNotNull(first);
        assertEquals(log(p).highWatermark(), log(p).logStartOffset(), "truncated to S = the high watermark");
        timer.advance(60_000);
        assertArrayEquals(first, log(p).stateSnapshot(), "a partition that did not grow is not snapshotted again");
        commit(s, 1, 7);
        timer.advance(60_000);
        assertTrue(OffsetsSnapshot.decode(log(p).stateSnapshot()).offset() > OffsetsSnapshot.decode(first).offset());
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path f : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
