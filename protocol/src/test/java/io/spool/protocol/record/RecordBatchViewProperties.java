package io.spool.protocol.record;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Random batches built by kafka-clients: the view and the iterator agree with Kafka on every field and byte. */
class RecordBatchViewProperties {

    @Provide
    Arbitrary<List<SimpleRecord>> records() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
        Arbitrary<Long> timestamps = Arbitraries.longs().between(0, 1L << 42);
        return Combinators.combine(timestamps, bytes, bytes).as(SimpleRecord::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void viewAndIteratorAgreeWithKafka(@ForAll("records") List<SimpleRecord> records) {
        ByteBuffer buffer = MemoryRecords.withRecords(0L, Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
        assertEquals(BatchStatus.VALID, view.validate(buffer.remaining()));
        assertEquals(records.size(), view.recordsCount());
        assertEquals(records.stream().mapToLong(SimpleRecord::timestamp).max().orElseThrow(), view.maxTimestamp());

        RecordIterator it = new RecordIterator();
        assertTrue(it.reset(view));
        Iterator<Record> expected = MemoryRecords.readableRecords(buffer.duplicate()).records().iterator();
        while (it.next()) {
            Record r = expected.next();
            assertEquals(r.offset(), it.offset());
            assertEquals(r.timestamp(), it.timestamp());
            assertEquals(r.hasKey() ? r.keySize() : -1, it.keyLength());
            assertEquals(r.hasValue() ? r.valueSize() : -1, it.valueLength());
        }
        assertFalse(it.isMalformed());
        assertFalse(expected.hasNext());
    }

    @Property(tries = 300)
    void anySingleByteFlipInTheCrcRangeIsDetected(@ForAll("records") List<SimpleRecord> records,
                                                  @ForAll double where, @ForAll byte mask) {
        if (mask == 0) {
            return;
        }
        ByteBuffer buffer = MemoryRecords.withRecords(0L, Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
        int from = RecordBatchDescriptor.ATTRIBUTES_OFFSET;
        int at = from + (int) (Math.abs(where) % 1.0 * (buffer.remaining() - from));
        buffer.put(at, (byte) (buffer.get(at) ^ mask));
        BatchStatus status = new RecordBatchView().wrap(buffer, 0).validate(buffer.remaining());
        assertNotEquals(BatchStatus.VALID, status, "flip at " + at + " undetected");
    }
}
