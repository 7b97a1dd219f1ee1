package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.LeaveGroupRequest;
import io.spool.protocol.message.LeaveGroupResponse;
import java.util.ArrayList;
import java.util.List;

/** LeaveGroup 0-5: one member before v3, a batch (static members by instance id) from v3 on. */
public final class LeaveGroupHandler implements ApiHandler {
    private final GroupCoordinator groups;

    public LeaveGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        LeaveGroupRequest r = (LeaveGroupRequest) message;
        LeaveGroupResponse out = new LeaveGroupResponse();
        if (ctx.version() < 3) {
            LeaveResult result = groups.leaveGroup(r.groupId, List.of(new LeaveResult.LeavingMember(r.memberId, null)));
            out.errorCode = result.error() != Errors.NONE ? result.error().code : result.memberErrors().get(0).code;
        } else {
            List<LeaveResult.LeavingMember> leaving = new ArrayList<>(r.members.size());
            for (LeaveGroupRequest.MemberIdentity m : r.members) {
                leaving.add(new LeaveResult.LeavingMember(m.memberId() == null ? "" : m.memberId(), m.groupInstanceId()));
            }
            LeaveResult result = groups.leaveGroup(r.groupId, leaving);
            out.errorCode = result.error().code;
            for (int i = 0; i < result.memberErrors().size(); i++) {
                LeaveGroupRequest.MemberIdentity m = r.members.get(i);
                out.members.add(new LeaveGroupResponse.MemberResponse(m.memberId(), m.groupInstanceId(),
                        result.memberErrors().get(i).code));
            }
        }
        ctx.respond(out);
    }
}
