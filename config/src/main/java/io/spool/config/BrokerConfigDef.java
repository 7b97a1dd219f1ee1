package io.spool.config;

import static io.spool.config.ConfigType.BOOLEAN;
import static io.spool.config.ConfigType.INT;
import static io.spool.config.ConfigType.LIST;
import static io.spool.config.ConfigType.LONG;
import static io.spool.config.ConfigType.STRING;
import static io.spool.config.Importance.HIGH;
import static io.spool.config.Importance.LOW;
import static io.spool.config.Importance.MEDIUM;
import static io.spool.config.Validator.atLeast;
import static io.spool.config.Validator.between;
import static io.spool.config.Validator.oneOf;

/** Every broker-level key: Kafka's names, Kafka's defaults unless the doc says otherwise. */
public final class BrokerConfigDef {
    public static final String NODE_ID = "node.id";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String LOG_CLEANUP_POLICY = "log.cleanup.policy";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_SEGMENT_PREALLOC_BYTES = "log.segment.prealloc.bytes";
    public static final String LOG_PAGE_CACHE_SEALED_SEGMENTS = "log.page.cache.sealed.segments";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String QUEUED_MAX_REQUESTS = "queued.max.requests";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSETS_SNAPSHOT_INTERVAL_MS = "offsets.snapshot.interval.ms";

    /** The definitions, in the order the docs list them. */
    public static final ConfigDef DEF = new ConfigDef()
            .define(NODE_ID, INT, 1, atLeast(0), HIGH,
                    "The id of this node. A single node is node 1 and leads every partition.")
            .define(LISTENERS, LIST, "PLAINTEXT://127.0.0.1:9092", Validator.LISTENERS, HIGH,
                    "Addresses the broker accepts connections on, NAME://host:port. An empty host binds every interface. "
                            + "Kafka's default is PLAINTEXT://:9092; Spool binds loopback unless told otherwise.")
            .define(ADVERTISED_LISTENERS, LIST, null, Validator.LISTENERS, HIGH,
                    "Addresses given to clients in Metadata responses. Default: the listeners, with a wildcard host "
                            + "replaced by this machine's canonical host name.")
            .define(LOG_DIRS, LIST, null, Validator.NON_EMPTY_LIST, HIGH,
                    "The directory holding the partition logs and the metadata log. Overrides log.dir. "
                            + "Exactly one directory is supported for now.")
            .define(LOG_DIR, STRING, "data", HIGH,
                    "The data directory used when log.dirs is not set; relative paths are resolved against the "
                            + "current directory.")
            .define(NUM_PARTITIONS, INT, 1, atLeast(1), MEDIUM,
                    "Partitions of an auto-created topic, and of a created topic that does not say.")
            .define(DEFAULT_REPLICATION_FACTOR, INT, 1, atLeast(1), MEDIUM,
                    "Replication factor of auto-created topics, and of created topics that do not say.")
            .define(AUTO_CREATE_TOPICS_ENABLE, BOOLEAN, true, HIGH,
                    "Create a topic when a client asks Metadata for an unknown one and allows auto-creation. "
                            + "Internal topics are never auto-created.")
            .define(DELETE_TOPIC_ENABLE, BOOLEAN, true, HIGH,
                    "Allow DeleteTopics; when false it answers TOPIC_DELETION_DISABLED.")
            .define(LOG_CLEANUP_POLICY, LIST, "delete", Validator.listOf("delete"), MEDIUM,
                    "Default cleanup policy of topics. Only delete (time and size retention) is implemented.")
            .define(LOG_SEGMENT_BYTES, INT, 1 << 30, atLeast(1024), HIGH,
                    "Size of a segment file; a segment is preallocated to this size and rolled when full.")
            .define(LOG_ROLL_MS, LONG, null, atLeast(1), MEDIUM,
                    "Roll the active segment after this many ms even if it is not full. Default: log.roll.hours.")
            .define(LOG_ROLL_HOURS, INT, 168, atLeast(1), MEDIUM,
                    "Roll the active segment after this many hours, used when log.roll.ms is not set.")
            .define(LOG_RETENTION_MS, LONG, null, atLeast(-1), HIGH,
                    "Delete sealed segments whose newest record is older than this; -1 keeps them forever. "
                            + "Default: log.retention.minutes, else log.retention.hours.")
            .define(LOG_RETENTION_MINUTES, INT, null, atLeast(-1), HIGH,
                    "Retention in minutes, used when log.retention.ms is not set.")
            .define(LOG_RETENTION_HOURS, INT, 168, atLeast(-1), HIGH,
                    "Retention in hours, used when neither log.retention.ms nor log.retention.minutes is set.")
            .define(LOG_RETENTION_BYTES, LONG, -1L, atLeast(-1), HIGH,
                    "Delete the oldest sealed segments while a partition is larger than this; -1 means no limit.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS, LONG, 300_000L, atLeast(1), MEDIUM,
                    "How often retention runs, in ms.")
            .define(LOG_INDEX_INTERVAL_BYTES, INT, 4096, atLeast(0), MEDIUM,
                    "Bytes of log between two sparse offset-index entries.")
            .define(LOG_FLUSH_INTERVAL_MESSAGES, LONG, Long.MAX_VALUE, atLeast(1), HIGH,
                    "Force a partition to disk after this many messages. The default leaves it to the OS, as Kafka does.")
            .define(LOG_FLUSH_INTERVAL_MS, LONG, Long.MAX_VALUE, atLeast(0), HIGH,
                    "Force a partition to disk after this many ms. The default leaves it to the OS, as Kafka does.")
            .define(LOG_SEGMENT_PREALLOC_BYTES, INT, 16 << 20, atLeast(4096), LOW,
                    "Spool only: disk space reserved with fallocate ahead of the writer, in bytes. A full disk is "
                            + "detected when a reservation fails, never by a fault in the mapping.")
            .define(LOG_PAGE_CACHE_SEALED_SEGMENTS, INT, -1, atLeast(-1), LOW,
                    "Spool only: how many of a partition's newest sealed segments keep their pages in the page cache "
                            + "once sealed and forced; older ones are dropped from it (POSIX_FADV_DONTNEED) and are read "
                            + "from disk when fetched again. -1 keeps them all and leaves eviction to the kernel, as "
                            + "Kafka does. 0 or 1 suits a VM whose free memory is handed back to the host (virtio-balloon "
                            + "free page reporting), where a page cache that keeps growing makes every new page slow.")
            .define(MESSAGE_MAX_BYTES, INT, 1048588, atLeast(0), HIGH,
                    "Largest record batch accepted, in bytes (after compression).")
            .define(LOG_MESSAGE_TIMESTAMP_TYPE, STRING, "CreateTime", oneOf("CreateTime", "LogAppendTime"), MEDIUM,
                    "Timestamps of records: the producer's (CreateTime) or the broker's at append (LogAppendTime).")
            .define(MIN_INSYNC_REPLICAS, INT, 1, atLeast(1), HIGH,
                    "Replicas that must have a record before acks=all is answered.")
            .define(SOCKET_REQUEST_MAX_BYTES, INT, 104_857_600, atLeast(1), HIGH,
                    "Largest request frame accepted; a larger frame closes the connection before any byte of it is buffered.")
            .define(QUEUED_MAX_REQUESTS, INT, 500, between(1, Integer.MAX_VALUE), HIGH,
                    "Requests a connection may have in flight (read but not yet answered); at the bound the broker "
                            + "stops reading from that connection until responses go out. Per connection in Spool.")
            .define(NUM_NETWORK_THREADS, INT, null, atLeast(1), HIGH,
                    "Event loops doing socket I/O, decoding and appends. Default: the number of available processors.")
            .define(OFFSETS_TOPIC_NUM_PARTITIONS, INT, 50, atLeast(1), HIGH,
                    "Partitions of the internal __consumer_offsets topic.")
            .define(OFFSETS_TOPIC_REPLICATION_FACTOR, INT, 1, atLeast(1), HIGH,
                    "Replication factor of the internal __consumer_offsets topic. Kafka's default is 3; a single node needs 1.")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS, INT, 3000, atLeast(0), MEDIUM,
                    "How long the group coordinator waits for more members before the first rebalance of a new group.")
            .define(GROUP_MIN_SESSION_TIMEOUT_MS, INT, 6000, atLeast(0), MEDIUM,
                    "Smallest session.timeout.ms a group member may ask for; a smaller one gets INVALID_SESSION_TIMEOUT.")
            .define(GROUP_MAX_SESSION_TIMEOUT_MS, INT, 1_800_000, atLeast(0), MEDIUM,
                    "Largest session.timeout.ms a group member may ask for; a larger one gets INVALID_SESSION_TIMEOUT. "
                            + "At least group.min.session.timeout.ms.")
            .define(GROUP_MAX_SIZE, INT, Integer.MAX_VALUE, atLeast(1), MEDIUM,
                    "Most members one consumer group may have; the next to join gets GROUP_MAX_SIZE_REACHED.")
            .define(OFFSET_METADATA_MAX_BYTES, INT, 4096, atLeast(0), HIGH,
                    "Longest metadata string a committed offset may carry; a longer one gets OFFSET_METADATA_TOO_LARGE.")
            .define(OFFSETS_RETENTION_MINUTES, INT, 10080, atLeast(1), HIGH,
                    "Committed offsets are deleted this many minutes after their group became empty (or, for offsets "
                            + "committed outside a group's membership, after the commit).")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, LONG, 600_000L, atLeast(1), HIGH,
                    "How often the group coordinator looks for expired offsets, in ms.")
            .define(OFFSETS_SNAPSHOT_INTERVAL_MS, LONG, 300_000L, atLeast(1), LOW,
                    "Spool only: how often the group coordinator snapshots each __consumer_offsets partition that "
                            + "grew and deletes the sealed segments below the snapshot (that topic is kept small this "
                            + "way rather than by compaction). A snapshot is also taken at clean shutdown.");

    private BrokerConfigDef() {
    }
}
