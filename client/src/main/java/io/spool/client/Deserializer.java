package io.spool.client;

import java.nio.charset.StandardCharsets;

/** Turns bytes back into a key or value; null stays null. */
@FunctionalInterface
public interface Deserializer<T> {
    T deserialize(String topic, byte[] data);

    /** Passes byte arrays through. */
    static Deserializer<byte[]> bytes() {
        return (topic, data) -> data;
    }

    /** UTF-8, as kafka-clients' StringDeserializer. */
    static Deserializer<String> string() {
        return (topic, data) -> data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
}
