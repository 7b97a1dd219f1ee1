package io.spool.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.spool.config.BrokerConfigDef.*;

/**
 * A validated broker configuration: parsed values of every {@link BrokerConfigDef} key, with the derived
 * values (log.dirs from log.dir, retention from minutes/hours, roll from hours) resolved. Immutable.
 */
public final class BrokerConfig {
    private final Map<String, Object> values;
    private final Set<String> explicitKeys;
    private final List<String> unknownKeys;
    private final List<Listener> listeners;
    private final List<Listener> advertisedListeners;

    private BrokerConfig(Map<String, Object> values, Set<String> explicitKeys, List<String> unknownKeys) {
        this.values = Collections.unmodifiableMap(values);
        this.explicitKeys = Collections.unmodifiableSet(explicitKeys);
        this.unknownKeys = List.copyOf(unknownKeys);
        this.listeners = Listener.parseAll(list(LISTENERS));
        List<?> adv = list(ADVERTISED_LISTENERS);
        this.advertisedListeners = adv == null ? defaultAdvertised(listeners) : Listener.parseAll(adv);
        for (Listener a : advertisedListeners) {
            if (listeners.stream().noneMatch(l -> l.name().equals(a.name()))) {
                throw new ConfigException(ADVERTISED_LISTENERS, String.join(",", list(ADVERTISED_LISTENERS)),
                        "every advertised listener name must be a name in listeners (" + String.join(",", list(LISTENERS)) + ")");
            }
        }
        if (groupMinSessionTimeoutMs() > groupMaxSessionTimeoutMs()) {
            throw new ConfigException(GROUP_MAX_SESSION_TIMEOUT_MS, Integer.toString(groupMaxSessionTimeoutMs()),
                    "at least group.min.session.timeout.ms (" + groupMinSessionTimeoutMs() + ")");
        }
        List<String> dirs = list(LOG_DIRS);
        if (dirs != null && dirs.size() != 1) {
            throw new ConfigException(LOG_DIRS, String.join(",", dirs), "exactly one directory (several data directories are not supported yet)");
        }
    }

    /** Parses and validates {@code raw}; unknown keys are kept in {@link #unknownKeys()}, bad values throw {@link ConfigException}. */
    public static BrokerConfig of(Map<String, String> raw) {
        List<String> unknown = new ArrayList<>();
        Map<String, Object> values = BrokerConfigDef.DEF.parse(raw, unknown);
        Set<String> explicit = new LinkedHashSet<>(raw.keySet());
        explicit.removeAll(unknown);
        return new BrokerConfig(new LinkedHashMap<>(values), explicit, unknown);
    }

    /** The defaults (what {@code bin/spool server} runs with). */
    public static BrokerConfig defaults() {
        return of(Map.of());
    }

    /** Keys given that no definition knows (each worth one warning). */
    public List<String> unknownKeys() {
        return unknownKeys;
    }

    /** True when the key was set in the file or by an override rather than taken from its default. */
    public boolean isExplicit(String key) {
        return explicitKeys.contains(key);
    }

    /** The parsed value (null for an unset key without a default). */
    public Object get(String key) {
        if (BrokerConfigDef.DEF.key(key) == null) {
            throw new IllegalArgumentException("unknown configuration key " + key);
        }
        return values.get(key);
    }

    /** The effective value as a string, with derived values resolved; null when the key has none. */
    public String valueAsString(String key) {
        Object v = switch (key) {
            case LOG_DIRS -> logDir().toString();
            case LOG_RETENTION_MS -> retentionMs();
            case LOG_ROLL_MS -> rollMs();
            case NUM_NETWORK_THREADS -> numNetworkThreads();
            case ADVERTISED_LISTENERS -> String.join(",", advertisedListeners.stream().map(Listener::toString).toList());
            default -> get(key);
        };
        return v == null ? null : BrokerConfigDef.DEF.key(key).type().format(v);
    }

    public int nodeId() {
        return (Integer) values.get(NODE_ID);
    }

    public List<Listener> listeners() {
        return listeners;
    }

    public List<Listener> advertisedListeners() {
        return advertisedListeners;
    }

    /** The one data directory: log.dirs if set, else log.dir. */
    public Path logDir() {
        List<String> dirs = list(LOG_DIRS);
        return Path.of(dirs != null ? dirs.get(0) : (String) values.get(LOG_DIR));
    }

    public int numPartitions() {
        return (Integer) values.get(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return (Integer) values.get(DEFAULT_REPLICATION_FACTOR);
    }

    public boolean autoCreateTopicsEnable() {
        return (Boolean) values.get(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return (Boolean) values.get(DELETE_TOPIC_ENABLE);
    }

    public int segmentBytes() {
        return (Integer) values.get(LOG_SEGMENT_BYTES);
    }

    /** log.roll.ms, else log.roll.hours in ms. */
    public long rollMs() {
        Long ms = (Long) values.get(LOG_ROLL_MS);
        return ms != null ? ms : (Integer) values.get(LOG_ROLL_HOURS) * 3_600_000L;
    }

    /** log.retention.ms, else minutes, else hours, in ms; -1 (any negative) means keep forever. */
    public long retentionMs() {
        Long ms = (Long) values.get(LOG_RETENTION_MS);
        if (ms != null) {
            return ms;
        }
        Integer minutes = (Integer) values.get(LOG_RETENTION_MINUTES);
        if (minutes != null) {
            return minutes < 0 ? -1 : minutes * 60_000L;
        }
        int hours = (Integer) values.get(LOG_RETENTION_HOURS);
        return hours < 0 ? -1 : hours * 3_600_000L;
    }

    public long retentionBytes() {
        return (Long) values.get(LOG_RETENTION_BYTES);
    }

    public long retentionCheckIntervalMs() {
        return (Long) values.get(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public int indexIntervalBytes() {
        return (Integer) values.get(LOG_INDEX_INTERVAL_BYTES);
    }

    public long flushIntervalMessages() {
        return (Long) values.get(LOG_FLUSH_INTERVAL_MESSAGES);
    }

    public long flushIntervalMs() {
        return (Long) values.get(LOG_FLUSH_INTERVAL_MS);
    }

    public int segmentPreallocBytes() {
        return (Integer) values.get(LOG_SEGMENT_PREALLOC_BYTES);
    }

    public int pageCacheSealedSegments() {
        return (Integer) values.get(LOG_PAGE_CACHE_SEALED_SEGMENTS);
    }

    public int messageMaxBytes() {
        return (Integer) values.get(MESSAGE_MAX_BYTES);
    }

    public boolean logAppendTime() {
        return "LogAppendTime".equalsIgnoreCase((String) values.get(LOG_MESSAGE_TIMESTAMP_TYPE));
    }

    public int minInsyncReplicas() {
        return (Integer) values.get(MIN_INSYNC_REPLICAS);
    }

    public int socketRequestMaxBytes() {
        return (Integer) values.get(SOCKET_REQUEST_MAX_BYTES);
    }

    public int queuedMaxRequests() {
        return (Integer) values.get(QUEUED_MAX_REQUESTS);
    }

    /** num.network.threads, else the number of available processors. */
    public int numNetworkThreads() {
        Integer n = (Integer) values.get(NUM_NETWORK_THREADS);
        return n != null ? n : Runtime.getRuntime().availableProcessors();
    }

    public int offsetsTopicNumPartitions() {
        return (Integer) values.get(OFFSETS_TOPIC_NUM_PARTITIONS);
    }

    public int offsetsTopicReplicationFactor() {
        return (Integer) values.get(OFFSETS_TOPIC_REPLICATION_FACTOR);
    }

    public int groupInitialRebalanceDelayMs() {
        return (Integer) values.get(GROUP_INITIAL_REBALANCE_DELAY_MS);
    }

    public int groupMinSessionTimeoutMs() {
        return (Integer) values.get(GROUP_MIN_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSessionTimeoutMs() {
        return (Integer) values.get(GROUP_MAX_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSize() {
        return (Integer) values.get(GROUP_MAX_SIZE);
    }

    public int offsetMetadataMaxBytes() {
        return (Integer) values.get(OFFSET_METADATA_MAX_BYTES);
    }

    /** {@code offsets.retention.minutes}, in ms. */
    public long offsetsRetentionMs() {
        return (Integer) values.get(OFFSETS_RETENTION_MINUTES) * 60_000L;
    }

    public long offsetsRetentionCheckIntervalMs() {
        return (Long) values.get(OFFSETS_RETENTION_CHECK_INTERVAL_MS);
    }

    public long offsetsSnapshotIntervalMs() {
        return (Long) values.get(OFFSETS_SNAPSHOT_INTERVAL_MS);
    }

    /** The topic-level defaults this broker gives topics without overrides. */
    public TopicConfig topicDefaults() {
        return TopicConfig.of(Map.of(), this);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        return (List<String>) values.get(key);
    }

    private static List<Listener> defaultAdvertised(List<Listener> listeners) {
        List<Listener> out = new ArrayList<>();
        for (Listener l : listeners) {
            String host = l.host();
            if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
                host = canonicalHostName();
            }
            out.add(new Listener(l.name(), host, l.port()));
        }
        return out;
    }

    private static String canonicalHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
