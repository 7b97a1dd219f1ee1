package io.spool.storage;

/**
 * Per-partition log settings as plain values (Kafka's topic-level names in the comments).
 * The broker maps its configuration keys onto this record; storage knows nothing of key names.
 *
 * @param segmentBytes          {@code segment.bytes}: size a segment is preallocated to and rolled at
 * @param segmentMs             {@code segment.ms}: roll the active segment after this age (ms)
 * @param indexIntervalBytes    {@code index.interval.bytes}: bytes between sparse offset-index entries
 * @param maxMessageBytes       {@code max.message.bytes}: largest record batch accepted
 * @param retentionMs           {@code retention.ms}: delete sealed segments older than this; -1 keeps forever
 * @param retentionBytes        {@code retention.bytes}: keep at most this many bytes; -1 means no limit
 * @param flushMessages         {@code flush.messages}: force after this many messages; Long.MAX_VALUE disables
 * @param flushMs               {@code flush.ms}: force after this many ms; Long.MAX_VALUE disables
 * @param logAppendTime         {@code message.timestamp.type=LogAppendTime} when true, CreateTime otherwise
 * @param preallocBytes         {@code log.segment.prealloc.bytes}: space reserved ahead of the writer
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        int indexIntervalBytes,
        int maxMessageBytes,
        long retentionMs,
        long retentionBytes,
        long flushMessages,
        long flushMs,
        boolean logAppendTime,
        int preallocBytes) {

    /** Kafka's defaults. */
    public static LogConfig defaults() {
        return new LogConfig(1 << 30, 7L * 24 * 3600 * 1000, 4096, 1048588,
                7L * 24 * 3600 * 1000, -1, Long.MAX_VALUE, Long.MAX_VALUE, false, 16 << 20);
    }
}
