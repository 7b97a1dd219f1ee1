package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** Produce response (v3+): per-partition results. */
public final class ProduceResponse implements ApiMessage {
    public List<TopicResponse> responses = new ArrayList<>();
    public int throttleTimeMs;
    /** Tagged (v10+), written when non-empty. */
    public List<NodeEndpoint> nodeEndpoints = new ArrayList<>();

    /** One topic's results. */
    public static final class TopicResponse {
        public String name;
        public List<PartitionResponse> partitions;

        public TopicResponse(String name, List<PartitionResponse> partitions) {
            this.name = name;
            this.partitions = partitions;
        }
    }

    /** One partition's result. */
    public static final class PartitionResponse {
        public int index;
        public short errorCode;
        public long baseOffset;
        public long logAppendTimeMs = -1;
        public long logStartOffset = -1;
        public List<BatchIndexAndErrorMessage> recordErrors = new ArrayList<>();
        public String errorMessage;
        /** Tagged (v10+), written when non-null and not the default. */
        public LeaderIdAndEpoch currentLeader;
    }

    /** The index of a rejected batch and why. */
    public record BatchIndexAndErrorMessage(int batchIndex, String batchIndexErrorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    /** Decodes the body at {@code version}. */
    public static ProduceResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 9;
        ProduceResponse m = new ProduceResponse();
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.responses = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            TopicResponse t = new TopicResponse(Decoder.readString(buf, flex), null);
            int np = Decoder.readNonNullArrayCount(buf, flex, 22);
            t.partitions = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                PartitionResponse p = new PartitionResponse();
                p.index = Decoder.readInt32(buf);
                p.errorCode = Decoder.readInt16(buf);
                p.baseOffset = Decoder.readInt64(buf);
                p.logAppendTimeMs = Decoder.readInt64(buf);
                if (version >= 5) {
                    p.logStartOffset = Decoder.readInt64(buf);
                }
                if (version >= 8) {
                    int ne = Decoder.readNonNullArrayCount(buf, flex, 5);
                    p.recordErrors = Decoder.newList(ne);
                    for (int k = 0; k < ne; k++) {
                        p.recordErrors.add(new BatchIndexAndErrorMessage(Decoder.readInt32(buf),
                                Decoder.readNullableString(buf, flex)));
                        Decoder.skipTaggedFields(buf, flex);
                    }
                    p.errorMessage = Decoder.readNullableString(buf, flex);
                }
                if (flex) {
                    Decoder.readTaggedFields(buf, (tag, b) -> {
                        if (tag == 0 && version >= 10) {
                            p.currentLeader = new LeaderIdAndEpoch(Decoder.readInt32(b), Decoder.readInt32(b));
                            Decoder.skipTaggedFields(b);
                            return true;
                        }
                        return false;
                    });
                }
                t.partitions.add(p);
            }
            Decoder.skipTaggedFields(buf, flex);
            m.responses.add(t);
        }
        m.throttleTimeMs = Decoder.readInt32(buf);
        if (flex) {
            Decoder.readTaggedFields(buf, (tag, b) -> {
                if (tag == 0 && version >= 10) {
                    m.nodeEndpoints = readNodeEndpoints(b);
                    return true;
                }
                return false;
            });
        }
        return m;
    }

    static List<NodeEndpoint> readNodeEndpoints(ByteBuf b) {
        int n = Decoder.readNonNullArrayCount(b, true, 11);
        List<NodeEndpoint> list = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            list.add(new NodeEndpoint(Decoder.readInt32(b), Decoder.readString(b, true), Decoder.readInt32(b),
                    Decoder.readNullableString(b, true)));
            Decoder.skipTaggedFields(b);
        }
        return list;
    }

    static void writeNodeEndpoints(MessageWriter t, List<NodeEndpoint> endpoints) {
        t.writeArrayCount(endpoints.size(), true);
        for (NodeEndpoint e : endpoints) {
            t.writeInt32(e.nodeId()).writeString(e.host(), true).writeInt32(e.port()).writeNullableString(e.rack(), true)
                    .writeEmptyTaggedFields();
        }
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 9;
        w.writeArrayCount(responses.size(), flex);
        for (TopicResponse t : responses) {
            w.writeString(t.name, flex);
            w.writeArrayCount(t.partitions.size(), flex);
            for (PartitionResponse p : t.partitions) {
                w.writeInt32(p.index).writeInt16(p.errorCode).writeInt64(p.baseOffset).writeInt64(p.logAppendTimeMs);
                if (version >= 5) {
                    w.writeInt64(p.logStartOffset);
                }
                if (version >= 8) {
                    w.writeArrayCount(p.recordErrors.size(), flex);
                    for (BatchIndexAndErrorMessage e : p.recordErrors) {
                        w.writeInt32(e.batchIndex()).writeNullableString(e.batchIndexErrorMessage(), flex);
                        w.writeEmptyTaggedFields(flex);
                    }
                    w.writeNullableString(p.errorMessage, flex);
                }
                if (flex) {
                    LeaderIdAndEpoch leader = p.currentLeader;
                    if (version >= 10 && leader != null && !leader.isDefault()) {
                        w.writeUnsignedVarint(1);
                        w.writeTaggedField(0, x -> x.writeInt32(leader.leaderId()).writeInt32(leader.leaderEpoch())
                                .writeEmptyTaggedFields());
                    } else {
                        w.writeEmptyTaggedFields();
                    }
                }
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeInt32(throttleTimeMs);
        if (flex) {
            if (version >= 10 && !nodeEndpoints.isEmpty()) {
                w.writeUnsignedVarint(1);
                w.writeTaggedField(0, x -> writeNodeEndpoints(x, nodeEndpoints));
            } else {
                w.writeEmptyTaggedFields();
            }
        }
    }
}
