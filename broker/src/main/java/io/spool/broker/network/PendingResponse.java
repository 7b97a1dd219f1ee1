package io.spool.broker.network;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * The promise of one request's response on its connection. Exactly one of {@link #send},
 * {@link #noResponse} or {@link #closeConnection} takes effect; any thread may call them (completion is
 * posted to the connection's event loop).
 */
public final class PendingResponse {
    private final ConnectionHandler connection;
    private final InFlightRequests.Slot slot;

    PendingResponse(ConnectionHandler connection, InFlightRequests.Slot slot) {
        this.connection = connection;
        this.slot = slot;
    }

    /** Queues {@code response} to be written after every earlier response of the connection; takes ownership. */
    public void send(ResponseSend response) {
        connection.complete(slot, response, null);
    }

    /** Completes without a response (acks=0 produce that succeeded). */
    public void noResponse() {
        connection.complete(slot, null, null);
    }

    /** Closes the connection (undecodable request, acks=0 failure); earlier responses are not written. */
    public void closeConnection(String reason) {
        connection.complete(slot, null, reason);
    }

    /** The connection's event loop: where parked work for this request should be posted. */
    public EventLoop eventLoop() {
        return connection.channel().eventLoop();
    }

    /** The connection's channel (remote address for logs, liveness). */
    public Channel channel() {
        return connection.channel();
    }

    /** The request's correlation id. */
    public int correlationId() {
        return slot.correlationId();
    }
}
