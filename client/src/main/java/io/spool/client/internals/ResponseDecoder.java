package io.spool.client.internals;

import io.netty.buffer.ByteBuf;

/** Decodes a response body read at {@code version}; runs on the connection's reader thread. */
@FunctionalInterface
public interface ResponseDecoder<T> {
    T decode(ByteBuf body, short version);
}
