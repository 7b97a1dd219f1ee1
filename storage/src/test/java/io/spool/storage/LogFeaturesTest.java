package io.spool.storage;

import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.spool.storage.TestBatches.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Producer state, retention, flush policy, disk full, timestamps, truncation, follower appends, recovery cuts. */
class LogFeaturesTest {
    @TempDir
    Path dir;
    DefaultLogManager manager;
    final AtomicLong clock = new AtomicLong(1_000_000L);

    @AfterEach
    void tearDown() {
        NativeIo.injectedFallocateErrno = 0;
        if (manager != null) {
            manager.close();
        }
    }

    private DefaultLogManager open() {
        manager = DefaultLogManager.open(dir, config(1 << 20), options());
        manager.context().clock = clock::get;
        return manager;
    }

    private static LogConfig withRetention(LogConfig c, long ms, long bytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.indexIntervalBytes(), c.maxMessageBytes(), ms, bytes,
                c.flushMessages(), c.flushMs(), c.logAppendTime(), c.preallocBytes());
    }

    private static LogConfig withFlush(LogConfig c, long messages, long ms) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.indexIntervalBytes(), c.maxMessageBytes(),
                c.retentionMs(), c.retentionBytes(), messages, ms, c.logAppendTime(), c.preallocBytes());
    }

    @Test
    void duplicateBatchReturnsOriginalOffsetsAndWritesNothing() {
        PartitionLog log = open().getOrCreate("p", 0, 1L, config(1 << 20));
        log.appendAsLeader(batch("x", 2), 0);
        AppendResult first = log.appendAsLeader(idempotent(77, (short) 0, 0, 3), 0);
        AppendResult second = log.appendAsLeader(idempotent(77, (short) 0, 3, 2), 0);
        assertEquals(AppendResult.Status.APPENDED, first.status());
        AppendResult retry = log.appendAsLeader(idempotent(77, (short) 0, 0, 3), 0);
        assertEquals(AppendResult.Status.DUPLICATE, retry.status());
        assertEquals(first.baseOffset(), retry.baseOffset());
        assertEquals(first.lastOffset(), retry.lastOffset());
        assertEquals(7, log.logEndOffset());
        assertEquals(second.baseOffset(), log.appendAsLeader(idempotent(77, (short) 0, 3, 2), 0).baseOffset());
    }

    @Test
    void outOfOrderFencedAndUnknownProducersAreRejected() {
        PartitionLog log = open().getOrCreate("p", 0, 1L, config(1 << 20));
        assertEquals(AppendResult.Status.UNKNOWN_PRODUCER_ID, log.appendAsLeader(idempotent(5, (short) 0, 9, 1), 0).status());
        log.appendAsLeader(idempotent(5, (short) 1, 0, 2), 0);
        assertEquals(AppendResult.Status.OUT_OF_ORDER_SEQUENCE, log.appendAsLeader(idempotent(5, (short) 1, 5, 1), 0).status());
        assertEquals(AppendResult.Status.INVALID_PRODUCER_EPOCH, log.appendAsLeader(idempotent(5, (short) 0, 2, 1), 0).status());
        assertEquals(AppendResult.Status.APPENDED, log.appendAsLeader(idempotent(5, (short) 2, 0, 1), 0).status());
        assertEquals(3, log.logEndOffset());
    }

    @Test
    void producerStateSurvivesCleanAndUncleanRestartsAndIndexLoss() throws Exception {
        PartitionLog log = open().getOrCreate("p", 0, 1L, config(64 << 10));
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(idempotent(9, (short) 0, i * 2, 2), 0);
        }
        AppendResult last = log.appendAsLeader(idempotent(9, (short) 0, 80, 2), 0);
        manager.close();
        assertEquals(AppendResult.Status.DUPLICATE, open().get("p", 0).appendAsLeader(idempotent(9, (short) 0, 80, 2), 0).status());
        manager.closeUnclean();
        PartitionLog recovered = open().get("p", 0);
        AppendResult dup = recovered.appendAsLeader(idempotent(9, (short) 0, 80, 2), 0);
        assertEquals(AppendResult.Status.DUPLICATE, dup.status());
        assertEquals(last.baseOffset(), dup.baseOffset());
        manager.closeUnclean();
        DefaultLogManager.deleteRecursively(dir.resolve(DefaultLogManager.INDEX_DIR));
        PartitionLog rebuilt = open().get("p", 0);
        assertEquals(last.baseOffset(), rebuilt.appendAsLeader(idempotent(9, (short) 0, 80, 2), 0).baseOffset());
        assertEquals(AppendResult.Status.APPENDED, rebuilt.appendAsLeader(idempotent(9, (short) 0, 82, 1), 0).status());
    }

    @Test
    void retentionBySizeDeletesOldestSealedSegmentsAndAdvancesLogStart() {
        LogConfig cfg = withRetention(config(16 << 10), -1, 40 << 10);
        PartitionLog log = open().getOrCreate("r", 0, 3L, cfg);
        for (int i = 0; i < 100; i++) {
            log.appendAsLeader(batch("r" + i, 2, 900, clock.get()), 0);
        }
        long before = ((DefaultPartitionLog) log).segmentCount();
        await().atMost(Duration.ofSeconds(10)).until(() -> allSealed(log));
        int deleted = manager.applyRetention();
        assertTrue(deleted > 0);
        assertEquals(before - deleted, ((DefaultPartitionLog) log).segmentCount());
        assertTrue(log.sizeInBytes() >= 40 << 10, "size=" + log.sizeInBytes());
        assertTrue(log.logStartOffset() > 0);
        assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(0, log.logEndOffset(), 1000, true).status());
        assertEquals(log.logEndOffset() - log.logStartOffset(), DefaultPartitionLogTest.countRecords(log));
        long start = log.logStartOffset();
        manager.closeUnclean();
        assertEquals(start, open().get("r", 0).logStartOffset());
    }

    @Test
    void aRollPersistsTheRecoveryPointAtItsOwnEndAndRetentionFreesTheNamesAtOnce() throws Exception {
        LogConfig cfg = withRetention(config(16 << 10), -1, 40 << 10);
        PartitionLog log = open().getOrCreate("q", 0, 4L, cfg);
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch("q" + i, 2, 900, clock.get()), 0);
        }
        long activeBase = impl.active.baseOffset;
        assertTrue(activeBase > 0 && log.logEndOffset() > activeBase, "rolled, with batches in the active segment");
        await().atMost(Duration.ofSeconds(10)).until(() -> allSealed(log) && log.recoveryPoint() == activeBase);
        // no flush policy: the rolls made every rolled segment durable, and the active segment was not forced
        assertEquals(activeBase, log.recoveryPoint());

        Path partitionDir = dir.resolve("q-0");
        int deleted = manager.applyRetention();
        assertTrue(deleted > 0);
        try (var files = Files.list(partitionDir)) {
            // retired names are gone at once (renamed to *.deleted.tmp, unlinked by the unlink thread)
            assertEquals(impl.segmentCount(), files.filter(f -> f.toString().endsWith(".log")).count());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var files = Files.list(partitionDir)) {
                return files.noneMatch(f -> f.toString().endsWith(".deleted.tmp"));
            }
        });
        manager.closeUnclean();
        assertEquals(log.logStartOffset(), open().get("q", 0).logStartOffset());
    }

    private static boolean allSealed(PartitionLog log) {
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        return impl.segments.values().stream().filter(s -> s != impl.active).allMatch(s -> s.mapping == null);
    }

    @Test
    void retentionByTimeUsesTheSegmentsLargestTimestamp() {
        LogConfig cfg = withRetention(config(16 << 10), 60_000, -1);
        PartitionLog log = open().getOrCreate("r", 0, 3L, cfg);
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch("old" + i, 2, 900, clock.get()), 0);
        }
        clock.addAndGet(120_000);
        long oldEnd = log.logEndOffset();
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch("new" + i, 2, 900, clock.get()), 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> allSealed(log));
        assertTrue(manager.applyRetention() > 0);
        assertTrue(log.logStartOffset() > 0 && log.logStartOffset() <= oldEnd, "start=" + log.logStartOffset());
        assertEquals(0, manager.applyRetention());
    }

    @Test
    void flushMessagesAdvancesTheRecoveryPointInTheBackground() {
        PartitionLog log = open().getOrCreate("f", 0, 4L, withFlush(config(1 << 20), 10, Long.MAX_VALUE));
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(batch("f" + i, 3), 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() >= 12);
        assertTrue(log.recoveryPoint() <= log.logEndOffset());
    }

    @Test
    void flushMsAdvancesTheRecoveryPoint() {
        PartitionLog log = open().getOrCreate("f", 0, 4L, withFlush(config(1 << 20), Long.MAX_VALUE, 1000));
        log.appendAsLeader(batch("f", 3), 0);
        assertEquals(0, log.recoveryPoint());
        clock.addAndGet(5000);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == 3);
    }

    @Test
    void diskFullFailsTheAppendWithAStatusAndKeepsTheLogReadable() {
        LogConfig cfg = new LogConfig(1 << 20, Long.MAX_VALUE / 4, 4096, 1 << 20, -1, -1, Long.MAX_VALUE,
                Long.MAX_VALUE, false, 8 << 10);
        PartitionLog log = open().getOrCreate("d", 0, 5L, cfg);
        log.appendAsLeader(batch("ok", 2, 1000, 0), 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !((DefaultPartitionLog) log).active.reservePending);
        NativeIo.injectedFallocateErrno = NativeIo.ENOSPC;
        AppendResult result = null;
        for (int i = 0; i < 50; i++) {
            result = log.appendAsLeader(batch("full" + i, 4, 1000, 0), 0);
            if (result.status() != AppendResult.Status.APPENDED) {
                break;
            }
        }
        assertEquals(AppendResult.Status.OUT_OF_SPACE, result.status());
        assertTrue(result.message().contains("no space"), result.message());
        long end = log.logEndOffset();
        assertEquals(end, DefaultPartitionLogTest.countRecords(log));
        NativeIo.injectedFallocateErrno = 0;
        assertEquals(end, log.appendAsLeader(batch("again", 1), 0).baseOffset());
        assertFalse(manager.isOffline());
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfter() {
        PartitionLog log = open().getOrCreate("ts", 0, 6L, config(32 << 10));
        for (int i = 0; i < 200; i++) {
            log.appendAsLeader(batch("t" + i, 5, 200, 10_000L + i * 10L), 0);
        }
        // record j of batch i has timestamp 10000 + 10 i + j and offset 5 i + j
        TimestampOffset hit = log.offsetForTimestamp(10_000L + 1232);
        assertEquals(123 * 5 + 2, hit.offset());
        assertEquals(10_000L + 1232, hit.timestamp());
        TimestampOffset gap = log.offsetForTimestamp(10_000L + 1236);
        assertEquals(124 * 5, gap.offset());
        assertEquals(0, log.offsetForTimestamp(0).offset());
        assertEquals(TimestampOffset.NONE, log.offsetForTimestamp(99_999_999L));
        TimestampOffset max = log.maxTimestamp();
        assertEquals(10_000L + 1990 + 4, max.timestamp());
        assertEquals(999, max.offset());
    }

    @Test
    void truncateToCutsSealedAndActiveSegmentsAndAppendsContinue() {
        PartitionLog log = open().getOrCreate("tr", 0, 7L, config(16 << 10));
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch("a" + i, 2, 900, i), 0);
        }
        log.truncateTo(100);
        assertEquals(100, log.logEndOffset());
        assertEquals(100, DefaultPartitionLogTest.countRecords(log));
        assertEquals(100, log.appendAsLeader(batch("b", 2, 900, 0), 1).baseOffset());
        log.truncateTo(101);
        // 101 lies inside the batch 100..101: truncation keeps whole batches only
        assertEquals(100, log.logEndOffset());
        manager.closeUnclean();
        PartitionLog again = open().get("tr", 0);
        assertEquals(again.logEndOffset(), DefaultPartitionLogTest.countRecords(again));
        assertEquals(100, again.logEndOffset());
    }

    /**
     * A truncation right after a roll lands in a segment that the unlink thread may be unmapping and the
     * maintenance thread sealing at that moment (mapped and retired, unmapped but not sealed, or sealed): whichever
     * it meets, the log must continue densely from the cut and reopen the same after an unclean stop.
     */
    @Test
    void truncateIntoAJustRolledSegmentWhateverItsSealStateAndAppendsContinue() {
        PartitionLog log = open().getOrCreate("rt", 0, 11L, config(16 << 10));
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        for (int round = 0; round < 40; round++) {
            Segment before = impl.active;
            int guard = 0;
            while (impl.active == before) {
                log.appendAsLeader(batch("r" + round + "-" + guard, 2, 900, round), 0);
                assertTrue(++guard < 100, "no roll after 100 batches");
            }
            // cut into the middle of the segment that was active a moment ago (whole batches of 2 records)
            long cut = before.baseOffset + ((impl.active.baseOffset - before.baseOffset) / 4) * 2;
            log.truncateTo(cut);
            assertEquals(cut, log.logEndOffset());
            assertEquals(cut, log.appendAsLeader(batch("after" + round, 2, 900, round), 0).baseOffset());
            assertEquals(cut + 2 - log.logStartOffset(), DefaultPartitionLogTest.countRecords(log));
        }
        long end = log.logEndOffset();
        manager.closeUnclean();
        PartitionLog again = open().get("rt", 0);
        assertEquals(end, again.logEndOffset());
        assertEquals(end - again.logStartOffset(), DefaultPartitionLogTest.countRecords(again));
        assertEquals(end, again.appendAsLeader(batch("last", 2, 900, 0), 0).baseOffset());
    }

    @Test
    void followerAppendKeepsOffsetsAndRejectsGaps() {
        PartitionLog leader = open().getOrCreate("f", 0, 8L, config(1 << 20));
        PartitionLog follower = manager.getOrCreate("f", 1, 9L, config(1 << 20));
        leader.appendAsLeader(batch("a", 3), 4);
        leader.appendAsLeader(batch("b", 2), 4);
        ByteBuffer replicated = bytes(leader.read(0, leader.logEndOffset(), 1 << 20, true));
        AppendResult r = follower.appendAsFollower(replicated.duplicate());
        assertEquals(AppendResult.Status.APPENDED, r.status());
        assertEquals(5, follower.logEndOffset());
        assertEquals(AppendResult.Status.INVALID_RECORD, follower.appendAsFollower(replicated.duplicate()).status());
        for (MutableRecordBatch b : records(follower.read(0, 5, 1 << 20, true)).batches()) {
            assertEquals(4, b.partitionLeaderEpoch());
        }
    }

    @Test
    void recoveryCutsAtTheFirstCorruptBatchAfterTheRecoveryPoint() throws Exception {
        PartitionLog log = open().getOrCreate("c", 0, 10L, config(1 << 20));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch("safe" + i, 2, 100, i), 0);
        }
        log.flush();
        long flushedEnd = log.logEndOffset();
        int flushedBytes = (int) log.sizeInBytes();
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch("tail" + i, 2, 100, i), 0);
        }
        int batchSize = (int) (log.sizeInBytes() - flushedBytes) / 10;
        manager.closeUnclean();
        Path segment = dir.resolve("c-0").resolve(Segment.fileName(0));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // flip a payload byte of the 4th unflushed batch
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0x5A}), flushedBytes + 3L * batchSize + batchSize - 2);
        }
        PartitionLog recovered = open().get("c", 0);
        assertEquals(flushedEnd + 3 * 2, recovered.logEndOffset());
        assertEquals(recovered.logEndOffset(), DefaultPartitionLogTest.countRecords(recovered));
        assertEquals(recovered.logEndOffset(), recovered.appendAsLeader(batch("next", 1), 0).baseOffset());
    }

    @Test
    void deleteTopicRemovesFilesAndIndexAndRecreateStartsEmpty() throws Exception {
        PartitionLog log = open().getOrCreate("gone", 0, 11L, config(16 << 10));
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(batch("g" + i, 2, 900, i), 0);
        }
        manager.deleteTopic("gone");
        assertNull(manager.get("gone", 0));
        assertFalse(Files.exists(dir.resolve("gone-0")));
        IndexStore.Entry e = new IndexStore.Entry();
        assertFalse(manager.context().index.floorOffset(11L, Long.MAX_VALUE, e));
        PartitionLog fresh = manager.getOrCreate("gone", 0, 12L, config(16 << 10));
        assertEquals(0, fresh.logEndOffset());
        assertThrows(IllegalStateException.class, () -> manager.getOrCreate("gone", 0, 13L, config(16 << 10)));
    }

    @Test
    void appendsWriteNoIndexEntryAndFlushPersistsThemBeforeTheRecoveryPoint() {
        open();
        DefaultPartitionLog log = (DefaultPartitionLog) manager.getOrCreate("ix", 0, 21L, config(1 << 20));
        int batches = 40;
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(batch("i" + i, 2, 3000, i), 0);
        }
        IndexStore.Entry e = new IndexStore.Entry();
        long lastBase = log.logEndOffset() - 2;
        assertTrue(log.partitionIndex.floorOffset(lastBase, e), "lookups see pending entries");
        assertEquals(lastBase, e.offset);
        log.flush();
        assertEquals(log.logEndOffset(), log.recoveryPoint());
        assertEquals(0, log.partitionIndex.pending());
        assertTrue(manager.context().index.floorOffset(21L, Long.MAX_VALUE, e), "flushed with the recovery point");
        assertEquals(lastBase, e.offset);
        for (long offset = 0; offset < log.logEndOffset(); offset += 7) {
            assertEquals(offset, records(log.read(offset, offset + 1, 1, true)).batches().iterator().next().baseOffset()
                    + (offset % 2));
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryFails() {
        open();
        assertThrows(StorageException.class, () -> DefaultLogManager.open(dir, config(1 << 20), options()));
    }

    @Test
    void logAppendTimeStampsTheBatchAndKeepsItValid() {
        LogConfig cfg = new LogConfig(1 << 20, Long.MAX_VALUE / 4, 4096, 1 << 20, -1, -1, Long.MAX_VALUE,
                Long.MAX_VALUE, true, 64 << 10);
        PartitionLog log = open().getOrCreate("lat", 0, 14L, cfg);
        AppendResult r = log.appendAsLeader(batch("x", 2), 0);
        assertEquals(clock.get(), r.logAppendTimeMs());
        MutableRecordBatch b = records(log.read(0, 2, 1 << 20, true)).batches().iterator().next();
        b.ensureValid();
        assertEquals(clock.get(), b.maxTimestamp());
        assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, b.timestampType());
    }

    @Test
    void timestampLookupHandsOverACompressedBatchAndAnswersLogAppendTimeBatchesWithTheirFirstRecord() {
        PartitionLog log = open().getOrCreate("tsc", 0, 15L, config(1 << 20));
        log.appendAsLeader(batch("u", 3, 20, 1_000L), 0);
        org.apache.kafka.common.record.internal.SimpleRecord[] records = {
                new org.apache.kafka.common.record.internal.SimpleRecord(2_000L, "a".getBytes(), "b".repeat(100).getBytes()),
                new org.apache.kafka.common.record.internal.SimpleRecord(2_005L, "c".getBytes(), "d".repeat(100).getBytes())};
        log.appendAsLeader(org.apache.kafka.common.record.internal.MemoryRecords.withRecords(0L,
                org.apache.kafka.common.compress.Compression.gzip().build(), records).buffer(), 3);
        TimestampLookup plain = log.lookupTimestamp(1_001L);
        assertFalse(plain.needsRecords());
        assertEquals(1, plain.answer().offset());
        TimestampLookup compressed = log.lookupTimestamp(2_003L);
        assertTrue(compressed.needsRecords());
        assertEquals(new TimestampOffset(2_005L, 3, 3), compressed.answer());
        assertEquals(2_003L, compressed.target());
        ReadResult read = log.read(3, 5, 1 << 20, true);
        read.segment().release();
        assertEquals(read.position(), compressed.batchPosition());
        assertEquals(read.length(), compressed.batchSize());
        assertEquals(new TimestampOffset(2_005L, 3, 3), compressed.releaseAndAnswer());

        LogConfig lat = new LogConfig(1 << 20, Long.MAX_VALUE / 4, 4096, 1 << 20, -1, -1, Long.MAX_VALUE,
                Long.MAX_VALUE, true, 64 << 10);
        PartitionLog appendTime = manager.getOrCreate("tsl", 0, 16L, lat);
        appendTime.appendAsLeader(batch("v", 4, 20, 5L), 0);
        // every record of a LogAppendTime batch carries the append time, whatever the producer's timestamps
        TimestampLookup first = appendTime.lookupTimestamp(clock.get());
        assertFalse(first.needsRecords());
        assertEquals(new TimestampOffset(clock.get(), 0, 0), first.answer());
    }
}
