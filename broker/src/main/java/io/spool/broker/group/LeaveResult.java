package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.List;

/** The answer to a LeaveGroup: a top-level error and one error per leaving member, in request order. */
public record LeaveResult(Errors error, List<Errors> memberErrors) {

    /** One leaving member: a member id, or "" with the group.instance.id of a static member. */
    public record LeavingMember(String memberId, String groupInstanceId) {
    }
}
