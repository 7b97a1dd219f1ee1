package io.spool.broker.handler;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.record.RecordBatchDescriptor;

/**
 * Header checks the broker makes before handing client batches to the log: every batch must carry base
 * offset 0 (a client never assigns offsets) and neither the transactional nor the control attribute (no
 * transactions yet). Reads only the fixed header fields of each batch in place; allocates nothing. Structural
 * problems (truncation, bad lengths, CRC) are left to the storage engine, which reports them precisely.
 */
final class ProduceBatchCheck {
    private ProduceBatchCheck() {
    }

    /** Null when the batches pass, otherwise the reason ({@code name=value} context) for INVALID_RECORD. */
    static String invalidReason(ByteBuf records) {
        int position = records.readerIndex();
        int end = records.writerIndex();
        int index = 0;
        while (end - position >= RecordBatchDescriptor.HEADER_LENGTH) {
            long baseOffset = records.getLong(position + RecordBatchDescriptor.BASE_OFFSET_OFFSET);
            int batchLength = records.getInt(position + RecordBatchDescriptor.BATCH_LENGTH_OFFSET);
            short attributes = records.getShort(position + RecordBatchDescriptor.ATTRIBUTES_OFFSET);
            if (baseOffset != 0) {
                return "batch base offset must be 0 in a produce request: batchIndex=" + index + ", baseOffset=" + baseOffset;
            }
            if ((attributes & RecordBatchDescriptor.TRANSACTIONAL_FLAG_MASK) != 0) {
                return "transactional batches are not supported: batchIndex=" + index;
            }
            if ((attributes & RecordBatchDescriptor.CONTROL_FLAG_MASK) != 0) {
                return "control batches may not be produced: batchIndex=" + index;
            }
            if (batchLength < RecordBatchDescriptor.MIN_BATCH_LENGTH) {
                return null;
            }
            position += RecordBatchDescriptor.LOG_OVERHEAD + batchLength;
            index++;
        }
        return null;
    }
}
