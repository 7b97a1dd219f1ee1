package io.spool.protocol;

/**
 * The one exception every decoder throws for malformed input (truncated data, a length or count that
 * exceeds the remaining bytes, a null where none is allowed). The message carries name=value context.
 * The broker answers it by closing the connection or with an error response.
 */
public final class InvalidRequestException extends RuntimeException {
    /** Creates the exception with a message of name=value pairs. */
    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }

    static InvalidRequestException truncated(int needed, int remaining) {
        return new InvalidRequestException("truncated input: needed=" + needed + ", remaining=" + remaining);
    }
}
