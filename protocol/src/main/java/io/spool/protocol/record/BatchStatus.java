package io.spool.protocol.record;

/** Outcome of {@link RecordBatchView#validate(int)}: a status, never an exception, for bad client bytes. */
public enum BatchStatus {
    /** Header, lengths, counts and CRC-32C are consistent. */
    VALID,
    /** Fewer bytes available than the header or the declared batch length needs. */
    TRUNCATED,
    /** {@code batchLength} is smaller than a header. */
    BAD_LENGTH,
    /** {@code magic} is not 2. */
    BAD_MAGIC,
    /** {@code recordsCount} or {@code lastOffsetDelta} is inconsistent with the bytes. */
    BAD_COUNT,
    /** The stored CRC-32C does not match attributes..end. */
    CORRUPT
}
