package io.spool.protocol;

/**
 * The records of one partition in a response, written by reference: a {@link MessageWriter} ends its current
 * chunk at a payload, so that the broker can send the bytes as a file region (sendfile) between header chunks.
 */
public interface RecordsPayload {
    /** No records (a partition with nothing to return is written with length 0, not as null). */
    RecordsPayload EMPTY = () -> 0;

    /** The number of bytes this payload puts on the wire. */
    int sizeInBytes();
}
