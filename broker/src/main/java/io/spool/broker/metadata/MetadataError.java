package io.spool.broker.metadata;

/** Why a metadata command was refused; each maps to one Kafka error code in the handlers. */
public enum MetadataError {
    TOPIC_ALREADY_EXISTS,
    UNKNOWN_TOPIC_OR_PARTITION,
    UNKNOWN_TOPIC_ID,
    INVALID_PARTITIONS,
    INVALID_REPLICATION_FACTOR,
    INVALID_TOPIC_EXCEPTION,
    INVALID_CONFIG,
    /** The metadata log could not be written (disk error); nothing changed. */
    STORAGE_ERROR
}
