package io.spool.client;

import java.util.List;
import java.util.Map;

import io.spool.config.ConfigDef;
import io.spool.config.ConfigException;
import io.spool.config.Importance;
import io.spool.config.Validator;

import static io.spool.config.ConfigType.*;

/** The consumer's settings, by Kafka's names. Immutable. */
public final class ConsumerConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String GROUP_ID = "group.id";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    public static final String PARTITION_ASSIGNMENT_STRATEGY = "partition.assignment.strategy";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    public static final String CHECK_CRCS = "check.crcs";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RECEIVE_BUFFER = "receive.buffer.bytes";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS = "socket.connection.setup.timeout.ms";

    /** Definitions, defaults as in kafka-clients 4.x. */
    public static final ConfigDef DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, LIST, null, Validator.ANY, Importance.MEDIUM, "host:port pairs to fetch the first metadata from")
            .define(CLIENT_ID, STRING, "spool-consumer", Validator.ANY, Importance.MEDIUM, "client id sent with every request")
            .define(GROUP_ID, STRING, null, Validator.ANY, Importance.MEDIUM, "consumer group for subscribe() and offset commits; null: no group")
            .define(SESSION_TIMEOUT_MS, INT, 45000, Validator.atLeast(1), Importance.HIGH,
                    "ms without a heartbeat after which the coordinator removes this member")
            .define(HEARTBEAT_INTERVAL_MS, INT, 3000, Validator.atLeast(1), Importance.HIGH, "ms between heartbeats to the coordinator")
            .define(MAX_POLL_INTERVAL_MS, INT, 300000, Validator.atLeast(1), Importance.MEDIUM,
                    "ms allowed between poll() calls before the member leaves the group; also the rebalance timeout")
            .define(ENABLE_AUTO_COMMIT, BOOLEAN, true, Validator.ANY, Importance.MEDIUM,
                    "commit the positions in the background of poll() (only with a group.id)")
            .define(METADATA_MAX_AGE_MS, INT, 300000, Validator.atLeast(0), Importance.LOW,
                    "ms between checks of the subscribed topics' partition counts (a change rebalances the group)")
            .define(AUTO_COMMIT_INTERVAL_MS, INT, 5000, Validator.atLeast(0), Importance.LOW, "ms between automatic commits")
            .define(PARTITION_ASSIGNMENT_STRATEGY, LIST, List.of("range"), Validator.ANY, Importance.MEDIUM,
                    "assignors to offer: range (or kafka-clients' class name org.apache.kafka.clients.consumer.RangeAssignor)")
            .define(AUTO_OFFSET_RESET, STRING, "latest", Validator.oneOf("earliest", "latest", "none"), Importance.HIGH,
                    "where to start without a position: earliest, latest or none (throw)")
            .define(FETCH_MIN_BYTES, INT, 1, Validator.atLeast(0), Importance.MEDIUM, "bytes the broker waits for before answering a fetch")
            .define(FETCH_MAX_BYTES, INT, 52428800, Validator.atLeast(0), Importance.MEDIUM, "bytes per fetch response")
            .define(FETCH_MAX_WAIT_MS, INT, 500, Validator.atLeast(0), Importance.MEDIUM, "ms the broker may wait for fetch.min.bytes")
            .define(MAX_PARTITION_FETCH_BYTES, INT, 1048576, Validator.atLeast(0), Importance.MEDIUM, "bytes per partition per fetch")
            .define(MAX_POLL_RECORDS, INT, 500, Validator.atLeast(1), Importance.MEDIUM, "records returned by one poll()")
            .define(REQUEST_TIMEOUT_MS, INT, 30000, Validator.atLeast(1), Importance.MEDIUM, "ms to wait for a response")
            .define(DEFAULT_API_TIMEOUT_MS, INT, 60000, Validator.atLeast(1), Importance.MEDIUM, "ms blocking calls like position() may take")
            .define(CHECK_CRCS, BOOLEAN, true, Validator.ANY, Importance.MEDIUM, "verify the CRC-32C of fetched batches")
            .define(RETRY_BACKOFF_MS, LONG, 100L, Validator.atLeast(0), Importance.MEDIUM, "ms to wait before retrying after an error")
            .define(RECEIVE_BUFFER, INT, 65536, Validator.atLeast(-1), Importance.MEDIUM, "SO_RCVBUF, -1 for the OS default")
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, INT, 10000, Validator.atLeast(1), Importance.MEDIUM, "ms to wait for a TCP connect");

    private final Map<String, Object> values;

    public ConsumerConfig(Map<?, ?> props) {
        this.values = ClientConfigs.parse(DEF, props);
        if (values.get(BOOTSTRAP_SERVERS) == null || bootstrapServers().isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS, values.get(BOOTSTRAP_SERVERS), "at least one host:port is required");
        }
        @SuppressWarnings("unchecked")
        List<String> strategies = (List<String>) values.get(PARTITION_ASSIGNMENT_STRATEGY);
        for (String s : strategies) {
            if (!s.equals("range") && !s.equals("org.apache.kafka.clients.consumer.RangeAssignor")) {
                throw new ConfigException(PARTITION_ASSIGNMENT_STRATEGY, s, "only the range assignor is implemented");
            }
        }
        if (getInt(HEARTBEAT_INTERVAL_MS) >= getInt(SESSION_TIMEOUT_MS)) {
            throw new ConfigException(HEARTBEAT_INTERVAL_MS, values.get(HEARTBEAT_INTERVAL_MS),
                    "must be lower than session.timeout.ms=" + values.get(SESSION_TIMEOUT_MS));
        }
    }

    /** The value of {@link #BOOTSTRAP_SERVERS}. */
    @SuppressWarnings("unchecked")
    public List<String> bootstrapServers() {
        return (List<String>) values.get(BOOTSTRAP_SERVERS);
    }

    /** Any key's parsed value. */
    public Object get(String key) {
        return values.get(key);
    }

    /** An INT key's parsed value. */
    public int getInt(String key) {
        return (int) values.get(key);
    }
}
