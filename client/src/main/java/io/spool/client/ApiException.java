package io.spool.client;

import io.spool.protocol.Errors;

/** The broker answered with an error code. {@link #retriable()} as Kafka defines it. */
public class ApiException extends RuntimeException {
    private final Errors error;

    public ApiException(Errors error, String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    /** The broker's error code. */
    public Errors error() {
        return error;
    }

    /** Whether Kafka calls this error retriable. */
    public boolean retriable() {
        return error.retriable;
    }
}
