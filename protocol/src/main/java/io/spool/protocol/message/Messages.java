package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.InvalidRequestException;

/** Decodes a request or response body by API key; the broker's and the client's single entry point. */
public final class Messages {
    private Messages() {
    }

    /**
     * Decodes a request body of {@code key} at {@code version}, which must be within the implemented range.
     * Malformed input raises {@link InvalidRequestException}.
     */
    public static ApiMessage readRequest(ApiKeys key, ByteBuf buf, short version) {
        checkVersion(key, version);
        return switch (key) {
            case PRODUCE -> ProduceRequest.read(buf, version);
            case FETCH -> FetchRequest.read(buf, version);
            case LIST_OFFSETS -> ListOffsetsRequest.read(buf, version);
            case METADATA -> MetadataRequest.read(buf, version);
            case API_VERSIONS -> ApiVersionsRequest.read(buf, version);
            case INIT_PRODUCER_ID -> InitProducerIdRequest.read(buf, version);
        };
    }

    /** Decodes a response body of {@code key} at {@code version} (client side). */
    public static ApiMessage readResponse(ApiKeys key, ByteBuf buf, short version) {
        checkVersion(key, version);
        return switch (key) {
            case PRODUCE -> ProduceResponse.read(buf, version);
            case FETCH -> FetchResponse.read(buf, version);
            case LIST_OFFSETS -> ListOffsetsResponse.read(buf, version);
            case METADATA -> MetadataResponse.read(buf, version);
            case API_VERSIONS -> ApiVersionsResponse.read(buf, version);
            case INIT_PRODUCER_ID -> InitProducerIdResponse.read(buf, version);
        };
    }

    private static void checkVersion(ApiKeys key, short version) {
        if (!key.isVersionSupported(version)) {
            throw new InvalidRequestException("unsupported version: apiKey=" + key.apiName + ", version=" + version
                    + ", supported=" + key.minVersion + ".." + key.maxVersion);
        }
    }
}
