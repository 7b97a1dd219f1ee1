package io.spool.client.record;

import java.util.Objects;

/** A record header: a UTF-8 key and an optional value (null is encoded as length -1). */
public record Header(String key, byte[] value) {
    public Header {
        Objects.requireNonNull(key, "header key");
    }
}
