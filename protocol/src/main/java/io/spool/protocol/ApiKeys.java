package io.spool.protocol;

/**
 * The Kafka APIs Spool implements, with the exact version range implemented and tested (what the broker
 * advertises) and the first flexible version (request header v2, compact types, tagged fields).
 */
public enum ApiKeys {
    PRODUCE(0, "Produce", 3, 11, 9),
    FETCH(1, "Fetch", 4, 12, 12),
    LIST_OFFSETS(2, "ListOffsets", 1, 8, 6),
    METADATA(3, "Metadata", 0, 12, 9),
    OFFSET_COMMIT(8, "OffsetCommit", 2, 9, 8),
    OFFSET_FETCH(9, "OffsetFetch", 1, 8, 6),
    FIND_COORDINATOR(10, "FindCoordinator", 0, 4, 3),
    JOIN_GROUP(11, "JoinGroup", 0, 9, 6),
    HEARTBEAT(12, "Heartbeat", 0, 4, 4),
    LEAVE_GROUP(13, "LeaveGroup", 0, 5, 4),
    SYNC_GROUP(14, "SyncGroup", 0, 5, 4),
    DESCRIBE_GROUPS(15, "DescribeGroups", 0, 5, 5),
    LIST_GROUPS(16, "ListGroups", 0, 4, 3),
    API_VERSIONS(18, "ApiVersions", 0, 4, 3),
    CREATE_TOPICS(19, "CreateTopics", 2, 7, 5),
    DELETE_TOPICS(20, "DeleteTopics", 1, 6, 4),
    INIT_PRODUCER_ID(22, "InitProducerId", 0, 4, 2),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", 1, 4, 4),
    CREATE_PARTITIONS(37, "CreatePartitions", 0, 3, 2),
    DELETE_GROUPS(42, "DeleteGroups", 0, 2, 2),
    OFFSET_DELETE(47, "OffsetDelete", 0, 0, Short.MAX_VALUE),
    DESCRIBE_CLUSTER(60, "DescribeCluster", 0, 2, 0);

    private static final ApiKeys[] BY_ID = new ApiKeys[128];

    static {
        for (ApiKeys k : values()) {
            BY_ID[k.id] = k;
        }
    }

    /** The API key on the wire. */
    public final short id;
    /** Kafka's name for the API. */
    public final String apiName;
    /** The lowest version implemented. */
    public final short minVersion;
    /** The highest version implemented. */
    public final short maxVersion;
    /**
     * The lowest version the broker advertises in ApiVersions. Equal to {@link #minVersion} except for Produce,
     * advertised from 0 (librdkafka derives features such as compression from Produce v0-2 being listed) while
     * v0-2 requests are still refused (DESIGN §4).
     */
    public short advertisedMinVersion() {
        return this == PRODUCE ? 0 : minVersion;
    }

    /** The first version using flexible encoding ({@link Short#MAX_VALUE} for none). */
    public final short firstFlexibleVersion;

    ApiKeys(int id, String apiName, int minVersion, int maxVersion, int firstFlexibleVersion) {
        this.id = (short) id;
        this.apiName = apiName;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
        this.firstFlexibleVersion = (short) firstFlexibleVersion;
    }

    /** The API with this id, or null if Spool does not implement it. */
    public static ApiKeys forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Whether {@code version} is within the implemented range. */
    public boolean isVersionSupported(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    /** Whether {@code version} uses flexible encoding (also meaningful for versions above the supported range). */
    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    /** The request header version a client uses for {@code version}: 2 when flexible, else 1. */
    public short requestHeaderVersion(short version) {
        return (short) (isFlexible(version) ? 2 : 1);
    }

    /** The response header version for {@code version}: 1 when flexible, else 0; ApiVersions always uses 0. */
    public short responseHeaderVersion(short version) {
        return (short) (this != API_VERSIONS && isFlexible(version) ? 1 : 0);
    }
}
