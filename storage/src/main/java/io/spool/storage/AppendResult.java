package io.spool.storage;

/**
 * Outcome of an append: a status, never an exception for an expected outcome.
 *
 * @param status          what happened
 * @param baseOffset      first offset of the appended (or, for {@link Status#DUPLICATE}, the original) batches; -1 otherwise
 * @param lastOffset      last offset of the appended batches; -1 if nothing was appended
 * @param logAppendTimeMs broker time stamped into the batches for LogAppendTime topics, -1 for CreateTime
 * @param logStartOffset  the log start offset after the append
 * @param message         human-readable detail for a failure ({@code name=value} context), null on success
 */
public record AppendResult(Status status, long baseOffset, long lastOffset, long logAppendTimeMs,
                           long logStartOffset, String message) {

    /** Append statuses; each failure maps to one Kafka error code. */
    public enum Status {
        APPENDED,
        /** Idempotent retry of a batch already in the log; offsets are the original ones. */
        DUPLICATE,
        /** CRC mismatch or a header inconsistent with the bytes (CORRUPT_MESSAGE). */
        CORRUPT_MESSAGE,
        /** Structurally valid but not acceptable: magic != 2, baseOffset != 0 from a client, control/transactional (INVALID_RECORD). */
        INVALID_RECORD,
        /** Batch larger than max.message.bytes (MESSAGE_TOO_LARGE). */
        MESSAGE_TOO_LARGE,
        /** Producer sequence gap (OUT_OF_ORDER_SEQUENCE_NUMBER). */
        OUT_OF_ORDER_SEQUENCE,
        /** Producer epoch older than the one seen (INVALID_PRODUCER_EPOCH). */
        INVALID_PRODUCER_EPOCH,
        /** Producer id unknown and sequence not 0 (UNKNOWN_PRODUCER_ID). */
        UNKNOWN_PRODUCER_ID,
        /** The disk has no room; nothing written (KAFKA_STORAGE_ERROR). */
        OUT_OF_SPACE,
        /** The log directory is offline after an I/O error (KAFKA_STORAGE_ERROR). */
        STORAGE_ERROR
    }

    public static AppendResult failure(Status status, long logStartOffset, String message) {
        return new AppendResult(status, -1, -1, -1, logStartOffset, message);
    }
}
