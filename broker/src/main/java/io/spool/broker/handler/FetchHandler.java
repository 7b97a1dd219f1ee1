package io.spool.broker.handler;

import io.spool.broker.cluster.TopicPartition;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.FetchResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetch: whole batches up to the high watermark as sendfile regions, within the per-partition and response
 * byte limits. A fetch that finds fewer than {@code fetch.min.bytes} waits in the purgatory until an append
 * to one of its partitions satisfies it or {@code fetch.max.wait.ms} passes, and is answered then. No
 * incremental fetch sessions: session id 0 gets a full response, any other id FETCH_SESSION_ID_NOT_FOUND.
 */
public final class FetchHandler implements ApiHandler {
    private final BrokerState state;

    public FetchHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        FetchRequest request = (FetchRequest) message;
        if (ctx.version() >= 7 && request.sessionId != 0) {
            FetchResponse r = new FetchResponse();
            r.errorCode = Errors.FETCH_SESSION_ID_NOT_FOUND.code;
            r.sessionId = 0;
            ctx.respond(r);
            return;
        }
        DelayedFetch op = new DelayedFetch(ctx, request, state);
        if (request.maxWaitMs <= 0 || request.minBytes <= 0) {
            op.forceComplete();
            return;
        }
        List<TopicPartition> keys = new ArrayList<>();
        for (FetchRequest.FetchTopic t : request.topics) {
            for (FetchRequest.FetchPartition p : t.partitions) {
                keys.add(new TopicPartition(t.topic, p.partition));
            }
        }
        state.fetchPurgatory().tryCompleteElseWatch(op, request.maxWaitMs, keys);
    }
}
