package io.spool.broker.network;

import io.netty.buffer.ByteBuf;

/** Decodes and handles one request frame. Implementations run on the connection's event loop and never block. */
public interface RequestDispatcher {

    /**
     * Handles {@code frame} (the request header and body; the dispatcher owns and must release it) and
     * eventually completes {@code response} exactly once, from any thread.
     */
    void dispatch(ByteBuf frame, PendingResponse response);
}
