package io.spool.broker.handler;

import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.ApiVersionsResponse;
import java.util.List;
import java.util.function.Supplier;

/** ApiVersions: exactly the APIs and versions this broker both decodes and handles. */
public final class ApiVersionsHandler implements ApiHandler {
    private final Supplier<Iterable<ApiHandler>> handlers;
    private volatile List<ApiVersionsResponse.ApiVersion> versions;

    /** {@code handlers}: every handler of the router, this one included (resolved on first use). */
    public ApiVersionsHandler(Supplier<Iterable<ApiHandler>> handlers) {
        this.handlers = handlers;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage request) {
        List<ApiVersionsResponse.ApiVersion> v = versions;
        if (v == null) {
            v = List.copyOf(RequestRouter.advertisedVersions(handlers.get()));
            versions = v;
        }
        ApiVersionsResponse r = new ApiVersionsResponse();
        r.errorCode = Errors.NONE.code;
        r.apiKeys = v;
        ctx.respond(r);
    }
}
