package io.spool.client;

import io.spool.client.net.TransportConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.spool.client.ConfigDef.Type.*;

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
            .define(BOOTSTRAP_SERVERS, LIST, null, 0, "host:port pairs to fetch the first metadata from")
            .define(CLIENT_ID, STRING, "spool-producer", 0, "client id sent with every request")
            .defineChoice(ACKS, "all", Set.of("0", "1", "all", "-1"), "acknowledgements the leader waits for: 0, 1 or all")
            .define(BATCH_SIZE, INT, 16384, 1, "bytes of records per partition batch (also the pooled buffer size)")
            .define(LINGER_MS, LONG, 5L, 0, "ms to wait for more records before sending a batch that is not full")
            .define(BUFFER_MEMORY, LONG, 33554432L, 1, "bytes of off-heap buffers for records not yet acknowledged")
            .define(MAX_BLOCK_MS, LONG, 60000L, 0, "ms send() may block for metadata or buffer memory; 0 fails at once")
            .define(ENABLE_IDEMPOTENCE, BOOLEAN, true, 0, "InitProducerId + sequence numbers: retries never duplicate or reorder")
            .define(RETRIES, INT, Integer.MAX_VALUE, 0, "retries of a failed batch (bounded by delivery.timeout.ms)")
            .define(RETRY_BACKOFF_MS, LONG, 100L, 0, "ms to wait before retrying a batch")
            .define(DELIVERY_TIMEOUT_MS, LONG, 120000L, 1, "ms from send() until the record is acknowledged or failed")
            .define(REQUEST_TIMEOUT_MS, INT, 30000, 1, "ms to wait for a response before the connection is dropped and the request retried")
            .define(MAX_REQUEST_SIZE, INT, 1048576, 1, "largest record (batch) accepted by send()")
            .define(METADATA_MAX_AGE_MS, LONG, 300000L, 0, "ms after which metadata is refreshed even without errors")
            .define(MAX_IN_FLIGHT, INT, 5, 1, "unanswered requests per connection (one batch per partition at a time)")
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, INT, 10000, 1, "ms to wait for a TCP connect")
            .define(SEND_BUFFER, INT, 131072, -1, "SO_SNDBUF, -1 for the OS default")
            .define(RECEIVE_BUFFER, INT, 32768, -1, "SO_RCVBUF, -1 for the OS default")
            .define(ZEROCOPY_ENABLE, BOOLEAN, true, 0, "send large batches with MSG_ZEROCOPY (Linux)")
            .define(ZEROCOPY_THRESHOLD_BYTES, INT, TransportConfig.DEFAULT_ZERO_COPY_THRESHOLD, 1, "smallest batch sent with MSG_ZEROCOPY")
            .define(ZEROCOPY_FALLBACK_ON_COPIED, BOOLEAN, true, 0, "switch a connection to plain sends once the kernel reports it copied");

    private final Map<String, Object> values;

    /** Parses and validates {@code props}. */
    public ProducerConfig(Map<?, ?> props) {
        Map<String, Object> parsed = DEF.parse(props);
        if (!props.containsKey(ENABLE_IDEMPOTENCE) && !"all".equals(parsed.get(ACKS)) && !"-1".equals(parsed.get(ACKS))) {
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

    @SuppressWarnings("unchecked")
    public List<String> bootstrapServers() {
        return (List<String>) values.get(BOOTSTRAP_SERVERS);
    }

    public String clientId() {
        return (String) values.get(CLIENT_ID);
    }

    /** -1 for all, else 0 or 1. */
    public short acks() {
        String a = (String) values.get(ACKS);
        return (short) (a.equals("all") ? -1 : Integer.parseInt(a));
    }

    public int batchSize() {
        return (int) values.get(BATCH_SIZE);
    }

    public long lingerMs() {
        return (long) values.get(LINGER_MS);
    }

    public long bufferMemory() {
        return (long) values.get(BUFFER_MEMORY);
    }

    public long maxBlockMs() {
        return (long) values.get(MAX_BLOCK_MS);
    }

    public boolean idempotence() {
        return (boolean) values.get(ENABLE_IDEMPOTENCE);
    }

    public int retries() {
        return (int) values.get(RETRIES);
    }

    public long retryBackoffMs() {
        return (long) values.get(RETRY_BACKOFF_MS);
    }

    public long deliveryTimeoutMs() {
        return (long) values.get(DELIVERY_TIMEOUT_MS);
    }

    public int requestTimeoutMs() {
        return (int) values.get(REQUEST_TIMEOUT_MS);
    }

    public int maxRequestSize() {
        return (int) values.get(MAX_REQUEST_SIZE);
    }

    public long metadataMaxAgeMs() {
        return (long) values.get(METADATA_MAX_AGE_MS);
    }

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
