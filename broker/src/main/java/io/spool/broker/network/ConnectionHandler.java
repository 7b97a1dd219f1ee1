package io.spool.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: assigns each request frame its place in the response order, hands it to the
 * {@link RequestDispatcher}, writes responses strictly in request order, and stops reading while
 * {@code maxInFlight} requests ({@code queued.max.requests}) are unanswered or while the socket's outbound
 * buffer is above its high-water mark. Event-loop confined except
 * for {@link #complete}, which posts itself to the loop.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final RequestDispatcher dispatcher;
    private final int maxInFlight;
    private final InFlightRequests inFlight = new InFlightRequests();
    private ChannelHandlerContext ctx;
    private boolean closing;

    public ConnectionHandler(RequestDispatcher dispatcher, int maxInFlight) {
        this.dispatcher = dispatcher;
        this.maxInFlight = maxInFlight;
    }

    Channel channel() {
        return ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        // correlation id sits at bytes 4..7 in every request header version
        int correlationId = frame.readableBytes() >= 8 ? frame.getInt(frame.readerIndex() + 4) : -1;
        InFlightRequests.Slot slot = inFlight.add(correlationId);
        if (inFlight.size() >= maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
        PendingResponse pending = new PendingResponse(this, slot);
        try {
            dispatcher.dispatch(frame, pending);
        } catch (RuntimeException e) {
            // the dispatcher owns the frame; a throw here is a bug, not bad input: do not let it kill the loop
            LOG.warn("closing {}: request handling failed: correlationId={}", ctx.channel().remoteAddress(), correlationId, e);
            pending.closeConnection("internal error");
        }
    }

    /** Completes a slot: response != null sends it, closeReason != null closes, neither = no response. Any thread. */
    void complete(InFlightRequests.Slot slot, ResponseSend response, String closeReason) {
        if (!ctx.executor().inEventLoop()) {
            try {
                ctx.executor().execute(() -> complete(slot, response, closeReason));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                if (response != null) {
                    response.release();
                }
            }
            return;
        }
        if (closing || !inFlight.complete(slot, response)) {
            if (response != null) {
                response.release();
            }
            return;
        }
        if (closeReason != null) {
            LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), closeReason);
            close();
            return;
        }
        int[] written = {0};
        inFlight.drain(r -> {
            r.writeTo(ctx);
            written[0]++;
        });
        if (written[0] > 0) {
            ctx.flush();
        }
        updateAutoRead();
    }

    /**
     * Reads while fewer than {@code maxInFlight} requests are unanswered and the socket keeps up with the
     * responses: a client that sends but does not read would otherwise grow the outbound buffer without bound.
     */
    private void updateAutoRead() {
        Channel ch = ctx.channel();
        boolean read = inFlight.size() < maxInFlight && ch.isWritable() && ch.isActive();
        if (ch.config().isAutoRead() != read) {
            ch.config().setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!closing) {
            updateAutoRead();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void close() {
        closing = true;
        inFlight.clear();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        inFlight.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        close();
    }
}
