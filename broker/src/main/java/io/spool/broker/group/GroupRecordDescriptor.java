package io.spool.broker.group;

/**
 * Layouts of the records the coordinator writes to {@code __consumer_offsets} (our own, not Kafka's; only Spool
 * reads them). Big-endian; a {@code string} is {@code int16 length | UTF-8 bytes} with length -1 for null; a
 * {@code bytes} is {@code int32 length | bytes}. A record with a null value (RecordBatch v2 value length -1) is a
 * tombstone: the key's offset or group is gone.
 *
 * <pre>
 * Offset commit key (type 1)              Group metadata key (type 2)
 * +-------------------------------+       +-------------------------------+
 * | int16  type = 1               |       | int16  type = 2               |
 * | string group                  |       | string group                  |
 * | string topic                  |       +-------------------------------+
 * | int32  partition              |
 * +-------------------------------+
 *
 * Offset commit value (version 0)         Group metadata value (version 0)
 * +-------------------------------+       +-------------------------------+
 * | int16  version = 0            |       | int16  version = 0            |
 * | int64  offset                 |       | string protocolType (nullable)|
 * | int32  leaderEpoch (-1: none) |       | int32  generationId           |
 * | int64  commitTimestamp (ms)   |       | string protocolName (nullable)|
 * | string metadata               |       | string leaderId (nullable)    |
 * +-------------------------------+       | int64  stateTimestamp (ms)    |
 *                                         | int32  memberCount            |
 *                                         | member * memberCount          |
 *                                         +-------------------------------+
 * member:
 * +---------------------------------------------------------------------+
 * | string memberId | string groupInstanceId (nullable) | string clientId |
 * | string clientHost | int32 rebalanceTimeoutMs | int32 sessionTimeoutMs |
 * | bytes  subscription (metadata for the chosen protocol)              |
 * | bytes  assignment                                                   |
 * +---------------------------------------------------------------------+
 * </pre>
 *
 * A reader refuses a key type or value version it does not know (a newer broker wrote it): loading stops with an
 * error rather than silently dropping committed offsets.
 */
final class GroupRecordDescriptor {
    static final short OFFSET_COMMIT_KEY = 1;
    static final short GROUP_METADATA_KEY = 2;
    static final short OFFSET_COMMIT_VALUE_VERSION = 0;
    static final short GROUP_METADATA_VALUE_VERSION = 0;

    static final int TYPE_OFFSET = 0;
    static final int GROUP_OFFSET = 2;

    static final int OFFSET_VALUE_VERSION_OFFSET = 0;
    static final int OFFSET_VALUE_OFFSET_OFFSET = 2;
    static final int OFFSET_VALUE_LEADER_EPOCH_OFFSET = 10;
    static final int OFFSET_VALUE_COMMIT_TIMESTAMP_OFFSET = 14;
    static final int OFFSET_VALUE_METADATA_OFFSET = 22;

    private GroupRecordDescriptor() {
    }
}
