package io.spool.storage;

/** An offset and its record timestamp; offset -1 when nothing matched. */
public record TimestampOffset(long timestamp, long offset, int leaderEpoch) {
    public static final TimestampOffset NONE = new TimestampOffset(-1, -1, -1);
}
