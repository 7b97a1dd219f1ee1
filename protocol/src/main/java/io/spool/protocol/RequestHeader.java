package io.spool.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A request header: v1 (key, version, correlation id, nullable client id) or v2 (v1 plus tagged fields), chosen
 * by whether the API version is flexible. The client id stays a classic nullable string in v2.
 *
 * <pre>
 *  0       2       4               8       10
 *  +-------+-------+---------------+-------+---------------+---------------+
 *  |apiKey |version| correlationId | len   | clientId ...  | tags (v2 only)|
 *  +-------+-------+---------------+-------+---------------+---------------+
 * </pre>
 */
public record RequestHeader(short apiKey, short apiVersion, int correlationId, String clientId) {
    /** Offset of the API key in a request (after the frame length has been removed). */
    public static final int API_KEY_OFFSET = 0;
    /** Offset of the API version. */
    public static final int API_VERSION_OFFSET = 2;
    /** Offset of the correlation id. */
    public static final int CORRELATION_ID_OFFSET = 4;
    /** Offset of the client id's length. */
    public static final int CLIENT_ID_OFFSET = 8;

    /**
     * Reads a header. For an API Spool implements, a flexible version's tagged fields are consumed (for any
     * version, supported or not); for an unknown API the reader stops after the client id.
     */
    public static RequestHeader read(ByteBuf buf) {
        short apiKey = Decoder.readInt16(buf);
        short apiVersion = Decoder.readInt16(buf);
        int correlationId = Decoder.readInt32(buf);
        String clientId = Decoder.readNullableString(buf, false);
        ApiKeys key = ApiKeys.forId(apiKey);
        if (key != null && key.isFlexible(apiVersion)) {
            Decoder.skipTaggedFields(buf);
        }
        return new RequestHeader(apiKey, apiVersion, correlationId, clientId);
    }

    /** Writes this header in the version its API key and version call for. */
    public void write(MessageWriter w) {
        w.writeInt16(apiKey).writeInt16(apiVersion).writeInt32(correlationId).writeNullableString(clientId, false);
        ApiKeys key = ApiKeys.forId(apiKey);
        if (key == null) {
            throw new IllegalArgumentException("unknown api key: apiKey=" + apiKey);
        }
        if (key.isFlexible(apiVersion)) {
            w.writeEmptyTaggedFields();
        }
    }
}
