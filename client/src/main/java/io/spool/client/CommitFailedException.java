package io.spool.client;

import io.spool.protocol.Errors;

/**
 * An offset commit the group rejected because this member is no longer part of the current
 * generation (the group rebalanced); the partitions may now belong to another member.
 */
public final class CommitFailedException extends ApiException {
    public CommitFailedException(Errors error, String message) {
        super(error, message);
    }
}
