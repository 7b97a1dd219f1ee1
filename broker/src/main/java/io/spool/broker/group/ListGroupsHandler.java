package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.ListGroupsRequest;
import io.spool.protocol.message.ListGroupsResponse;
import java.util.EnumSet;
import java.util.Set;

/** ListGroups 0-4: the groups this node coordinates, filtered by state names (v4, case-insensitive). */
public final class ListGroupsHandler implements ApiHandler {
    private final GroupCoordinator groups;

    public ListGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        ListGroupsRequest r = (ListGroupsRequest) message;
        ListGroupsResponse out = new ListGroupsResponse();
        Set<GroupState> states = EnumSet.noneOf(GroupState.class);
        boolean unknownStateOnly = !r.statesFilter.isEmpty();
        for (String name : r.statesFilter) {
            GroupState s = GroupState.forKafkaName(name);
            if (s != null) {
                states.add(s);
                unknownStateOnly = false;
            }
        }
        if (!unknownStateOnly) {
            for (GroupOverview g : groups.listGroups(states)) {
                out.groups.add(new ListGroupsResponse.ListedGroup(g.groupId(), g.protocolType(), g.state().kafkaName));
            }
        }
        out.errorCode = (groups.anyPartitionLoading() ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NONE).code;
        ctx.respond(out);
    }
}
