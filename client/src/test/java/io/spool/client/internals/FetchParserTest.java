package io.spool.client.internals;

import io.spool.client.ConsumerRecord;
import io.spool.client.Deserializer;
import io.spool.client.record.Header;
import io.spool.client.record.RecordBatchBuilder;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FetchParserTest {

    /** Two batches at offsets 10..12 and 13..14, as a broker would return them. */
    private static byte[] twoBatches() {
        ByteBuffer out = ByteBuffer.allocate(4096);
        long base = 10;
        try (Arena arena = Arena.ofConfined()) {
            for (int b = 0; b < 2; b++) {
                RecordBatchBuilder builder = new RecordBatchBuilder(arena.allocate(1024));
                int n = b == 0 ? 3 : 2;
                for (int i = 0; i < n; i++) {
                    long offset = base + i;
                    builder.tryAppend(1000 + offset, ("k" + offset).getBytes(StandardCharsets.UTF_8),
                            ("v" + offset).getBytes(StandardCharsets.UTF_8),
                            new Header[] {new Header("h", ("x" + offset).getBytes(StandardCharsets.UTF_8))});
                }
                int len = builder.seal(-1, (short) -1, -1);
                MemorySegment batch = builder.batch();
                batch.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0, base); // broker-assigned
                out.put(batch.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
                base += n;
            }
        }
        out.flip();
        byte[] a = new byte[out.remaining()];
        out.get(a);
        return a;
    }

    private static List<ConsumerRecord<String, String>> parse(byte[] bytes, long from, long[] next) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        next[0] = new FetchParser(true).parse("t", 0, ByteBuffer.wrap(bytes), from, Deserializer.string(), Deserializer.string(), out);
        return out;
    }

    @Test
    void returnsRecordsFromTheFetchOffsetWithHeaders() {
        long[] next = new long[1];
        List<ConsumerRecord<String, String>> got = parse(twoBatches(), 11, next);
        assertEquals(List.of(11L, 12L, 13L, 14L), got.stream().map(ConsumerRecord::offset).toList());
        assertEquals("k11", got.get(0).key());
        assertEquals("v14", got.get(3).value());
        assertEquals(1011, got.get(0).timestamp());
        assertEquals("x12", new String(got.get(1).headers()[0].value(), StandardCharsets.UTF_8));
        assertEquals(15, next[0]);
    }

    @Test
    void aCutTrailingBatchIsLeftForTheNextFetch() {
        byte[] all = twoBatches();
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 5);
        long[] next = new long[1];
        List<ConsumerRecord<String, String>> got = parse(cut, 10, next);
        assertEquals(3, got.size());
        assertEquals(13, next[0]);
    }

    @Test
    void aCorruptBatchIsAnErrorNamingThePartitionAndOffset() {
        byte[] all = twoBatches();
        all[all.length - 3] ^= 0x55; // inside the second batch's records: CRC mismatch
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(all, 10, new long[1]));
        assertTrue(e.getMessage().contains("t-0") && e.getMessage().contains("13") && e.getMessage().contains("CORRUPT"),
                e.getMessage());
    }

    @Test
    void controlBatchesAreSkipped() {
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(20L, 0L, 0, 7L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));
        MemoryRecords data = MemoryRecords.withRecords(21L, Compression.NONE, new SimpleRecord(5L, "k".getBytes(), "v".getBytes()));
        ByteBuffer both = ByteBuffer.allocate(marker.sizeInBytes() + data.sizeInBytes());
        both.put(marker.buffer().duplicate()).put(data.buffer().duplicate()).flip();
        byte[] bytes = new byte[both.remaining()];
        both.get(bytes);
        long[] next = new long[1];
        List<ConsumerRecord<String, String>> got = parse(bytes, 20, next);
        assertEquals(1, got.size());
        assertEquals(21, got.get(0).offset());
        assertEquals(22, next[0]);
    }

    @Test
    void gzipBatchesAreInflatedAndOtherCodecsRefused() {
        MemoryRecords gz = MemoryRecords.withRecords(30L, Compression.gzip().build(),
                new SimpleRecord(5L, "k1".getBytes(), "v1".getBytes()), new SimpleRecord(6L, "k2".getBytes(), "v2".getBytes()));
        byte[] bytes = new byte[gz.sizeInBytes()];
        gz.buffer().duplicate().get(bytes);
        long[] next = new long[1];
        List<ConsumerRecord<String, String>> got = parse(bytes, 31, next);
        assertEquals(1, got.size());
        assertEquals("k2", got.get(0).key());
        assertEquals(31, got.get(0).offset());
        assertEquals(32, next[0]);

        MemoryRecords lz4 = MemoryRecords.withRecords(0L, Compression.lz4().build(), new SimpleRecord(5L, "k".getBytes(), "v".getBytes()));
        byte[] lz4Bytes = new byte[lz4.sizeInBytes()];
        lz4.buffer().duplicate().get(lz4Bytes);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> parse(lz4Bytes, 0, new long[1]));
        assertTrue(e.getMessage().contains("codec 3"), e.getMessage());
    }
}
