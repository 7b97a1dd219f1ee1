package io.spool.client;

import java.nio.charset.StandardCharsets;

/** Turns a key or value into bytes; null stays null. Must be thread-safe. */
@FunctionalInterface
public interface Serializer<T> {
    byte[] serialize(String topic, T data);

    /** Passes byte arrays through. */
    static Serializer<byte[]> bytes() {
        return (topic, data) -> data;
    }

    /** UTF-8, as kafka-clients' StringSerializer. */
    static Serializer<String> string() {
        return (topic, data) -> data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }
}
