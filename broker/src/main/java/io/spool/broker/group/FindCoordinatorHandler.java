package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.BrokerState;
import io.spool.broker.handler.RequestContext;
import io.spool.config.Listener;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.FindCoordinatorRequest;
import io.spool.protocol.message.FindCoordinatorResponse;

/**
 * FindCoordinator 0-4 for groups: this node while it leads the group's {@code __consumer_offsets} partition
 * (loaded or loading), COORDINATOR_NOT_AVAILABLE otherwise. Transaction coordinators do not exist yet: that key
 * type gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED, which clients treat as fatal instead of retrying forever.
 */
public final class FindCoordinatorHandler implements ApiHandler {
    private static final byte GROUP_KEY = 0;
    private static final byte TRANSACTION_KEY = 1;

    private final GroupCoordinator groups;
    private final BrokerState state;

    public FindCoordinatorHandler(GroupCoordinator groups, BrokerState state) {
        this.groups = groups;
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        FindCoordinatorRequest r = (FindCoordinatorRequest) message;
        Listener self = state.advertised(ctx.listenerName());
        FindCoordinatorResponse out = new FindCoordinatorResponse();
        if (ctx.version() >= 4) {
            for (String key : r.coordinatorKeys) {
                Errors e = find(r.keyType, key);
                out.coordinators.add(e == Errors.NONE
                        ? new FindCoordinatorResponse.Coordinator(key, state.nodeId(), self.host(), self.port(), e.code, null)
                        : new FindCoordinatorResponse.Coordinator(key, -1, "", -1, e.code, message(e)));
            }
        } else {
            Errors e = find(r.keyType, r.key);
            out.errorCode = e.code;
            out.errorMessage = message(e);
            out.nodeId = e == Errors.NONE ? state.nodeId() : -1;
            out.host = e == Errors.NONE ? self.host() : "";
            out.port = e == Errors.NONE ? self.port() : -1;
        }
        ctx.respond(out);
    }

    private Errors find(byte keyType, String key) {
        if (keyType == TRANSACTION_KEY) {
            return Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        }
        if (keyType != GROUP_KEY || key == null || key.isEmpty()) {
            return Errors.INVALID_REQUEST;
        }
        Errors status = groups.checkCoordinator(key);
        return status == Errors.NONE || status == Errors.COORDINATOR_LOAD_IN_PROGRESS ? Errors.NONE
                : Errors.COORDINATOR_NOT_AVAILABLE;
    }

    private static String message(Errors e) {
        return switch (e) {
            case NONE -> null;
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> "transactions are not supported by this broker";
            case INVALID_REQUEST -> "only group coordinators (key type 0) with a non-empty key exist";
            default -> "the group's __consumer_offsets partition is not served by this broker";
        };
    }
}
