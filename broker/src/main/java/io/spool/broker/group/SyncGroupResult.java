package io.spool.broker.group;

import io.spool.protocol.Errors;

/** The answer to a SyncGroup: the member's assignment exactly as the leader sent it (empty on error). */
public record SyncGroupResult(Errors error, String protocolType, String protocolName, byte[] assignment) {
    static final byte[] EMPTY = new byte[0];

    static SyncGroupResult error(Errors error) {
        return new SyncGroupResult(error, null, null, EMPTY);
    }
}
