package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.InvalidRequestException;

/** Decodes a request or response body by API key; the broker's and the client's single entry point. */
public final class Messages {
    private Messages() {
    }

    /**
     * Decodes a request body of {@code key} at {@code version}, which must be within the implemented range.
     * Malformed input raises {@link InvalidRequestException}.
     */
    public static ApiMessage readRequest(ApiKeys key, ByteBuf buf, short version) {
        checkVersion(key, version);
        return switch (key) {
            case PRODUCE -> ProduceRequest.read(buf, version);
            case FETCH -> FetchRequest.read(buf, version);
            case LIST_OFFSETS -> ListOffsetsRequest.read(buf, version);
            case METADATA -> MetadataRequest.read(buf, version);
            case API_VERSIONS -> ApiVersionsRequest.read(buf, version);
            case INIT_PRODUCER_ID -> InitProducerIdRequest.read(buf, version);
            case CREATE_TOPICS -> CreateTopicsRequest.read(buf, version);
            case DELETE_TOPICS -> DeleteTopicsRequest.read(buf, version);
            case CREATE_PARTITIONS -> CreatePartitionsRequest.read(buf, version);
            case DESCRIBE_CONFIGS -> DescribeConfigsRequest.read(buf, version);
            case DESCRIBE_CLUSTER -> DescribeClusterRequest.read(buf, version);
            case OFFSET_COMMIT -> OffsetCommitRequest.read(buf, version);
            case OFFSET_FETCH -> OffsetFetchRequest.read(buf, version);
            case FIND_COORDINATOR -> FindCoordinatorRequest.read(buf, version);
            case JOIN_GROUP -> JoinGroupRequest.read(buf, version);
            case HEARTBEAT -> HeartbeatRequest.read(buf, version);
            case LEAVE_GROUP -> LeaveGroupRequest.read(buf, version);
            case SYNC_GROUP -> SyncGroupRequest.read(buf, version);
            case DESCRIBE_GROUPS -> DescribeGroupsRequest.read(buf, version);
            case LIST_GROUPS -> ListGroupsRequest.read(buf, version);
            case DELETE_GROUPS -> DeleteGroupsRequest.read(buf, version);
            case OFFSET_DELETE -> OffsetDeleteRequest.read(buf, version);
        };
    }

    /** Decodes a response body of {@code key} at {@code version} (client side). */
    public static ApiMessage readResponse(ApiKeys key, ByteBuf buf, short version) {
        checkVersion(key, version);
        return switch (key) {
            case PRODUCE -> ProduceResponse.read(buf, version);
            case FETCH -> FetchResponse.read(buf, version);
            case LIST_OFFSETS -> ListOffsetsResponse.read(buf, version);
            case METADATA -> MetadataResponse.read(buf, version);
            case API_VERSIONS -> ApiVersionsResponse.read(buf, version);
            case INIT_PRODUCER_ID -> InitProducerIdResponse.read(buf, version);
            case CREATE_TOPICS -> CreateTopicsResponse.read(buf, version);
            case DELETE_TOPICS -> DeleteTopicsResponse.read(buf, version);
            case CREATE_PARTITIONS -> CreatePartitionsResponse.read(buf, version);
            case DESCRIBE_CONFIGS -> DescribeConfigsResponse.read(buf, version);
            case DESCRIBE_CLUSTER -> DescribeClusterResponse.read(buf, version);
            case OFFSET_COMMIT -> OffsetCommitResponse.read(buf, version);
            case OFFSET_FETCH -> OffsetFetchResponse.read(buf, version);
            case FIND_COORDINATOR -> FindCoordinatorResponse.read(buf, version);
            case JOIN_GROUP -> JoinGroupResponse.read(buf, version);
            case HEARTBEAT -> HeartbeatResponse.read(buf, version);
            case LEAVE_GROUP -> LeaveGroupResponse.read(buf, version);
            case SYNC_GROUP -> SyncGroupResponse.read(buf, version);
            case DESCRIBE_GROUPS -> DescribeGroupsResponse.read(buf, version);
            case LIST_GROUPS -> ListGroupsResponse.read(buf, version);
            case DELETE_GROUPS -> DeleteGroupsResponse.read(buf, version);
            case OFFSET_DELETE -> OffsetDeleteResponse.read(buf, version);
        };
    }

    private static void checkVersion(ApiKeys key, short version) {
        if (!key.isVersionSupported(version)) {
            throw new InvalidRequestException("unsupported version: apiKey=" + key.apiName + ", version=" + version
                    + ", supported=" + key.minVersion + ".." + key.maxVersion);
        }
    }
}
