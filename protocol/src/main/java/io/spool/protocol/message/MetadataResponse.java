package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Metadata response: brokers, cluster id, controller and per-topic partition leadership. */
public final class MetadataResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<Broker> brokers = new ArrayList<>();
    public String clusterId;
    public int controllerId = -1;
    public List<Topic> topics = new ArrayList<>();
    /** v8-10 only. */
    public int clusterAuthorizedOperations = Integer.MIN_VALUE;

    /** A broker endpoint. */
    public record Broker(int nodeId, String host, int port, String rack) {
    }

    /** A topic's metadata. */
    public static final class Topic {
        public short errorCode;
        public String name;
        public UUID topicId = MetadataRequest.ZERO_UUID;
        public boolean isInternal;
        public List<Partition> partitions = new ArrayList<>();
        public int topicAuthorizedOperations = Integer.MIN_VALUE;
    }

    /** A partition's leadership. */
    public static final class Partition {
        public short errorCode;
        public int partitionIndex;
        public int leaderId;
        public int leaderEpoch = -1;
        public int[] replicaNodes = new int[0];
        public int[] isrNodes = new int[0];
        public int[] offlineReplicas = new int[0];
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    /** Decodes the body at {@code version}. */
    public static MetadataResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 9;
        MetadataResponse m = new MetadataResponse();
        if (version >= 3) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        int nb = Decoder.readNonNullArrayCount(buf, flex, 9);
        m.brokers = Decoder.newList(nb);
        for (int i = 0; i < nb; i++) {
            int nodeId = Decoder.readInt32(buf);
            String host = Decoder.readString(buf, flex);
            int port = Decoder.readInt32(buf);
            String rack = version >= 1 ? Decoder.readNullableString(buf, flex) : null;
            Decoder.skipTaggedFields(buf, flex);
            m.brokers.add(new Broker(nodeId, host, port, rack));
        }
        if (version >= 2) {
            m.clusterId = Decoder.readNullableString(buf, flex);
        }
        if (version >= 1) {
            m.controllerId = Decoder.readInt32(buf);
        }
        int nt = Decoder.readNonNullArrayCount(buf, flex, 4);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            Topic t = new Topic();
            t.errorCode = Decoder.readInt16(buf);
            t.name = version >= 12 ? Decoder.readNullableString(buf, true) : Decoder.readString(buf, flex);
            if (version >= 10) {
                t.topicId = Decoder.readUuid(buf);
            }
            if (version >= 1) {
                t.isInternal = Decoder.readBool(buf);
            }
            int np = Decoder.readNonNullArrayCount(buf, flex, 14);
            t.partitions = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                Partition p = new Partition();
                p.errorCode = Decoder.readInt16(buf);
                p.partitionIndex = Decoder.readInt32(buf);
                p.leaderId = Decoder.readInt32(buf);
                if (version >= 7) {
                    p.leaderEpoch = Decoder.readInt32(buf);
                }
                p.replicaNodes = Decoder.readInt32Array(buf, flex, false);
                p.isrNodes = Decoder.readInt32Array(buf, flex, false);
                if (version >= 5) {
                    p.offlineReplicas = Decoder.readInt32Array(buf, flex, false);
                }
                Decoder.skipTaggedFields(buf, flex);
                t.partitions.add(p);
            }
            if (version >= 8) {
                t.topicAuthorizedOperations = Decoder.readInt32(buf);
            }
            Decoder.skipTaggedFields(buf, flex);
            m.topics.add(t);
        }
        if (version >= 8 && version <= 10) {
            m.clusterAuthorizedOperations = Decoder.readInt32(buf);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 9;
        if (version >= 3) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeArrayCount(brokers.size(), flex);
        for (Broker b : brokers) {
            w.writeInt32(b.nodeId).writeString(b.host, flex).writeInt32(b.port);
            if (version >= 1) {
                w.writeNullableString(b.rack, flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        if (version >= 2) {
            w.writeNullableString(clusterId, flex);
        }
        if (version >= 1) {
            w.writeInt32(controllerId);
        }
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeInt16(t.errorCode);
            if (version >= 12) {
                w.writeNullableString(t.name, true);
            } else {
                w.writeString(t.name, flex);
            }
            if (version >= 10) {
                w.writeUuid(t.topicId);
            }
            if (version >= 1) {
                w.writeBool(t.isInternal);
            }
            w.writeArrayCount(t.partitions.size(), flex);
            for (Partition p : t.partitions) {
                w.writeInt16(p.errorCode).writeInt32(p.partitionIndex).writeInt32(p.leaderId);
                if (version >= 7) {
                    w.writeInt32(p.leaderEpoch);
                }
                w.writeInt32Array(p.replicaNodes, flex).writeInt32Array(p.isrNodes, flex);
                if (version >= 5) {
                    w.writeInt32Array(p.offlineReplicas, flex);
                }
                w.writeEmptyTaggedFields(flex);
            }
            if (version >= 8) {
                w.writeInt32(t.topicAuthorizedOperations);
            }
            w.writeEmptyTaggedFields(flex);
        }
        if (version >= 8 && version <= 10) {
            w.writeInt32(clusterAuthorizedOperations);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
