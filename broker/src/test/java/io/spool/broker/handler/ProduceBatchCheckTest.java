package io.spool.broker.handler;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class ProduceBatchCheckTest {

    private static ByteBuf two(MemoryRecords a, MemoryRecords b) {
        return Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(a.buffer()), Unpooled.wrappedBuffer(b.buffer())).copy();
    }

    @Test
    void plainAndIdempotentBatchesPass() {
        MemoryRecords plain = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("a".getBytes()));
        MemoryRecords idem = MemoryRecords.withIdempotentRecords(Compression.NONE, 5L, (short) 0, 0, new SimpleRecord("b".getBytes()));
        assertNull(ProduceBatchCheck.invalidReason(two(plain, idem)));
    }

    @Test
    void secondBatchWithOffsetOrTransactionalFlagIsCaught() {
        MemoryRecords plain = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("a".getBytes()));
        String r = ProduceBatchCheck.invalidReason(two(plain, MemoryRecords.withRecords(3L, Compression.NONE, new SimpleRecord("b".getBytes()))));
        assertNotNull(r);
        assertTrue(r.contains("batchIndex=1") && r.contains("baseOffset=3"), r);
        MemoryRecords txn = MemoryRecords.withTransactionalRecords(Compression.NONE, 5L, (short) 0, 0, new SimpleRecord("c".getBytes()));
        assertTrue(ProduceBatchCheck.invalidReason(two(plain, txn)).contains("transactional"));
    }

    @Test
    void truncatedInputIsLeftToStorage() {
        assertNull(ProduceBatchCheck.invalidReason(Unpooled.wrappedBuffer(new byte[20])));
    }
}
