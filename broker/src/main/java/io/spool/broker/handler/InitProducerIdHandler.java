package io.spool.broker.handler;

import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.InitProducerIdRequest;
import io.spool.protocol.message.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId for idempotent producers: a fresh producer id (epoch 0) from a block reserved in the metadata
 * log. Transactions do not exist yet: a transactional id gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED, which the
 * client treats as fatal at once, rather than a retriable error it would retry forever.
 */
public final class InitProducerIdHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final BrokerState state;

    public InitProducerIdHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        InitProducerIdRequest request = (InitProducerIdRequest) message;
        if (request.transactionalId != null) {
            LOG.info("refusing transactional producer (transactions are not supported): transactionalId={}, {}",
                    request.transactionalId, ctx.describeClient());
            ctx.respond(response(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1, (short) -1));
            return;
        }
        state.producerIds().nextProducerId().whenComplete((id, error) -> {
            if (error != null) {
                ctx.respond(response(Errors.COORDINATOR_NOT_AVAILABLE, -1, (short) -1));
            } else {
                ctx.respond(response(Errors.NONE, id, (short) 0));
            }
        });
    }

    private static InitProducerIdResponse response(Errors error, long producerId, short epoch) {
        InitProducerIdResponse r = new InitProducerIdResponse();
        r.errorCode = error.code;
        r.producerId = producerId;
        r.producerEpoch = epoch;
        return r;
    }
}
