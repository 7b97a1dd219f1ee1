package io.spool.broker.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.spool.broker.network.PendingResponse;
import io.spool.broker.network.RequestDispatcher;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.InvalidRequestException;
import io.spool.protocol.RequestHeader;
import io.spool.protocol.message.ApiVersionsResponse;
import io.spool.protocol.message.Messages;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes request frames and routes them to the {@link ApiHandler}s. Bad input never reaches a handler: an
 * unknown API, an unsupported version (except ApiVersions, answered per KIP-511) or an undecodable body closes
 * the connection, as Kafka does. Shared by every connection of one listener; runs on event loops.
 */
public final class RequestRouter implements RequestDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final Map<ApiKeys, ApiHandler> handlers;
    private final String listenerName;
    private final ByteBufAllocator alloc;

    public RequestRouter(List<ApiHandler> handlers, String listenerName, ByteBufAllocator alloc) {
        this.handlers = new EnumMap<>(ApiKeys.class);
        for (ApiHandler h : handlers) {
            this.handlers.put(h.apiKey(), h);
        }
        this.listenerName = listenerName;
        this.alloc = alloc;
    }

    /** The advertised version ranges: every handled API, clamped to what protocol and the handler implement. */
    public static List<ApiVersionsResponse.ApiVersion> advertisedVersions(Iterable<ApiHandler> handlers) {
        List<ApiVersionsResponse.ApiVersion> out = new java.util.ArrayList<>();
        for (ApiHandler h : handlers) {
            out.add(new ApiVersionsResponse.ApiVersion(h.apiKey().id, h.minAdvertisedVersion(),
                    (short) Math.min(h.maxAdvertisedVersion(), h.apiKey().maxVersion)));
        }
        out.sort((a, b) -> Short.compare(a.apiKey(), b.apiKey()));
        return out;
    }

    @Override
    public void dispatch(ByteBuf frame, PendingResponse pending) {
        ApiKeys key;
        RequestHeader header;
        ApiMessage request;
        try {
            if (frame.readableBytes() < RequestHeader.CLIENT_ID_OFFSET + 2) {
                pending.closeConnection("request shorter than a header: length=" + frame.readableBytes());
                return;
            }
            short apiKey = frame.getShort(frame.readerIndex() + RequestHeader.API_KEY_OFFSET);
            short version = frame.getShort(frame.readerIndex() + RequestHeader.API_VERSION_OFFSET);
            key = ApiKeys.forId(apiKey);
            ApiHandler handler = key == null ? null : handlers.get(key);
            if (handler == null) {
                pending.closeConnection("unsupported API: apiKey=" + apiKey + ", version=" + version);
                return;
            }
            if (key == ApiKeys.API_VERSIONS && version > key.maxVersion) {
                answerUnsupportedApiVersions(frame, pending);
                return;
            }
            if (version < handler.minAdvertisedVersion() || version > handler.maxAdvertisedVersion()
                    || !key.isVersionSupported(version)) {
                pending.closeConnection("unsupported version: api=" + key.apiName + ", version=" + version);
                return;
            }
            header = RequestHeader.read(frame);
            request = Messages.readRequest(key, frame, version);
        } catch (InvalidRequestException | IndexOutOfBoundsException e) {
            pending.closeConnection("undecodable request: " + e.getMessage());
            return;
        } finally {
            frame.release();
        }
        handlers.get(key).handle(new RequestContext(header, key, listenerName, pending, alloc), request);
    }

    /**
     * KIP-511: a client newer than the broker sends ApiVersions at a version we do not know; answer with a v0
     * body (header v0) carrying UNSUPPORTED_VERSION and our ranges so that it retries with one we do.
     */
    private void answerUnsupportedApiVersions(ByteBuf frame, PendingResponse pending) {
        int correlationId = frame.getInt(frame.readerIndex() + RequestHeader.CORRELATION_ID_OFFSET);
        ApiVersionsResponse body = new ApiVersionsResponse();
        body.errorCode = Errors.UNSUPPORTED_VERSION.code;
        body.apiKeys = advertisedVersions(handlers.values());
        pending.send(RequestContext.encode(alloc, correlationId, (short) 0, body, (short) 0));
    }

    /** The handlers, for ApiVersions. */
    public Iterable<ApiHandler> handlers() {
        return handlers.values();
    }
}
