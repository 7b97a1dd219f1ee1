package io.spool.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;

/**
 * Whole frames: 4-byte length, header, body. The header version follows the API version
 * ({@link ApiKeys#requestHeaderVersion}, {@link ApiKeys#responseHeaderVersion}: ApiVersions responses use v0).
 */
public final class Frames {
    /** Bytes of the length prefix in front of every request and response. */
    public static final int LENGTH_FIELD_BYTES = 4;

    private Frames() {
    }

    /**
     * Encodes a response frame as parts ({@link ByteBuf} chunks owned by the caller and {@link RecordsPayload}
     * items, see {@link MessageWriter#finish()}). {@code apiVersion} is the version of the body.
     */
    public static List<Object> encodeResponse(ByteBufAllocator alloc, int correlationId, short apiVersion, ApiMessage body) {
        MessageWriter w = MessageWriter.framed(alloc);
        try {
            ResponseHeader.write(w, correlationId, body.apiKey().responseHeaderVersion(apiVersion));
            body.write(w, apiVersion);
            return w.finish();
        } catch (RuntimeException e) {
            w.discard();
            throw e;
        }
    }

    /** Encodes a request frame into one buffer owned by the caller (records are composed in, not copied). */
    public static ByteBuf encodeRequest(ByteBufAllocator alloc, RequestHeader header, ApiMessage body) {
        if (header.apiKey() != body.apiKey().id) {
            throw new IllegalArgumentException("header and body disagree: headerApiKey=" + header.apiKey()
                    + ", bodyApiKey=" + body.apiKey().id);
        }
        MessageWriter w = MessageWriter.framed(alloc);
        try {
            header.write(w);
            body.write(w, header.apiVersion());
            return w.toByteBuf();
        } catch (RuntimeException e) {
            w.discard();
            throw e;
        }
    }
}
