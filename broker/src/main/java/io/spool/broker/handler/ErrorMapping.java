package io.spool.broker.handler;

import io.spool.broker.metadata.MetadataError;
import io.spool.broker.metadata.MetadataException;
import io.spool.protocol.Errors;
import io.spool.storage.AppendResult;
import java.util.concurrent.CompletionException;

/** Maps the broker's and storage's outcomes onto Kafka error codes. */
final class ErrorMapping {
    private ErrorMapping() {
    }

    static Errors of(MetadataError e) {
        return switch (e) {
            case TOPIC_ALREADY_EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
            case UNKNOWN_TOPIC_OR_PARTITION -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case UNKNOWN_TOPIC_ID -> Errors.UNKNOWN_TOPIC_ID;
            case INVALID_PARTITIONS -> Errors.INVALID_PARTITIONS;
            case INVALID_REPLICATION_FACTOR -> Errors.INVALID_REPLICATION_FACTOR;
            case INVALID_TOPIC_EXCEPTION -> Errors.INVALID_TOPIC_EXCEPTION;
            case INVALID_CONFIG -> Errors.INVALID_CONFIG;
            case STORAGE_ERROR -> Errors.KAFKA_STORAGE_ERROR;
        };
    }

    /** The metadata refusal inside {@code t} (unwrapping CompletionException), or null for anything else. */
    static MetadataException metadataCause(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof MetadataException m ? m : null;
    }

    static Errors of(AppendResult.Status s) {
        return switch (s) {
            case APPENDED, DUPLICATE -> Errors.NONE;
            case CORRUPT_MESSAGE -> Errors.CORRUPT_MESSAGE;
            case INVALID_RECORD -> Errors.INVALID_RECORD;
            case MESSAGE_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
            case OUT_OF_ORDER_SEQUENCE -> Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
            case INVALID_PRODUCER_EPOCH -> Errors.INVALID_PRODUCER_EPOCH;
            case UNKNOWN_PRODUCER_ID -> Errors.UNKNOWN_PRODUCER_ID;
            case OUT_OF_SPACE, STORAGE_ERROR -> Errors.KAFKA_STORAGE_ERROR;
        };
    }
}
