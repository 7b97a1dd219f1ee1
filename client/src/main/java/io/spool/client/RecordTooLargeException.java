package io.spool.client;

/** A record larger than max.request.size or buffer.memory. */
public class RecordTooLargeException extends RuntimeException {
    public RecordTooLargeException(String message) {
        super(message);
    }
}
