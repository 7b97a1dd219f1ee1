package io.spool.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into Kafka request frames (4-byte big-endian length, then the body)
 * and fires each body as one {@link ByteBuf} that the next handler owns and must release.
 *
 * <p>A frame that lies entirely within one read buffer is passed on as a retained slice of it (no copy).
 * A frame spread over several reads is gathered into one direct buffer of exactly its length, allocated
 * once when the length is known: unlike {@code ByteToMessageDecoder}'s cumulator, no byte is copied
 * twice. A declared length above {@code maxFrameBytes} (or negative) closes the connection before a
 * single byte of the body is buffered. Event-loop confined.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameBytes;
    private final byte[] lengthBytes = new byte[4];
    private int lengthRead;
    private ByteBuf frame;
    private boolean closed;

    /** {@code maxFrameBytes}: {@code socket.request.max.bytes}. */
    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (!closed && in.isReadable()) {
                if (frame == null) {
                    if (lengthRead == 0 && in.readableBytes() >= 4) {
                        int length = in.readInt();
                        if (!acceptLength(ctx, length)) {
                            return;
                        }
                        if (in.readableBytes() >= length) {
                            ctx.fireChannelRead(in.readRetainedSlice(length));
                            continue;
                        }
                        frame = ctx.alloc().directBuffer(length, length);
                    } else {
                        lengthBytes[lengthRead++] = in.readByte();
                        if (lengthRead < 4) {
                            continue;
                        }
                        lengthRead = 0;
                        int length = (lengthBytes[0] & 0xff) << 24 | (lengthBytes[1] & 0xff) << 16
                                | (lengthBytes[2] & 0xff) << 8 | (lengthBytes[3] & 0xff);
                        if (!acceptLength(ctx, length)) {
                            return;
                        }
                        if (length == 0) {
                            ctx.fireChannelRead(ctx.alloc().directBuffer(0, 0));
                            continue;
                        }
                        frame = ctx.alloc().directBuffer(length, length);
                    }
                }
                int n = Math.min(frame.writableBytes(), in.readableBytes());
                frame.writeBytes(in, n);
                if (!frame.isWritable()) {
                    ByteBuf complete = frame;
                    frame = null;
                    ctx.fireChannelRead(complete);
                }
            }
        } finally {
            in.release();
        }
    }

    private boolean acceptLength(ChannelHandlerContext ctx, int length) {
        if (length < 0 || length > maxFrameBytes) {
            LOG.info("closing {}: request frame of {} bytes exceeds socket.request.max.bytes={}",
                    ctx.channel().remoteAddress(), Integer.toUnsignedLong(length), maxFrameBytes);
            closed = true;
            ctx.close();
            return false;
        }
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseFrame();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseFrame();
    }

    private void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }
}
