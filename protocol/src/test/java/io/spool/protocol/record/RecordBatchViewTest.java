package io.spool.protocol.record;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.*;

class RecordBatchViewTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer kafkaBatch() {
        return MemoryRecords.withIdempotentRecords(7L, Compression.NONE, 4242L, (short) 3, 11, 5,
                new SimpleRecord(1000L, bytes("k1"), bytes("v1")),
                new SimpleRecord(1005L, null, bytes("value-two")),
                new SimpleRecord(999L, bytes("k3"), null,
                        new Header[]{new RecordHeader("h", bytes("hv"))})).buffer();
    }

    @Test
    void headerFieldsMatchKafkaBatch() {
        ByteBuffer buffer = kafkaBatch();
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);

        assertEquals(BatchStatus.VALID, view.validate(buffer.remaining()));
        assertEquals(kafka.baseOffset(), view.baseOffset());
        assertEquals(7L, view.baseOffset());
        assertEquals(kafka.sizeInBytes(), view.sizeInBytes());
        assertEquals(buffer.remaining(), view.sizeInBytes());
        assertEquals(kafka.partitionLeaderEpoch(), view.partitionLeaderEpoch());
        assertEquals(kafka.magic(), view.magic());
        assertEquals(kafka.checksum(), view.checksum());
        assertEquals(kafka.lastOffset(), view.lastOffset());
        assertEquals(kafka.maxTimestamp(), view.maxTimestamp());
        assertEquals(1005L, view.maxTimestamp());
        assertEquals(4242L, view.producerId());
        assertEquals(3, view.producerEpoch());
        assertEquals(11, view.baseSequence());
        assertEquals(13, view.lastSequence());
        assertEquals(3, view.recordsCount());
        assertFalse(view.isTransactional());
        assertFalse(view.isControl());
        assertEquals(0, view.compressionCodec());
    }

    @Test
    void patchingBaseOffsetAndEpochKeepsCrcValidForKafka() {
        ByteBuffer buffer = kafkaBatch();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
        view.baseOffset(123_456_789_000L);
        view.partitionLeaderEpoch(17);

        MutableRecordBatch kafka = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        kafka.ensureValid();
        assertEquals(123_456_789_000L, kafka.baseOffset());
        assertEquals(17, kafka.partitionLeaderEpoch());
        assertEquals(BatchStatus.VALID, view.validate(buffer.remaining()));
    }

    @Test
    void flippedPayloadByteIsCorrupt() {
        ByteBuffer buffer = kafkaBatch();
        buffer.put(buffer.limit() - 3, (byte) (buffer.get(buffer.limit() - 3) ^ 0x40));
        assertEquals(BatchStatus.CORRUPT, new RecordBatchView().wrap(buffer, 0).validate(buffer.remaining()));
    }

    @Test
    void updateChecksumAfterTimestampChangeIsAcceptedByKafka() {
        ByteBuffer buffer = kafkaBatch();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
        view.maxTimestamp(5555L);
        assertEquals(BatchStatus.CORRUPT, view.validate(buffer.remaining()));
        view.updateChecksum();
        assertEquals(BatchStatus.VALID, view.validate(buffer.remaining()));
        MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next().ensureValid();
    }

    @Test
    void truncatedAndMalformedHeadersAreReportedNotThrown() {
        ByteBuffer buffer = kafkaBatch();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
        assertEquals(BatchStatus.TRUNCATED, view.validate(buffer.remaining() - 1));
        assertEquals(BatchStatus.TRUNCATED, view.validate(30));

        ByteBuffer badMagic = kafkaBatch();
        badMagic.put(RecordBatchDescriptor.MAGIC_OFFSET, (byte) 1);
        assertEquals(BatchStatus.BAD_MAGIC, view.wrap(badMagic, 0).validate(badMagic.remaining()));

        ByteBuffer badLength = kafkaBatch();
        badLength.putInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET, 10);
        assertEquals(BatchStatus.BAD_LENGTH, view.wrap(badLength, 0).validate(badLength.remaining()));

        ByteBuffer hugeLength = kafkaBatch();
        hugeLength.putInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET, Integer.MAX_VALUE);
        assertEquals(BatchStatus.TRUNCATED, view.wrap(hugeLength, 0).validate(hugeLength.remaining()));

        ByteBuffer badCount = kafkaBatch();
        badCount.putInt(RecordBatchDescriptor.RECORDS_COUNT_OFFSET, 1_000_000);
        assertEquals(BatchStatus.BAD_COUNT, view.wrap(badCount, 0).validate(badCount.remaining()));
    }

    @Test
    void viewsABatchAtAnOffsetInsideADirectBufferAndRestoresPositionAndLimit() {
        ByteBuffer batch = kafkaBatch();
        ByteBuffer direct = ByteBuffer.allocateDirect(batch.remaining() + 100);
        direct.position(37);
        direct.put(batch.duplicate());
        direct.position(5).limit(direct.capacity() - 10);
        RecordBatchView view = new RecordBatchView().wrap(direct, 37);
        assertEquals(BatchStatus.VALID, view.validate(batch.remaining()));
        assertEquals(5, direct.position());
        assertEquals(direct.capacity() - 10, direct.limit());
    }

    @Test
    void rejectsLittleEndianBuffers() {
        ByteBuffer buffer = kafkaBatch().order(ByteOrder.LITTLE_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> new RecordBatchView().wrap(buffer, 0));
    }

    @Test
    void iteratorReturnsKafkasRecords() {
        ByteBuffer buffer = kafkaBatch();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
        RecordIterator records = new RecordIterator();
        assertTrue(records.reset(view));

        Iterator<Record> expected = MemoryRecords.readableRecords(buffer.duplicate()).records().iterator();
        int n = 0;
        while (records.next()) {
            Record record = expected.next();
            assertEquals(record.offset(), records.offset());
            assertEquals(record.timestamp(), records.timestamp());
            assertEquals(record.sizeInBytes(), records.sizeInBytes());
            assertEquals(record.hasKey() ? record.keySize() : -1, records.keyLength());
            assertEquals(record.hasValue() ? record.valueSize() : -1, records.valueLength());
            if (record.hasKey()) {
                assertEquals(record.key(), buffer.slice(records.keyIndex(), records.keyLength()));
            }
            if (record.hasValue()) {
                assertEquals(record.value(), buffer.slice(records.valueIndex(), records.valueLength()));
            }
            assertEquals(record.headers().length, records.headerCount());
            n++;
        }
        assertFalse(expected.hasNext());
        assertFalse(records.isMalformed());
        assertEquals(3, n);
    }

    @Test
    void iteratorStopsAtMalformedRecordWithoutThrowing() {
        ByteBuffer buffer = kafkaBatch();
        // first record's length varint claims far more than the batch holds
        buffer.put(RecordBatchDescriptor.RECORDS_OFFSET, (byte) 0x7E);
        RecordIterator records = new RecordIterator();
        records.reset(new RecordBatchView().wrap(buffer, 0));
        assertFalse(records.next());
        assertTrue(records.isMalformed());
    }

    @Test
    void compressedBatchesAreNotIterated() {
        ByteBuffer buffer = MemoryRecords.withRecords(0L, Compression.gzip().build(),
                new SimpleRecord(bytes("a")), new SimpleRecord(bytes("b"))).buffer();
        RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
        assertEquals(BatchStatus.VALID, view.validate(buffer.remaining()));
        assertEquals(1, view.compressionCodec());
        assertFalse(new RecordIterator().reset(view));
    }

    @Test
    void varintSizesMatchKafka() {
        for (int v : new int[]{0, 1, -1, 63, -64, 64, 8191, -8192, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(org.apache.kafka.common.utils.internals.ByteUtils.sizeOfVarint(v), Varints.sizeOfVarint(v), "value=" + v);
        }
    }
}
