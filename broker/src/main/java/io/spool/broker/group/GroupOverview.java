package io.spool.broker.group;

/** One line of ListGroups. */
public record GroupOverview(String groupId, String protocolType, GroupState state) {
}
