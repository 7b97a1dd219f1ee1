package io.spool.client;

import io.spool.client.net.TransportConfig;

import java.util.List;
import java.util.Map;

import io.spool.config.ConfigDef;
import io.spool.config.ConfigException;
import io.spool.config.Importance;
import io.spool.config.Validator;

import static io.spool.config.ConfigType.*;

/** The producer's settings, by Kafka's names (plus {@code zerocopy.*}). Immutable. */
public final class ProducerConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String ACKS = "acks";
    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS = "socket.connection.setup.timeout.ms";
    public static final String SEND_BUFFER = "send.buffer.bytes";
    public static final String RECEIVE_BUFFER = "receive.buffer.bytes";
    public static final String ZEROCOPY_ENABLE = "zerocopy.enable";
    public static final String ZEROCOPY_THRESHOLD_BYTES = "zerocopy.threshold.bytes";
    public static final String ZEROCOPY_FALLBACK_ON_COPIED = "zerocopy.fallback.on.copied";

    /** Definitions, defaults as in kafka-clients 4.x. */
    public static final ConfigDef DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, LIST, null, Validator.ANY, Importance.MEDIUM, "host:port pairs to fetch the first metadata from")
            .define(CLIENT_ID, STRING, "spool-producer", Validator.ANY, Importance.MEDIUM, "client id sent with every request")
            .define(ACKS, STRING, "all", Validator.oneOf("0", "1", "all", "-1"), Importance.HIGH, "acknowledgements the leader waits for: 0, 1 or all")
            .define(BATCH_SIZE, INT, 16384, Validator.atLeast(1), Importance.MEDIUM, "bytes of records per partition batch (also the pooled buffer size)")
            .define(LINGER_MS, LONG, 5L, Validator.atLeast(0), Importance.MEDIUM, "ms to wait for more records before sending a batch that is not full")
            .define(BUFFER_MEMORY, LONG, 33554432L, Validator.atLeast(1), Importance.MEDIUM, "bytes of off-heap buffers for records not yet acknowledged")
            .define(MAX_BLOCK_MS, LONG, 60000L, Validator.atLeast(0), Importance.MEDIUM, "ms send() may block for metadata or buffer memory; 0 fails at once")
            .define(ENABLE_IDEMPOTENCE, BOOLEAN, true, Validator.ANY, Importance.MEDIUM, "InitProducerId + sequence numbers: retries never duplicate or reorder")
            .define(RETRIES, INT, Integer.MAX_VALUE, Validator.atLeast(0), Importance.MEDIUM, "retries of a failed batch (bounded by delivery.timeout.ms)")
            .define(RETRY_BACKOFF_MS, LONG, 100L, Validator.atLeast(0), Importance.MEDIUM, "ms to wait before retrying a batch")
            .define(DELIVERY_TIMEOUT_MS, LONG, 120000L, Validator.atLeast(1), Importance.MEDIUM, "ms from send() until the record is acknowledged or failed")
            .define(REQUEST_TIMEOUT_MS, INT, 30000, Validator.atLeast(1), Importance.MEDIUM, "ms to wait for a response before the connection is dropped and the request retried")
            .define(MAX_REQUEST_SIZE, INT, 1048576, Validator.atLeast(1), Importance.MEDIUM, "largest record (batch) accepted by send()")
            .define(METADATA_MAX_AGE_MS, LONG, 300000L, Validator.atLeast(0), Importance.MEDIUM, "ms after which metadata is refreshed even without errors")
            .define(MAX_IN_FLIGHT, INT, 5, Validator.atLeast(1), Importance.MEDIUM, "unanswered requests per connection (one batch per partition at a time)")
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, INT, 10000, Validator.atLeast(1), Importance.MEDIUM, "ms to wait for a TCP connect")
            .define(SEND_BUFFER, INT, 131072, Validator.atLeast(-1), Importance.MEDIUM, "SO_SNDBUF, -1 for the OS default")
            .define(RECEIVE_BUFFER, INT, 32768, Validator.atLeast(-1), Importance.MEDIUM, "SO_RCVBUF, -1 for the OS default")
            .define(ZEROCOPY_ENABLE, BOOLEAN, true, Validator.ANY, Importance.MEDIUM, "send large batches with MSG_ZEROCOPY (Linux)")
            .define(ZEROCOPY_THRESHOLD_BYTES, INT, TransportConfig.DEFAULT_ZERO_COPY_THRESHOLD, Validator.atLeast(1), Importance.MEDIUM, "smallest batch sent with MSG_ZEROCOPY")
            .define(ZEROCOPY_FALLBACK_ON_COPIED, BOOLEAN, true, Validator.ANY, Importance.MEDIUM, "switch a connection to plain sends once the kernel reports it copied");

    private final Map<String, Object> values;

    /** Parses and validates {@code props}. */
    public ProducerConfig(Map<?, ?> props) {
        Map<String, Object> parsed = ClientConfigs.parse(DEF, props);
        if (!props.containsKey(ENABLE_IDEMPOTENCE) && !"all".equalsIgnoreCase((String) parsed.get(ACKS)) && !"-1".equals(parsed.get(ACKS))) {
            parsed.put(ENABLE_IDEMPOTENCE, false); // as kafka-clients: the default yields to an explicit acks
        }
        this.values = parsed;
        if (values.get(BOOTSTRAP_SERVERS) == null || bootstrapServers().isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS, values.get(BOOTSTRAP_SERVERS), "at least one host:port is required");
        }
        if (bufferMemory() < batchSize()) {
            throw new ConfigException(BUFFER_MEMORY, bufferMemory(), "must be at least batch.size=" + batchSize());
        }
        if (idempotence() && acks() != -1) {
            throw new ConfigException(ACKS, values.get(ACKS), "enable.idempotence=true requires acks=all");
        }
        if (deliveryTimeoutMs() < lingerMs() + requestTimeoutMs()) {
            throw new ConfigException(DELIVERY_TIMEOUT_MS, deliveryTimeoutMs(),
                    "must be at least linger.ms + request.timeout.ms = " + (lingerMs() + requestTimeoutMs()));
        }
    }

    /** The value of {@link #BOOTSTRAP_SERVERS}. */
    @SuppressWarnings("unchecked")
    public List<String> bootstrapServers() {
        return (List<String>) values.get(BOOTSTRAP_SERVERS);
    }

    /** The value of {@link #CLIENT_ID}. */
    public String clientId() {
        return (String) values.get(CLIENT_ID);
    }

    /** The value of {@link #ACKS}: -1 for all, else 0 or 1. */
    public short acks() {
        String a = ((String) values.get(ACKS)).toLowerCase(java.util.Locale.ROOT);
        return (short) (a.equals("all") ? -1 : Integer.parseInt(a));
    }

    /** The value of {@link #BATCH_SIZE}. */
    public int batchSize() {
        return (int) values.get(BATCH_SIZE);
    }

    /** The value of {@link #LINGER_MS}. */
    public long lingerMs() {
        return (long) values.get(LINGER_MS);
    }

    /** The value of {@link #BUFFER_MEMORY}. */
    public long bufferMemory() {
        return (long) values.get(BUFFER_MEMORY);
    }

    /** The value of {@link #MAX_BLOCK_MS}. */
    public long maxBlockMs() {
        return (long) values.get(MAX_BLOCK_MS);
    }

    /** The value of {@link #ENABLE_IDEMPOTENCE}. */
    public boolean idempotence() {
        return (boolean) values.get(ENABLE_IDEMPOTENCE);
    }

    /** The value of {@link #RETRIES}. */
    public int retries() {
        return (int) values.get(RETRIES);
    }

    /** The value of {@link #RETRY_BACKOFF_MS}. */
    public long retryBackoffMs() {
        return (long) values.get(RETRY_BACKOFF_MS);
    }

    /** The value of {@link #DELIVERY_TIMEOUT_MS}. */
    public long deliveryTimeoutMs() {
        return (long) values.get(DELIVERY_TIMEOUT_MS);
    }

    /** The value of {@link #REQUEST_TIMEOUT_MS}. */
    public int requestTimeoutMs() {
        return (int) values.get(REQUEST_TIMEOUT_MS);
    }

    /** The value of {@link #MAX_REQUEST_SIZE}. */
    public int maxRequestSize() {
        return (int) values.get(MAX_REQUEST_SIZE);
    }

    /** The value of {@link #METADATA_MAX_AGE_MS}. */
    public long metadataMaxAgeMs() {
        return (long) values.get(METADATA_MAX_AGE_MS);
    }

    /** The value of {@link #MAX_IN_FLIGHT}. */
    public int maxInFlight() {
        return (int) values.get(MAX_IN_FLIGHT);
    }

    /** Socket settings derived from these values. */
    public TransportConfig transportConfig() {
        return new TransportConfig((boolean) values.get(ZEROCOPY_ENABLE), (int) values.get(ZEROCOPY_THRESHOLD_BYTES),
                (boolean) values.get(ZEROCOPY_FALLBACK_ON_COPIED), (int) values.get(SOCKET_CONNECTION_SETUP_TIMEOUT_MS),
                requestTimeoutMs(), 5000, (int) values.get(SEND_BUFFER), (int) values.get(RECEIVE_BUFFER), false);
    }
}
