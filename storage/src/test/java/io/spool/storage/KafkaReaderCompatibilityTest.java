package io.spool.storage;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.spool.storage.TestBatches.*;
import static org.junit.jupiter.api.Assertions.*;

/** Segment files written by the engine are Kafka .log files: Kafka's own FileRecords reads them as valid. */
class KafkaReaderCompatibilityTest {
    @TempDir
    Path dir;

    @Test
    void kafkaFileRecordsReadsEverySegmentAsValidWithOurOffsets() throws Exception {
        long end;
        try (DefaultLogManager manager = DefaultLogManager.open(dir, config(32 << 10), options())) {
            PartitionLog log = manager.getOrCreate("compat", 3, 77L, config(32 << 10));
            for (int i = 0; i < 150; i++) {
                AppendResult r = log.appendAsLeader(batch("v" + i, 1 + i % 4, 300, 5_000L + i), 2 + i / 50);
                assertEquals(AppendResult.Status.APPENDED, r.status());
            }
            end = log.logEndOffset();
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir.resolve("compat-3"))) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        assertTrue(segments.size() > 2, "segments=" + segments.size());
        long expected = 0;
        int batchIndex = 0;
        for (Path segment : segments) {
            assertEquals(expected, Segment.parseBaseOffset(segment.getFileName().toString()), "file name is its base offset");
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                assertEquals(Files.size(segment), records.sizeInBytes());
                long bytes = 0;
                for (FileChannelRecordBatch batch : records.batches()) {
                    batch.ensureValid();
                    assertEquals(expected, batch.baseOffset());
                    assertEquals(2 + batchIndex / 50, batch.partitionLeaderEpoch());
                    int i = 0;
                    for (Record record : batch) {
                        assertEquals(expected + i, record.offset());
                        String value = StandardCharsets.UTF_8.decode(record.value()).toString();
                        assertTrue(value.startsWith("v" + batchIndex + "-" + i), value);
                        i++;
                    }
                    expected = batch.lastOffset() + 1;
                    bytes += batch.sizeInBytes();
                    batchIndex++;
                }
                assertEquals(Files.size(segment), bytes, "no bytes after the last batch");
            }
        }
        assertEquals(end, expected);
        assertEquals(150, batchIndex);
    }
}
