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
    API_VERSIONS(18, "ApiVersions", 0, 4, 3),
    INIT_PRODUCER_ID(22, "InitProducerId", 0, 4, 2);

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
