package io.spool.broker.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.protocol.record.RecordBatchView;
import io.spool.storage.AppendResult;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.PartitionLog;
import io.spool.storage.TimestampLookup;
import io.spool.storage.TimestampOffset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batches compressed by kafka-clients' own encoder with every codec it offers, appended through a real storage
 * engine, then looked up by timestamp the way ListOffsets does (storage lookup, then a look inside).
 */
class BatchTimestampSearchTest {
    @TempDir
    Path dir;
    private LogManager manager;
    private long partitionKey = 1;

    static Stream<Compression> codecs() {
        return Stream.of(Compression.NONE, Compression.gzip().build(), Compression.snappy().build(),
                Compression.lz4().build(), Compression.zstd().build());
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private PartitionLog log(boolean logAppendTime) {
        LogConfig d = LogConfig.defaults();
        LogConfig config = new LogConfig(4 << 20, d.segmentMs(), d.indexIntervalBytes(), d.maxMessageBytes(),
                d.retentionMs(), d.retentionBytes(), d.flushMessages(), d.flushMs(), logAppendTime, 1 << 20);
        if (manager == null) {
            manager = LogManager.open(dir, config);
        }
        return manager.getOrCreate("t" + partitionKey, 0, partitionKey++, config);
    }

    private static ByteBuffer batch(Compression compression, long... timestamps) {
        SimpleRecord[] records = new SimpleRecord[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            // values long and repetitive enough that every codec really compresses them
            byte[] value = ("value-" + i + "-" + "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
            records[i] = new SimpleRecord(timestamps[i], ("k" + i).getBytes(StandardCharsets.UTF_8), value);
        }
        return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, compression, TimestampType.CREATE_TIME,
                records).buffer();
    }

    private static void append(PartitionLog log, ByteBuffer batch) {
        AppendResult r = log.appendAsLeader(batch, 7);
        assertEquals(AppendResult.Status.APPENDED, r.status(), r.toString());
        log.updateHighWatermark(log.logEndOffset());
    }

    /** What ListOffsetsHandler answers: storage's lookup refined by a look inside. */
    private static TimestampOffset lookup(PartitionLog log, long target) {
        return BatchTimestampSearch.refine(log.lookupTimestamp(target));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void findsTheFirstRecordAtOrAfterTheTargetInsideEachBatch(Compression compression) {
        PartitionLog log = log(false);
        append(log, batch(compression, 1000, 1010, 1020, 1030, 1040));        // offsets 0-4
        append(log, batch(compression, 1100, 1130, 1110, 1140, 1120));        // offsets 5-9, out of order
        append(log, batch(compression, 1200, 1210, 1220, 1230, 1240));        // offsets 10-14

        TimestampLookup raw = log.lookupTimestamp(1015);
        assertEquals(compression.type().id != 0, raw.needsRecords());
        raw.releaseAndAnswer();

        assertEquals(new TimestampOffset(1000, 0, 7), lookup(log, 0));           // before everything
        assertEquals(new TimestampOffset(1000, 0, 7), lookup(log, 1000));        // exactly the first record
        assertEquals(new TimestampOffset(1020, 2, 7), lookup(log, 1020));        // exactly a record inside
        assertEquals(new TimestampOffset(1020, 2, 7), lookup(log, 1015));        // between two records
        assertEquals(new TimestampOffset(1040, 4, 7), lookup(log, 1040));        // last record of a batch
        assertEquals(new TimestampOffset(1100, 5, 7), lookup(log, 1041));        // between batches
        assertEquals(new TimestampOffset(1130, 6, 7), lookup(log, 1115));        // first in offset order, not nearest
        assertEquals(new TimestampOffset(1140, 8, 7), lookup(log, 1131));
        assertEquals(new TimestampOffset(1230, 13, 7), lookup(log, 1221));
        assertEquals(TimestampOffset.NONE, lookup(log, 1241));                  // after everything
        assertEquals(new TimestampOffset(1240, 14, 7), BatchTimestampSearch.refine(log.lookupMaxTimestamp()));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void logAppendTimeGivesEveryRecordTheBatchTimestamp(Compression compression) {
        PartitionLog log = log(true);
        append(log, batch(compression, 10, 20, 30));
        append(log, batch(compression, 40, 50, 60));
        TimestampOffset first = lookup(log, 0);
        assertEquals(0, first.offset());
        assertTrue(first.timestamp() > 1_000_000_000_000L, "append time, not create time: " + first);
        TimestampOffset second = lookup(log, first.timestamp() + 1);
        // the second batch's append time is at or after the first's: its first record, or nothing if equal
        if (second.offset() >= 0) {
            assertEquals(3, second.offset());
        }
        assertFalse(log.lookupTimestamp(0).needsRecords());
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void undecodableBatchAnswersItsStart(Compression compression) {
        if (compression.type().id == 0) {
            return;
        }
        PartitionLog log = log(false);
        append(log, batch(compression, 1000, 1010, 1020));
        ByteBuffer bad = batch(compression, 2000, 2010, 2020, 2030);
        // garble the compressed records section but keep the CRC valid, so that storage accepts the batch
        for (int i = 61 + 2; i < bad.limit(); i++) {
            bad.put(i, (byte) (bad.get(i) ^ 0x5A));
        }
        new RecordBatchView().wrap(bad, 0).updateChecksum();
        append(log, bad);
        append(log, batch(compression, 3000, 3010));

        assertEquals(new TimestampOffset(2030, 3, 7), lookup(log, 2015));       // the batch start, its max timestamp
        assertEquals(new TimestampOffset(1010, 1, 7), lookup(log, 1005));       // neighbours still refined
        assertEquals(new TimestampOffset(3010, 8, 7), lookup(log, 3005));
    }
}
