package io.spool.broker.group;

/**
 * A committed offset as the coordinator keeps it.
 *
 * @param offset            the next offset to consume
 * @param leaderEpoch       the leader epoch of the last consumed record, -1 when unknown
 * @param metadata          the client's string, never null ("" when none)
 * @param commitTimestampMs coordinator time of the commit
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}
