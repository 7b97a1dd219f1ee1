package io.spool.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A response header: v0 (correlation id) or v1 (plus tagged fields). See
 * {@link ApiKeys#responseHeaderVersion(short)}: ApiVersions responses always use v0.
 */
public final class ResponseHeader {
    private ResponseHeader() {
    }

    /** Writes a response header of version {@code headerVersion} (0 or 1). */
    public static void write(MessageWriter w, int correlationId, short headerVersion) {
        w.writeInt32(correlationId);
        if (headerVersion >= 1) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a response header of version {@code headerVersion} and returns its correlation id. */
    public static int read(ByteBuf buf, short headerVersion) {
        int correlationId = Decoder.readInt32(buf);
        if (headerVersion >= 1) {
            Decoder.skipTaggedFields(buf);
        }
        return correlationId;
    }
}
