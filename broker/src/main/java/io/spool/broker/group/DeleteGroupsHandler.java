package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.message.DeleteGroupsRequest;
import io.spool.protocol.message.DeleteGroupsResponse;

/** DeleteGroups 0-2: deletes empty groups and their committed offsets (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND). */
public final class DeleteGroupsHandler implements ApiHandler {
    private final GroupCoordinator groups;

    public DeleteGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        DeleteGroupsRequest r = (DeleteGroupsRequest) message;
        DeleteGroupsResponse out = new DeleteGroupsResponse();
        for (String groupId : r.groupsNames) {
            out.results.add(new DeleteGroupsResponse.DeletableGroupResult(groupId, groups.deleteGroup(groupId).code));
        }
        ctx.respond(out);
    }
}
