package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** DescribeCluster request (always flexible). Endpoint type 1 = brokers, 2 = controllers. */
public final class DescribeClusterRequest implements ApiMessage {
    public boolean includeClusterAuthorizedOperations;
    public byte endpointType = 1;
    public boolean includeFencedBrokers;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    /** Decodes the body at {@code version}. */
    public static DescribeClusterRequest read(ByteBuf buf, short version) {
        DescribeClusterRequest m = new DescribeClusterRequest();
        m.includeClusterAuthorizedOperations = Decoder.readBool(buf);
        if (version >= 1) {
            m.endpointType = Decoder.readInt8(buf);
        }
        if (version >= 2) {
            m.includeFencedBrokers = Decoder.readBool(buf);
        }
        Decoder.skipTaggedFields(buf);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        w.writeBool(includeClusterAuthorizedOperations);
        if (version >= 1) {
            w.writeInt8(endpointType);
        }
        if (version >= 2) {
            w.writeBool(includeFencedBrokers);
        }
        w.writeEmptyTaggedFields();
    }
}
