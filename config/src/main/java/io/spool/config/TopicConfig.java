package io.spool.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.spool.config.TopicConfigDef.*;

/**
 * A topic's effective configuration: its own overrides, validated, over the broker's values of the
 * synonyms. Immutable.
 */
public final class TopicConfig {

    /** Where an effective value comes from (the order of Kafka's DescribeConfigs config sources). */
    public enum Source { TOPIC_OVERRIDE, STATIC_BROKER_CONFIG, DEFAULT_CONFIG }

    private final Map<String, String> overrides;
    private final Map<String, Object> values;
    private final Map<String, Source> sources;

    private TopicConfig(Map<String, String> overrides, Map<String, Object> values, Map<String, Source> sources) {
        this.overrides = Collections.unmodifiableMap(overrides);
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
    }

    /**
     * Validates {@code overrides} (topic-level keys only) over {@code broker}'s values. Throws
     * {@link ConfigException} naming the key for an unknown key or a bad value.
     */
    public static TopicConfig of(Map<String, String> overrides, BrokerConfig broker) {
        List<String> unknown = new ArrayList<>();
        Map<String, Object> parsed = TopicConfigDef.DEF.parse(overrides, unknown);
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.get(0), overrides.get(unknown.get(0)), "not a topic-level configuration (known: "
                    + String.join(", ", TopicConfigDef.DEF.keys().stream().map(ConfigKey::name).toList()) + ")");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        for (ConfigKey k : TopicConfigDef.DEF.keys()) {
            String name = k.name();
            if (overrides.containsKey(name)) {
                values.put(name, parsed.get(name));
                sources.put(name, Source.TOPIC_OVERRIDE);
            } else {
                values.put(name, brokerValue(name, broker));
                boolean explicit = TopicConfigDef.brokerSynonyms(name).stream().anyMatch(broker::isExplicit);
                sources.put(name, explicit ? Source.STATIC_BROKER_CONFIG : Source.DEFAULT_CONFIG);
            }
        }
        return new TopicConfig(new LinkedHashMap<>(overrides), values, sources);
    }

    private static Object brokerValue(String topicKey, BrokerConfig broker) {
        return switch (topicKey) {
            case RETENTION_MS -> broker.retentionMs();
            case SEGMENT_MS -> broker.rollMs();
            default -> broker.get(brokerSynonym(topicKey));
        };
    }

    /** The overrides as given (topic-level key to raw string). */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** The effective value as a string. */
    public String valueAsString(String key) {
        return TopicConfigDef.DEF.key(key).type().format(values.get(key));
    }

    public Source source(String key) {
        return sources.get(key);
    }

    public long retentionMs() {
        return (Long) values.get(RETENTION_MS);
    }

    public long retentionBytes() {
        return (Long) values.get(RETENTION_BYTES);
    }

    public int segmentBytes() {
        return (Integer) values.get(SEGMENT_BYTES);
    }

    public long segmentMs() {
        return (Long) values.get(SEGMENT_MS);
    }

    public int maxMessageBytes() {
        return (Integer) values.get(MAX_MESSAGE_BYTES);
    }

    public boolean logAppendTime() {
        return "LogAppendTime".equalsIgnoreCase((String) values.get(MESSAGE_TIMESTAMP_TYPE));
    }

    public int minInsyncReplicas() {
        return (Integer) values.get(MIN_INSYNC_REPLICAS);
    }

    public long flushMessages() {
        return (Long) values.get(FLUSH_MESSAGES);
    }

    public long flushMs() {
        return (Long) values.get(FLUSH_MS);
    }

    public int indexIntervalBytes() {
        return (Integer) values.get(INDEX_INTERVAL_BYTES);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicConfig t && t.values.equals(values) && t.sources.equals(sources);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
