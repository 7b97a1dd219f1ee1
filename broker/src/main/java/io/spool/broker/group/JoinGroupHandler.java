package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.message.JoinGroupRequest;
import io.spool.protocol.message.JoinGroupResponse;
import java.util.ArrayList;
import java.util.List;

/** JoinGroup 0-9: v4+ first joins get MEMBER_ID_REQUIRED, v5+ carry group.instance.id. The answer may come much later. */
public final class JoinGroupHandler implements ApiHandler {
    private final GroupCoordinator groups;

    public JoinGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        JoinGroupRequest r = (JoinGroupRequest) message;
        short version = ctx.version();
        List<Protocol> protocols = new ArrayList<>(r.protocols.size());
        for (JoinGroupRequest.JoinGroupRequestProtocol p : r.protocols) {
            protocols.add(new Protocol(p.name(), p.metadata() == null ? SyncGroupResult.EMPTY : p.metadata()));
        }
        // v0 has no rebalance timeout: the session timeout bounds the join phase
        int rebalanceTimeoutMs = r.rebalanceTimeoutMs < 0 ? r.sessionTimeoutMs : r.rebalanceTimeoutMs;
        JoinGroupRequestData req = new JoinGroupRequestData(r.groupId, r.memberId == null ? "" : r.memberId,
                r.groupInstanceId, ctx.header().clientId(), ctx.clientHost(), r.sessionTimeoutMs, rebalanceTimeoutMs,
                r.protocolType, protocols, version >= 4);
        groups.joinGroup(req, result -> ctx.respond(response(result, version)));
    }

    static JoinGroupResponse response(JoinGroupResult result, short version) {
        JoinGroupResponse out = new JoinGroupResponse();
        out.errorCode = result.error().code;
        out.generationId = result.generationId();
        out.protocolType = result.protocolType();
        // before v7 the protocol name is not nullable
        out.protocolName = result.protocolName() == null && version < 7 ? "" : result.protocolName();
        out.leader = result.leaderId() == null ? "" : result.leaderId();
        out.memberId = result.memberId() == null ? "" : result.memberId();
        out.skipAssignment = result.skipAssignment() && version >= 9;
        for (JoinGroupResult.JoinedMember m : result.members()) {
            out.members.add(new JoinGroupResponse.JoinGroupResponseMember(m.memberId(), m.groupInstanceId(),
                    m.metadata() == null ? SyncGroupResult.EMPTY : m.metadata()));
        }
        return out;
    }
}
