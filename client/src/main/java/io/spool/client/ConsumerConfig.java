package io.spool.client;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.spool.client.ConfigDef.Type.*;

/** The consumer's settings, by Kafka's names. Immutable. */
public final class ConsumerConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String GROUP_ID = "group.id";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
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
            .define(BOOTSTRAP_SERVERS, LIST, null, 0, "host:port pairs to fetch the first metadata from")
            .define(CLIENT_ID, STRING, "spool-consumer", 0, "client id sent with every request")
            .define(GROUP_ID, STRING, null, 0, "consumer group (groups are not supported yet: assign() only)")
            .defineChoice(AUTO_OFFSET_RESET, "latest", Set.of("earliest", "latest", "none"),
                    "where to start without a position: earliest, latest or none (throw)")
            .define(FETCH_MIN_BYTES, INT, 1, 0, "bytes the broker waits for before answering a fetch")
            .define(FETCH_MAX_BYTES, INT, 52428800, 0, "bytes per fetch response")
            .define(FETCH_MAX_WAIT_MS, INT, 500, 0, "ms the broker may wait for fetch.min.bytes")
            .define(MAX_PARTITION_FETCH_BYTES, INT, 1048576, 0, "bytes per partition per fetch")
            .define(MAX_POLL_RECORDS, INT, 500, 1, "records returned by one poll()")
            .define(REQUEST_TIMEOUT_MS, INT, 30000, 1, "ms to wait for a response")
            .define(DEFAULT_API_TIMEOUT_MS, INT, 60000, 1, "ms blocking calls like position() may take")
            .define(CHECK_CRCS, BOOLEAN, true, 0, "verify the CRC-32C of fetched batches")
            .define(RETRY_BACKOFF_MS, LONG, 100L, 0, "ms to wait before retrying after an error")
            .define(RECEIVE_BUFFER, INT, 65536, -1, "SO_RCVBUF, -1 for the OS default")
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, INT, 10000, 1, "ms to wait for a TCP connect");

    private final Map<String, Object> values;

    public ConsumerConfig(Map<?, ?> props) {
        this.values = DEF.parse(props);
        if (values.get(BOOTSTRAP_SERVERS) == null || bootstrapServers().isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS, values.get(BOOTSTRAP_SERVERS), "at least one host:port is required");
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> bootstrapServers() {
        return (List<String>) values.get(BOOTSTRAP_SERVERS);
    }

    /** Any key's parsed value. */
    public Object get(String key) {
        return values.get(key);
    }

    public int getInt(String key) {
        return (int) values.get(key);
    }
}
