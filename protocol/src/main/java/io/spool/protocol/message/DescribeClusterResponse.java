package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DescribeCluster response (always flexible): cluster id, controller and brokers. */
public final class DescribeClusterResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    public String errorMessage;
    public byte endpointType = 1;
    public String clusterId = "";
    public int controllerId = -1;
    public List<DescribeClusterBroker> brokers = new ArrayList<>();
    public int clusterAuthorizedOperations = Integer.MIN_VALUE;

    /** A broker; is_fenced is v2+. */
    public record DescribeClusterBroker(int brokerId, String host, int port, String rack, boolean isFenced) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    /** Decodes the body at {@code version}. */
    public static DescribeClusterResponse read(ByteBuf buf, short version) {
        DescribeClusterResponse m = new DescribeClusterResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        m.errorCode = Decoder.readInt16(buf);
        m.errorMessage = Decoder.readNullableString(buf, true);
        if (version >= 1) {
            m.endpointType = Decoder.readInt8(buf);
        }
        m.clusterId = Decoder.readString(buf, true);
        m.controllerId = Decoder.readInt32(buf);
        int n = Decoder.readNonNullArrayCount(buf, true, 11);
        m.brokers = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            int id = Decoder.readInt32(buf);
            String host = Decoder.readString(buf, true);
            int port = Decoder.readInt32(buf);
            String rack = Decoder.readNullableString(buf, true);
            boolean fenced = version >= 2 && Decoder.readBool(buf);
            Decoder.skipTaggedFields(buf);
            m.brokers.add(new DescribeClusterBroker(id, host, port, rack, fenced));
        }
        m.clusterAuthorizedOperations = Decoder.readInt32(buf);
        Decoder.skipTaggedFields(buf);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        w.writeInt32(throttleTimeMs).writeInt16(errorCode).writeNullableString(errorMessage, true);
        if (version >= 1) {
            w.writeInt8(endpointType);
        }
        w.writeString(clusterId, true).writeInt32(controllerId);
        w.writeArrayCount(brokers.size(), true);
        for (DescribeClusterBroker b : brokers) {
            w.writeInt32(b.brokerId()).writeString(b.host(), true).writeInt32(b.port()).writeNullableString(b.rack(), true);
            if (version >= 2) {
                w.writeBool(b.isFenced());
            }
            w.writeEmptyTaggedFields();
        }
        w.writeInt32(clusterAuthorizedOperations).writeEmptyTaggedFields();
    }
}
