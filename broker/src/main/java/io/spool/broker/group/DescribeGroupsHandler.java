package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.message.DescribeGroupsRequest;
import io.spool.protocol.message.DescribeGroupsResponse;
import java.util.ArrayList;
import java.util.List;

/** DescribeGroups 0-5: state, protocol and members (with metadata and assignment once Stable). */
public final class DescribeGroupsHandler implements ApiHandler {
    /** Kafka's "authorized operations not requested / not computed". */
    private static final int NO_AUTHORIZED_OPERATIONS = Integer.MIN_VALUE;

    private final GroupCoordinator groups;

    public DescribeGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        DescribeGroupsRequest r = (DescribeGroupsRequest) message;
        DescribeGroupsResponse out = new DescribeGroupsResponse();
        for (String groupId : r.groups) {
            GroupDescription d = groups.describeGroup(groupId);
            List<DescribeGroupsResponse.DescribedGroupMember> members = new ArrayList<>(d.members().size());
            for (GroupDescription.Member m : d.members()) {
                members.add(new DescribeGroupsResponse.DescribedGroupMember(m.memberId(), m.groupInstanceId(),
                        m.clientId(), m.clientHost(), m.metadata(), m.assignment()));
            }
            out.groups.add(new DescribeGroupsResponse.DescribedGroup(d.error().code, groupId, d.state().kafkaName,
                    d.protocolType(), d.protocolName(), members, NO_AUTHORIZED_OPERATIONS));
        }
        ctx.respond(out);
    }
}
