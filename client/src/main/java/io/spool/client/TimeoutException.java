package io.spool.client;

/** An operation did not finish within its timeout (delivery.timeout.ms, max.block.ms, ...). */
public class TimeoutException extends RuntimeException {
    public TimeoutException(String message) {
        super(message);
    }
}
