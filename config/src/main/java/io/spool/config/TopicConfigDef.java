package io.spool.config;

import static io.spool.config.ConfigType.INT;
import static io.spool.config.ConfigType.LIST;
import static io.spool.config.ConfigType.LONG;
import static io.spool.config.ConfigType.STRING;
import static io.spool.config.Importance.HIGH;
import static io.spool.config.Importance.LOW;
import static io.spool.config.Importance.MEDIUM;
import static io.spool.config.Validator.atLeast;
import static io.spool.config.Validator.oneOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Topic-level keys. A topic without an override takes the broker's value of the synonym
 * ({@link #brokerSynonym(String)}), so the defaults listed here are only the broker defaults' defaults.
 */
public final class TopicConfigDef {
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";

    /** The definitions, in the order the docs and DescribeConfigs list them. */
    public static final ConfigDef DEF = new ConfigDef()
            .define(CLEANUP_POLICY, LIST, "delete", Validator.listOf("delete"), MEDIUM,
                    "Only delete (time and size retention) is implemented; compact is rejected.")
            .define(RETENTION_MS, LONG, 604_800_000L, atLeast(-1), MEDIUM,
                    "Delete sealed segments whose newest record is older than this many ms; -1 keeps them forever.")
            .define(RETENTION_BYTES, LONG, -1L, atLeast(-1), MEDIUM,
                    "Delete the oldest sealed segments while the partition is larger than this; -1 means no limit.")
            .define(SEGMENT_BYTES, INT, 1 << 30, atLeast(1024), MEDIUM,
                    "Size a segment is preallocated to and rolled at.")
            .define(SEGMENT_MS, LONG, 604_800_000L, atLeast(1), MEDIUM,
                    "Roll the active segment after this many ms.")
            .define(MAX_MESSAGE_BYTES, INT, 1048588, atLeast(0), MEDIUM,
                    "Largest record batch accepted, in bytes.")
            .define(MESSAGE_TIMESTAMP_TYPE, STRING, "CreateTime", oneOf("CreateTime", "LogAppendTime"), MEDIUM,
                    "CreateTime keeps the producer's timestamps; LogAppendTime stamps the broker's time at append.")
            .define(MIN_INSYNC_REPLICAS, INT, 1, atLeast(1), MEDIUM,
                    "Replicas that must have a record before acks=all is answered.")
            .define(FLUSH_MESSAGES, LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                    "Force the partition to disk after this many messages.")
            .define(FLUSH_MS, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM,
                    "Force the partition to disk after this many ms.")
            .define(INDEX_INTERVAL_BYTES, INT, 4096, atLeast(0), LOW,
                    "Bytes of log between two sparse offset-index entries.");

    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry(CLEANUP_POLICY, BrokerConfigDef.LOG_CLEANUP_POLICY),
            Map.entry(RETENTION_MS, BrokerConfigDef.LOG_RETENTION_MS),
            Map.entry(RETENTION_BYTES, BrokerConfigDef.LOG_RETENTION_BYTES),
            Map.entry(SEGMENT_BYTES, BrokerConfigDef.LOG_SEGMENT_BYTES),
            Map.entry(SEGMENT_MS, BrokerConfigDef.LOG_ROLL_MS),
            Map.entry(MAX_MESSAGE_BYTES, BrokerConfigDef.MESSAGE_MAX_BYTES),
            Map.entry(MESSAGE_TIMESTAMP_TYPE, BrokerConfigDef.LOG_MESSAGE_TIMESTAMP_TYPE),
            Map.entry(MIN_INSYNC_REPLICAS, BrokerConfigDef.MIN_INSYNC_REPLICAS),
            Map.entry(FLUSH_MESSAGES, BrokerConfigDef.LOG_FLUSH_INTERVAL_MESSAGES),
            Map.entry(FLUSH_MS, BrokerConfigDef.LOG_FLUSH_INTERVAL_MS),
            Map.entry(INDEX_INTERVAL_BYTES, BrokerConfigDef.LOG_INDEX_INTERVAL_BYTES));

    /** Broker keys from which a value is derived when the primary synonym is unset, in order of precedence. */
    private static final Map<String, List<String>> FALLBACKS = Map.of(
            RETENTION_MS, List.of(BrokerConfigDef.LOG_RETENTION_MINUTES, BrokerConfigDef.LOG_RETENTION_HOURS),
            SEGMENT_MS, List.of(BrokerConfigDef.LOG_ROLL_HOURS));

    /** The broker key whose value a topic without an override takes. */
    public static String brokerSynonym(String topicKey) {
        return SYNONYMS.get(topicKey);
    }

    /** Every broker key the value may come from, the primary synonym first (e.g. log.retention.ms, .minutes, .hours). */
    public static List<String> brokerSynonyms(String topicKey) {
        List<String> out = new ArrayList<>();
        out.add(SYNONYMS.get(topicKey));
        out.addAll(FALLBACKS.getOrDefault(topicKey, List.of()));
        return out;
    }

    private TopicConfigDef() {
    }
}
