package io.spool.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.spool.storage.TestBatches.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** {@link PartitionLog#advanceLogStartOffset} and the stored state snapshot, across clean and unclean reopens. */
class LogStartAdvanceTest {
    @TempDir
    Path dir;
    DefaultLogManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private DefaultLogManager open() {
        manager = DefaultLogManager.open(dir, config(16 << 10), options());
        return manager;
    }

    private static boolean allSealed(PartitionLog log) {
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        return impl.segments.values().stream().filter(s -> s != impl.active).allMatch(s -> s.mapping == null);
    }

    @Test
    void advancingDeletesOnlySealedSegmentsWhollyBelowAndSurvivesAnUncleanReopen() {
        PartitionLog log = open().getOrCreate("c", 0, 7L, config(16 << 10));
        for (int i = 0; i < 100; i++) {
            log.appendAsLeader(batch("c" + i, 2, 900, 0), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        await().atMost(Duration.ofSeconds(10)).until(() -> allSealed(log));
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        int before = impl.segmentCount();
        assertTrue(before > 5, "segments=" + before);
        // an offset in the middle of a segment: that segment stays, the ones wholly below go
        long target = impl.segments.lastKey() - 3;
        long containing = impl.segments.floorKey(target);

        log.advanceLogStartOffset(target);
        assertEquals(target, log.logStartOffset());
        assertEquals(containing, (long) impl.segments.firstKey());
        assertTrue(impl.segmentCount() < before);
        assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(target - 1, log.logEndOffset(), 1000, true).status());
        assertEquals(ReadResult.Status.OK, log.read(target, log.logEndOffset(), 1000, true).status());

        log.advanceLogStartOffset(target - 10);
        assertEquals(target, log.logStartOffset(), "never backwards");

        int after = impl.segmentCount();
        manager.closeUnclean();
        PartitionLog reopened = open().get("c", 0);
        assertEquals(target, reopened.logStartOffset(), "written synced: an unclean stop keeps it");
        assertEquals(after, ((DefaultPartitionLog) reopened).segmentCount());
    }

    @Test
    void theStartNeverPassesTheHighWatermark() {
        PartitionLog log = open().getOrCreate("h", 0, 8L, config(16 << 10));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch("h" + i, 1), 0);
        }
        log.updateHighWatermark(4);
        log.advanceLogStartOffset(100);
        assertEquals(4, log.logStartOffset());
    }

    @Test
    void theStateSnapshotIsReplacedKeptAcrossReopensAndDeletedWithThePartition() {
        PartitionLog log = open().getOrCreate("s", 0, 9L, config(16 << 10));
        assertNull(log.stateSnapshot());
        log.storeStateSnapshot(new byte[] {1, 2, 3});
        log.storeStateSnapshot(new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, log.stateSnapshot());
        manager.closeUnclean();

        PartitionLog reopened = open().get("s", 0);
        assertArrayEquals(new byte[] {4, 5}, reopened.stateSnapshot(), "written synced");
        manager.deleteTopic("s");
        assertThrows(StorageException.class, reopened::stateSnapshot, "a closed log refuses instead of touching RocksDB");
        assertNull(manager.getOrCreate("s", 0, 9L, config(16 << 10)).stateSnapshot(), "recreated: nothing resurrected");
    }
}
