package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.message.SyncGroupRequest;
import io.spool.protocol.message.SyncGroupResponse;
import java.util.HashMap;
import java.util.Map;

/** SyncGroup 0-5: the leader's assignments, passed to each member byte for byte. The answer may come later. */
public final class SyncGroupHandler implements ApiHandler {
    private final GroupCoordinator groups;

    public SyncGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        SyncGroupRequest r = (SyncGroupRequest) message;
        Map<String, byte[]> assignments = new HashMap<>();
        for (SyncGroupRequest.SyncGroupRequestAssignment a : r.assignments) {
            assignments.put(a.memberId(), a.assignment() == null ? SyncGroupResult.EMPTY : a.assignment());
        }
        groups.syncGroup(r.groupId, r.generationId, r.memberId, r.groupInstanceId, r.protocolType, r.protocolName,
                assignments, result -> {
                    SyncGroupResponse out = new SyncGroupResponse();
                    out.errorCode = result.error().code;
                    out.protocolType = result.protocolType();
                    out.protocolName = result.protocolName();
                    out.assignment = result.assignment();
                    ctx.respond(out);
                });
    }
}
