package io.spool.broker.metadata;

/** A refused metadata command: an expected outcome with a Kafka-mappable {@link MetadataError} and a message. */
public final class MetadataException extends RuntimeException {
    private final MetadataError error;

    public MetadataException(MetadataError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public MetadataError error() {
        return error;
    }
}
