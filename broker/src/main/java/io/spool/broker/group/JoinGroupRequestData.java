package io.spool.broker.group;

import java.util.List;

/**
 * A JoinGroup request as the coordinator sees it (decoded by the handler).
 *
 * @param memberId        "" for a first join
 * @param groupInstanceId null for a dynamic member
 * @param requireKnownMemberId true from JoinGroup v4 on: a first join gets MEMBER_ID_REQUIRED and an id
 */
public record JoinGroupRequestData(String groupId, String memberId, String groupInstanceId, String clientId,
                                   String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs,
                                   String protocolType, List<Protocol> protocols, boolean requireKnownMemberId) {
}
