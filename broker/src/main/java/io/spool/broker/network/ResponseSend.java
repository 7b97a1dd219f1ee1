package io.spool.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * One response frame as the parts written to the socket in order: {@link ByteBuf}s (the 4-byte length
 * prefix and headers) and {@link FileRegion}s (record bytes sent with sendfile). Owns one reference on each
 * part until {@link #writeTo} hands them to Netty or {@link #release} drops them.
 */
public final class ResponseSend {
    private final List<Object> parts;
    private final long sizeInBytes;

    /** {@code parts}: ByteBuf or FileRegion, the first starting with the frame's length prefix. */
    public ResponseSend(List<Object> parts) {
        long size = 0;
        for (Object p : parts) {
            if (p instanceof ByteBuf b) {
                size += b.readableBytes();
            } else if (p instanceof FileRegion r) {
                size += r.count();
            } else {
                throw new IllegalArgumentException("response part must be ByteBuf or FileRegion: " + p);
            }
        }
        this.parts = List.copyOf(parts);
        this.sizeInBytes = size;
    }

    /** A response held in one buffer (length prefix included). */
    public static ResponseSend of(ByteBuf frame) {
        return new ResponseSend(List.of(frame));
    }

    /** Bytes this response puts on the wire, length prefix included. */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    /** Writes (without flushing) every part; ownership passes to Netty. Event loop only. */
    void writeTo(ChannelHandlerContext ctx) {
        for (Object p : parts) {
            ctx.write(p, ctx.voidPromise());
        }
    }

    /** Releases every part; for a response that will never be written. */
    public void release() {
        for (Object p : parts) {
            ReferenceCountUtil.safeRelease(p);
        }
    }
}
