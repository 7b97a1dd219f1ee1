package io.spool.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionHandlerTest {
    private final List<PendingResponse> pending = new ArrayList<>();

    private EmbeddedChannel channel(int maxInFlight) {
        RequestDispatcher d = (frame, response) -> {
            frame.release();
            pending.add(response);
        };
        return new EmbeddedChannel(new ConnectionHandler(d, maxInFlight));
    }

    private static ByteBuf request(int correlationId) {
        return Unpooled.buffer().writeShort(0).writeShort(0).writeInt(correlationId);
    }

    private static ResponseSend response(int correlationId) {
        return ResponseSend.of(Unpooled.buffer().writeInt(4).writeInt(correlationId));
    }

    private static int readCorrelationId(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        try {
            return b.getInt(4);
        } finally {
            b.release();
        }
    }

    @Test
    void pipelinedResponsesAreWrittenInRequestOrder() {
        EmbeddedChannel ch = channel(100);
        for (int i = 1; i <= 3; i++) {
            ch.writeInbound(request(i));
        }
        assertEquals(3, pending.size());
        assertEquals(2, pending.get(1).correlationId());
        pending.get(2).send(response(3));
        pending.get(1).send(response(2));
        assertNull(ch.readOutbound());
        pending.get(0).send(response(1));
        assertEquals(1, readCorrelationId(ch));
        assertEquals(2, readCorrelationId(ch));
        assertEquals(3, readCorrelationId(ch));
    }

    @Test
    void readingStopsAtMaxInFlightAndResumesWhenAnswered() {
        EmbeddedChannel ch = channel(2);
        ch.writeInbound(request(1));
        assertTrue(ch.config().isAutoRead());
        ch.writeInbound(request(2));
        assertFalse(ch.config().isAutoRead());
        pending.get(1).send(response(2));
        assertFalse(ch.config().isAutoRead(), "request 2 is answered but not written while 1 is pending");
        pending.get(0).noResponse();
        assertTrue(ch.config().isAutoRead());
        assertEquals(2, readCorrelationId(ch));
        assertNull(ch.readOutbound());
    }

    @Test
    void readingStopsWhileTheSocketIsNotWritableAndResumesAfter() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(request(1));
        assertTrue(ch.config().isAutoRead());
        // the peer stops reading: the outbound buffer passes its high-water mark
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        assertFalse(ch.isWritable());
        assertFalse(ch.config().isAutoRead());
        pending.get(0).send(response(1));
        assertFalse(ch.config().isAutoRead(), "still not writable");
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        assertTrue(ch.config().isAutoRead());
        assertEquals(1, readCorrelationId(ch));
    }

    @Test
    void closeConnectionDropsLaterResponses() {
        EmbeddedChannel ch = channel(10);
        ch.writeInbound(request(1));
        ch.writeInbound(request(2));
        ResponseSend late = response(2);
        pending.get(0).closeConnection("acks=0 produce failed");
        assertFalse(ch.isOpen());
        pending.get(1).send(late);
        assertNull(ch.readOutbound());
    }

    @Test
    void dispatcherBugClosesOnlyThisConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new ConnectionHandler((frame, r) -> {
            frame.release();
            throw new IllegalStateException("bug");
        }, 10));
        ch.writeInbound(request(1));
        assertFalse(ch.isOpen());
    }
}
