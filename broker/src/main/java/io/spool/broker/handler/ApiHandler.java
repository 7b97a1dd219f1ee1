package io.spool.broker.handler;

import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;

/** Handles one API. Runs on the connection's event loop; must not block; answers through the context. */
public interface ApiHandler {

    ApiKeys apiKey();

    /** Handles a decoded request; {@link RequestContext#respond} (or noResponse/close) exactly once, from any thread. */
    void handle(RequestContext ctx, ApiMessage request);

    /** Lowest version advertised (Produce advertises 0 but rejects 0-2, see DESIGN §4). */
    default short minAdvertisedVersion() {
        return apiKey().minVersion;
    }

    /** Highest version advertised: what protocol implements, unless this handler supports less. */
    default short maxAdvertisedVersion() {
        return apiKey().maxVersion;
    }
}
