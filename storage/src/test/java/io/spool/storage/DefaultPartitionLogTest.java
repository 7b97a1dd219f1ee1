package io.spool.storage;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.spool.storage.TestBatches.*;
import static org.junit.jupiter.api.Assertions.*;

class DefaultPartitionLogTest {
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
        manager = DefaultLogManager.open(dir, config(1 << 20), options());
        return manager;
    }

    @Test
    void appendAssignsDenseOffsetsAndReadReturnsKafkaValidBatches() {
        PartitionLog log = open().getOrCreate("t", 0, 42L, config(1 << 20));
        AppendResult a = log.appendAsLeader(batch("a", 3), 5);
        AppendResult b = log.appendAsLeader(batch("b", 2), 5);
        assertEquals(AppendResult.Status.APPENDED, a.status());
        assertEquals(0, a.baseOffset());
        assertEquals(2, a.lastOffset());
        assertEquals(3, b.baseOffset());
        assertEquals(4, b.lastOffset());
        assertEquals(5, log.logEndOffset());

        ReadResult read = log.read(0, log.logEndOffset(), 1 << 20, true);
        assertEquals(ReadResult.Status.OK, read.status());
        List<Long> offsets = new ArrayList<>();
        for (MutableRecordBatch batch : records(read).batches()) {
            batch.ensureValid();
            assertEquals(5, batch.partitionLeaderEpoch());
            for (Record r : batch) {
                offsets.add(r.offset());
            }
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets);
    }

    @Test
    void readFromMiddleStartsAtContainingBatchAndRespectsLimits() {
        PartitionLog log = open().getOrCreate("t", 0, 1L, config(1 << 20));
        for (int i = 0; i < 100; i++) {
            log.appendAsLeader(batch("x" + i, 10, 100, 1000 + i), 0);
        }
        ReadResult read = log.read(455, log.logEndOffset(), 1 << 20, true);
        MutableRecordBatch first = records(read).batches().iterator().next();
        assertEquals(450, first.baseOffset());

        ReadResult capped = log.read(455, 480, 1 << 20, true);
        long last = -1;
        for (MutableRecordBatch batch : records(capped).batches()) {
            last = batch.lastOffset();
        }
        assertEquals(479, last);

        ReadResult small = log.read(0, log.logEndOffset(), 10, true);
        assertEquals(1, countBatches(small));
        ReadResult none = log.read(0, log.logEndOffset(), 10, false);
        assertEquals(0, none.length());
        assertNull(none.segment());
    }

    private static int countBatches(ReadResult read) {
        int n = 0;
        for (MutableRecordBatch ignored : records(read).batches()) {
            n++;
        }
        return n;
    }

    @Test
    void fetchAtLogEndIsEmptyAndBeyondIsOutOfRange() {
        PartitionLog log = open().getOrCreate("t", 0, 1L, config(1 << 20));
        log.appendAsLeader(batch("a", 2), 0);
        assertEquals(0, log.read(2, Long.MAX_VALUE, 1000, true).length());
        assertEquals(ReadResult.Status.OK, log.read(2, Long.MAX_VALUE, 1000, true).status());
        assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(3, Long.MAX_VALUE, 1000, true).status());
    }

    @Test
    void corruptBatchIsRejectedWithStatusAndNothingWritten() {
        PartitionLog log = open().getOrCreate("t", 0, 1L, config(1 << 20));
        ByteBuffer bad = batch("a", 2);
        bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) + 1));
        AppendResult r = log.appendAsLeader(bad, 0);
        assertEquals(AppendResult.Status.CORRUPT_MESSAGE, r.status());
        assertTrue(r.message().contains("status=CORRUPT"), r.message());
        assertEquals(0, log.logEndOffset());

        ByteBuffer big = batch("big", 1, 2 << 20, 0);
        assertEquals(AppendResult.Status.MESSAGE_TOO_LARGE, log.appendAsLeader(big, 0).status());
        assertEquals(0, log.logEndOffset());
    }

    @Test
    void segmentsRollBySizeAndSealedFilesAreTruncatedToTheirLength() throws Exception {
        PartitionLog log = open().getOrCreate("t", 0, 1L, config(64 << 10));
        for (int i = 0; i < 100; i++) {
            assertEquals(AppendResult.Status.APPENDED, log.appendAsLeader(batch("r" + i, 4, 1000, i), 0).status());
        }
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        assertTrue(impl.segmentCount() > 3, "segments=" + impl.segmentCount());
        log.flush();
        // reads across every segment return all 400 records in order
        long next = 0;
        while (next < log.logEndOffset()) {
            ReadResult read = log.read(next, log.logEndOffset(), 1 << 20, true);
            for (Record r : records(read).records()) {
                assertEquals(next++, r.offset());
            }
        }
        assertEquals(400, next);
        manager.close();
        manager = null;
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(f)));
                long bytes = 0;
                for (MutableRecordBatch b : records.batches()) {
                    b.ensureValid();
                    bytes += b.sizeInBytes();
                }
                assertEquals(Files.size(f), bytes, "file " + f + " has a tail beyond its batches");
            }
        }
    }

    @Test
    void cleanRestartKeepsEverythingAndContinuesOffsets() {
        PartitionLog log = open().getOrCreate("t", 0, 9L, config(64 << 10));
        for (int i = 0; i < 50; i++) {
            log.appendAsLeader(batch("c" + i, 3, 500, i), 2);
        }
        long end = log.logEndOffset();
        manager.close();
        DefaultLogManager reopened = open();
        assertFalse(reopened.recoveredUnclean());
        PartitionLog again = reopened.get("t", 0);
        assertEquals(end, again.logEndOffset());
        assertEquals(end, again.recoveryPoint());
        AppendResult next = again.appendAsLeader(batch("after", 1), 3);
        assertEquals(end, next.baseOffset());
        assertEquals(end + 1, countRecords(again));
    }

    @Test
    void uncleanStopRecoversFromTheWalkAndDeletedIndexRebuilds() throws Exception {
        PartitionLog log = open().getOrCreate("t", 0, 9L, config(64 << 10));
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch("u" + i, 3, 500, i), 1);
        }
        long end = log.logEndOffset();
        manager.closeUnclean();
        DefaultLogManager reopened = open();
        assertTrue(reopened.recoveredUnclean());
        assertEquals(end, reopened.get("t", 0).logEndOffset());
        assertEquals(end, countRecords(reopened.get("t", 0)));
        reopened.closeUnclean();

        DefaultLogManager.deleteRecursively(dir.resolve(DefaultLogManager.INDEX_DIR));
        DefaultLogManager rebuilt = open();
        PartitionLog again = rebuilt.get("t", 0);
        assertEquals(end, again.logEndOffset());
        assertEquals(end, countRecords(again));
        assertEquals(end, again.appendAsLeader(batch("more", 1), 1).baseOffset());
    }

    static long countRecords(PartitionLog log) {
        long next = log.logStartOffset();
        long count = 0;
        while (next < log.logEndOffset()) {
            ReadResult read = log.read(next, log.logEndOffset(), 1 << 20, true);
            assertEquals(ReadResult.Status.OK, read.status());
            assertTrue(read.length() > 0, "empty read at " + next);
            for (Record r : records(read).records()) {
                assertEquals(next, r.offset());
                next++;
                count++;
            }
        }
        return count;
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        ByteBuffer both = ByteBuffer.allocateDirect(a.remaining() + b.remaining());
        both.put(a.duplicate()).put(b.duplicate()).flip();
        return both;
    }

    @Test
    void leaderAcceptsPlainAndIdempotentBatchesTogether() {
        PartitionLog log = open().getOrCreate("t", 0, 42L, config(1 << 20));
        AppendResult r = log.appendAsLeader(concat(batch("a", 1), idempotent(5L, (short) 0, 0, 1)), 0);
        assertEquals(AppendResult.Status.APPENDED, r.status(), r.message());
        assertEquals(2, log.logEndOffset());
    }

    @Test
    void leaderRejectsClientAssignedOffsetsAndTransactionalBatchesAppendingNothing() {
        PartitionLog log = open().getOrCreate("t", 0, 42L, config(1 << 20));
        ByteBuffer plain = batch("a", 1);
        ByteBuffer withOffset = org.apache.kafka.common.record.internal.MemoryRecords.withRecords(3L,
                org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.internal.SimpleRecord("b".getBytes())).buffer();
        AppendResult r = log.appendAsLeader(concat(plain, withOffset), 0);
        assertEquals(AppendResult.Status.INVALID_RECORD, r.status());
        assertTrue(r.message().contains("position=" + plain.remaining()) && r.message().contains("baseOffset=3"), r.message());

        ByteBuffer txn = org.apache.kafka.common.record.internal.MemoryRecords.withTransactionalRecords(
                org.apache.kafka.common.compress.Compression.NONE, 5L, (short) 0, 0,
                new org.apache.kafka.common.record.internal.SimpleRecord("c".getBytes())).buffer();
        AppendResult t = log.appendAsLeader(concat(plain, txn), 0);
        assertEquals(AppendResult.Status.INVALID_RECORD, t.status());
        assertTrue(t.message().contains("transactional"), t.message());
        assertEquals(0, log.logEndOffset(), "a rejected request appends none of its batches");
    }
}
