package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** Fetch request (v4+, topics by name). Hot path: one small object per partition, nothing per record. */
public final class FetchRequest implements ApiMessage {
    public int replicaId = -1;
    public int maxWaitMs;
    public int minBytes;
    public int maxBytes = Integer.MAX_VALUE;
    public byte isolationLevel;
    public int sessionId;
    public int sessionEpoch = -1;
    public List<FetchTopic> topics = new ArrayList<>();
    public List<ForgottenTopic> forgottenTopicsData = new ArrayList<>();
    public String rackId = "";
    /** Tagged (v12+), written when non-null. */
    public String clusterId;

    /** The partitions to fetch, of one topic. */
    public static final class FetchTopic {
        public String topic;
        public List<FetchPartition> partitions;

        public FetchTopic(String topic, List<FetchPartition> partitions) {
            this.topic = topic;
            this.partitions = partitions;
        }
    }

    /** One partition to fetch. */
    public static final class FetchPartition {
        public int partition;
        public int currentLeaderEpoch = -1;
        public long fetchOffset;
        public int lastFetchedEpoch = -1;
        public long logStartOffset = -1;
        public int partitionMaxBytes;
    }

    /** Partitions to remove from an incremental fetch session. */
    public record ForgottenTopic(String topic, int[] partitions) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    /** Decodes the body at {@code version}. */
    public static FetchRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 12;
        FetchRequest m = new FetchRequest();
        m.replicaId = Decoder.readInt32(buf);
        m.maxWaitMs = Decoder.readInt32(buf);
        m.minBytes = Decoder.readInt32(buf);
        m.maxBytes = Decoder.readInt32(buf);
        m.isolationLevel = Decoder.readInt8(buf);
        if (version >= 7) {
            m.sessionId = Decoder.readInt32(buf);
            m.sessionEpoch = Decoder.readInt32(buf);
        }
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            FetchTopic t = new FetchTopic(Decoder.readString(buf, flex), null);
            int np = Decoder.readNonNullArrayCount(buf, flex, 16);
            t.partitions = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                FetchPartition p = new FetchPartition();
                p.partition = Decoder.readInt32(buf);
                if (version >= 9) {
                    p.currentLeaderEpoch = Decoder.readInt32(buf);
                }
                p.fetchOffset = Decoder.readInt64(buf);
                if (version >= 12) {
                    p.lastFetchedEpoch = Decoder.readInt32(buf);
                }
                if (version >= 5) {
                    p.logStartOffset = Decoder.readInt64(buf);
                }
                p.partitionMaxBytes = Decoder.readInt32(buf);
                Decoder.skipTaggedFields(buf, flex);
                t.partitions.add(p);
            }
            Decoder.skipTaggedFields(buf, flex);
            m.topics.add(t);
        }
        if (version >= 7) {
            int nf = Decoder.readNonNullArrayCount(buf, flex, 2);
            m.forgottenTopicsData = Decoder.newList(nf);
            for (int i = 0; i < nf; i++) {
                m.forgottenTopicsData.add(new ForgottenTopic(Decoder.readString(buf, flex),
                        Decoder.readInt32Array(buf, flex, false)));
                Decoder.skipTaggedFields(buf, flex);
            }
        }
        if (version >= 11) {
            m.rackId = Decoder.readString(buf, flex);
        }
        if (flex) {
            Decoder.readTaggedFields(buf, (tag, b) -> {
                if (tag == 0) {
                    m.clusterId = Decoder.readNullableString(b, true);
                    return true;
                }
                return false;
            });
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 12;
        w.writeInt32(replicaId).writeInt32(maxWaitMs).writeInt32(minBytes).writeInt32(maxBytes).writeInt8(isolationLevel);
        if (version >= 7) {
            w.writeInt32(sessionId).writeInt32(sessionEpoch);
        }
        w.writeArrayCount(topics.size(), flex);
        for (FetchTopic t : topics) {
            w.writeString(t.topic, flex);
            w.writeArrayCount(t.partitions.size(), flex);
            for (FetchPartition p : t.partitions) {
                w.writeInt32(p.partition);
                if (version >= 9) {
                    w.writeInt32(p.currentLeaderEpoch);
                }
                w.writeInt64(p.fetchOffset);
                if (version >= 12) {
                    w.writeInt32(p.lastFetchedEpoch);
                }
                if (version >= 5) {
                    w.writeInt64(p.logStartOffset);
                }
                w.writeInt32(p.partitionMaxBytes);
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        if (version >= 7) {
            w.writeArrayCount(forgottenTopicsData.size(), flex);
            for (ForgottenTopic f : forgottenTopicsData) {
                w.writeString(f.topic(), flex).writeInt32Array(f.partitions(), flex);
                w.writeEmptyTaggedFields(flex);
            }
        }
        if (version >= 11) {
            w.writeString(rackId, flex);
        }
        if (flex) {
            if (clusterId != null) {
                w.writeUnsignedVarint(1);
                w.writeTaggedField(0, x -> x.writeNullableString(clusterId, true));
            } else {
                w.writeEmptyTaggedFields();
            }
        }
    }
}
