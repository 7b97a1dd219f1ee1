package io.spool.client;

/** The position is outside the log and auto.offset.reset=none. */
public final class OffsetOutOfRangeException extends RuntimeException {
    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
