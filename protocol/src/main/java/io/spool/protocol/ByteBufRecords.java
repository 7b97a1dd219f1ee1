package io.spool.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Records held in a {@link ByteBuf} (clients and tests; decoded Fetch responses). The buffer's readable bytes
 * are the records; this object owns one reference to it, given up by {@link #release()}.
 */
public record ByteBufRecords(ByteBuf buffer) implements RecordsPayload {
    @Override
    public int sizeInBytes() {
        return buffer.readableBytes();
    }

    /** Releases this object's reference to the buffer. */
    public void release() {
        buffer.release();
    }
}
