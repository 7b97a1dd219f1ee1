package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.List;

/**
 * The answer to a JoinGroup. {@code members} is non-empty only for the leader.
 *
 * @param skipAssignment true when a static leader rejoined a stable group: it must not compute a new assignment
 */
public record JoinGroupResult(Errors error, int generationId, String protocolType, String protocolName,
                              String leaderId, String memberId, List<JoinedMember> members, boolean skipAssignment) {

    /** A member as the leader sees it: its id and its metadata for the chosen protocol. */
    public record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) {
    }

    static JoinGroupResult error(Errors error, String memberId) {
        return new JoinGroupResult(error, -1, null, null, "", memberId, List.of(), false);
    }
}
