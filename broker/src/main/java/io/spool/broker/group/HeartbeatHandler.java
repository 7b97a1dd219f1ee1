package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.message.HeartbeatRequest;
import io.spool.protocol.message.HeartbeatResponse;

/** Heartbeat 0-4: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. */
public final class HeartbeatHandler implements ApiHandler {
    private final GroupCoordinator groups;

    public HeartbeatHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        HeartbeatRequest r = (HeartbeatRequest) message;
        HeartbeatResponse out = new HeartbeatResponse();
        out.errorCode = groups.heartbeat(r.groupId, r.memberId, r.groupInstanceId, r.generationId).code;
        ctx.respond(out);
    }
}
