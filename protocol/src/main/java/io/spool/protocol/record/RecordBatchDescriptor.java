package io.spool.protocol.record;

/**
 * Layout of a Kafka RecordBatch v2 (magic 2), all integers big-endian.
 *
 * <pre>
 *  offset  size
 *       0     8  +----------------------------------+
 *                |  baseOffset            int64     |  patched on append (outside the CRC)
 *       8     4  +----------------------------------+
 *                |  batchLength           int32     |  bytes after this field
 *      12     4  +----------------------------------+
 *                |  partitionLeaderEpoch  int32     |  patched on append (outside the CRC)
 *      16     1  +----------------------------------+
 *                |  magic                 int8 = 2  |
 *      17     4  +----------------------------------+
 *                |  crc                   uint32    |  CRC-32C of [21, end)
 *      21     2  +==================================+  &lt;- CRC coverage starts
 *                |  attributes            int16     |  codec:3 tsType:1 txn:1 control:1 deleteHorizon:1
 *      23     4  +----------------------------------+
 *                |  lastOffsetDelta       int32     |
 *      27     8  +----------------------------------+
 *                |  baseTimestamp         int64     |
 *      35     8  +----------------------------------+
 *                |  maxTimestamp          int64     |
 *      43     8  +----------------------------------+
 *                |  producerId            int64     |
 *      51     2  +----------------------------------+
 *                |  producerEpoch         int16     |
 *      53     4  +----------------------------------+
 *                |  baseSequence          int32     |
 *      57     4  +----------------------------------+
 *                |  recordsCount          int32     |
 *      61        +----------------------------------+
 *                |  records ...                     |  varint-encoded, maybe compressed
 *                +----------------------------------+
 * </pre>
 *
 * <p>{@code batchLength} counts the bytes after itself, so a batch occupies {@code LOG_OVERHEAD + batchLength}
 * bytes. The CRC-32C covers attributes to the end of the batch, so baseOffset and partitionLeaderEpoch can be
 * patched in place without recomputing it.
 */
public final class RecordBatchDescriptor {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BATCH_LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** Bytes before {@code batchLength}'s coverage starts: baseOffset and batchLength. */
    public static final int LOG_OVERHEAD = 12;
    /** The whole v2 header, records excluded. */
    public static final int HEADER_LENGTH = RECORDS_OFFSET;
    /** Smallest legal {@code batchLength}: a header with no records. */
    public static final int MIN_BATCH_LENGTH = HEADER_LENGTH - LOG_OVERHEAD;

    public static final byte MAGIC_V2 = 2;

    public static final int COMPRESSION_CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final int CONTROL_FLAG_MASK = 0x20;
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    /** Value of {@code producerId}, {@code producerEpoch} and {@code baseSequence} for non-idempotent batches. */
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    /** A record's smallest encoding: length, attributes, timestampDelta, offsetDelta, keyLength, valueLength, headerCount. */
    public static final int MIN_RECORD_SIZE = 7;

    private RecordBatchDescriptor() {
    }
}
