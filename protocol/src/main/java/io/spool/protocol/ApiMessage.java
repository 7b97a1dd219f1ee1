package io.spool.protocol;

/** A request or response body that can encode itself at a given version. */
public interface ApiMessage {
    /** The API this message belongs to. */
    ApiKeys apiKey();

    /** Encodes this message at {@code version} (fields absent from that version are not written). */
    void write(MessageWriter w, short version);
}
