package io.spool.client.record;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** kafka-clients' MemoryRecords is the oracle: same bytes, and it reads ours as valid. */
class RecordBatchBuilderTest {

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static byte[] encode(Arena arena, List<SimpleRecord> records, long pid, short epoch, int seq) {
        MemorySegment seg = arena.allocate(1 << 20);
        RecordBatchBuilder b = new RecordBatchBuilder(seg);
        for (SimpleRecord r : records) {
            Header[] hs = new Header[r.headers().length];
            for (int i = 0; i < hs.length; i++) {
                hs[i] = new Header(r.headers()[i].key(), r.headers()[i].value());
            }
            assertTrue(b.tryAppend(r.timestamp(), r.key() == null ? null : bytes(r.key()),
                    r.value() == null ? null : bytes(r.value()), hs));
        }
        int length = b.seal(pid, epoch, seq);
        return b.batch().asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] oracle(List<SimpleRecord> records, long pid, short epoch, int seq) {
        MemoryRecords m = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE,
                TimestampType.CREATE_TIME, pid, epoch, seq, RecordBatch.NO_PARTITION_LEADER_EPOCH, false,
                records.toArray(new SimpleRecord[0]));
        return bytes(m.buffer());
    }

    @Test
    void encodesTheSameBytesAsKafkaClients() {
        Random rnd = new Random(42);
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 50; round++) {
                List<SimpleRecord> records = new ArrayList<>();
                long ts = 1_700_000_000_000L + rnd.nextInt(1_000_000);
                int n = 1 + rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    byte[] key = rnd.nextInt(4) == 0 ? null : randomBytes(rnd, rnd.nextInt(50));
                    byte[] value = rnd.nextInt(10) == 0 ? null : randomBytes(rnd, rnd.nextInt(round * 100 + 1));
                    int nh = rnd.nextInt(3);
                    org.apache.kafka.common.header.Header[] hs = new org.apache.kafka.common.header.Header[nh];
                    for (int h = 0; h < nh; h++) {
                        hs[h] = new RecordHeader("h" + h + "é", rnd.nextBoolean() ? null : randomBytes(rnd, rnd.nextInt(20)));
                    }
                    // Timestamps go backwards too: deltas are signed varlongs.
                    records.add(new SimpleRecord(ts + rnd.nextInt(20_000) - 10_000, key, value, hs));
                }
                long pid = round % 2 == 0 ? -1L : 1000L + round;
                short epoch = (short) (round % 2 == 0 ? -1 : round);
                int seq = round % 2 == 0 ? -1 : round * 7;
                assertArrayEquals(oracle(records, pid, epoch, seq), encode(arena, records, pid, epoch, seq), "round " + round);
            }
        }
    }

    @Test
    void kafkaClientsReadsOurBatchAsValid() {
        try (Arena arena = Arena.ofConfined()) {
            List<SimpleRecord> records = List.of(
                    new SimpleRecord(10L, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8)),
                    new SimpleRecord(12L, null, "v2".getBytes(StandardCharsets.UTF_8),
                            new org.apache.kafka.common.header.Header[] {new RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8))}));
            byte[] ours = encode(arena, records, 7L, (short) 3, 100);
            Iterator<MutableRecordBatch> it = MemoryRecords.readableRecords(ByteBuffer.wrap(ours)).batches().iterator();
            MutableRecordBatch batch = it.next();
            assertFalse(it.hasNext());
            assertTrue(batch.isValid(), "CRC-32C checks out");
            batch.ensureValid();
            assertEquals(2, batch.magic());
            assertEquals(7L, batch.producerId());
            assertEquals(3, batch.producerEpoch());
            assertEquals(100, batch.baseSequence());
            assertEquals(101, batch.lastSequence());
            assertEquals(12L, batch.maxTimestamp());
            List<Record> read = new ArrayList<>();
            batch.forEach(read::add);
            assertEquals("k1", new String(bytes(read.get(0).key()), StandardCharsets.UTF_8));
            assertFalse(read.get(1).hasKey());
            assertEquals("h", read.get(1).headers()[0].key());
        }
    }

    @Test
    void refusesARecordThatDoesNotFitAndKeepsWhatIsThere() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(200);
            RecordBatchBuilder b = new RecordBatchBuilder(seg);
            assertTrue(b.tryAppend(1L, null, new byte[50], null));
            int before = b.sizeInBytes();
            assertFalse(b.tryAppend(1L, null, new byte[200], null));
            assertEquals(before, b.sizeInBytes());
            assertEquals(1, b.recordCount());
            assertEquals(RecordBatchBuilder.sizeInNewBatch(null, new byte[50], null), before);
            b.seal(-1, (short) -1, -1);
            assertTrue(MemoryRecords.readableRecords(ByteBuffer.wrap(b.batch().toArray(ValueLayout.JAVA_BYTE)))
                    .batches().iterator().next().isValid());
        }
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
