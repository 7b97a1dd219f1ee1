package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.List;

/**
 * One group of DescribeGroups. Member metadata and assignments are filled only in Stable, as Kafka does.
 * An unknown group is described as Dead with no members and no error.
 */
public record GroupDescription(Errors error, String groupId, GroupState state, String protocolType,
                               String protocolName, List<Member> members) {

    /** A member as DescribeGroups shows it; arrays are shared, not copied: do not modify. */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {
    }
}
