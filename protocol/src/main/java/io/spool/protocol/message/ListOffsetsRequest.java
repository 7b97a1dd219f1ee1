package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** ListOffsets request (v1+): per partition, a timestamp or one of the special values (-1 latest, -2 earliest). */
public final class ListOffsetsRequest implements ApiMessage {
    /** Timestamp asking for the latest offset (the high watermark). */
    public static final long LATEST_TIMESTAMP = -1L;
    /** Timestamp asking for the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** Timestamp asking for the offset of the record with the largest timestamp (v7+). */
    public static final long MAX_TIMESTAMP = -3L;

    public int replicaId = -1;
    public byte isolationLevel;
    public List<Topic> topics = new ArrayList<>();

    /** One topic's partitions. */
    public record Topic(String name, List<Partition> partitions) {
    }

    /** One partition and the timestamp to look up. */
    public record Partition(int partitionIndex, int currentLeaderEpoch, long timestamp) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    /** Decodes the body at {@code version}. */
    public static ListOffsetsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 6;
        ListOffsetsRequest m = new ListOffsetsRequest();
        m.replicaId = Decoder.readInt32(buf);
        if (version >= 2) {
            m.isolationLevel = Decoder.readInt8(buf);
        }
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int np = Decoder.readNonNullArrayCount(buf, flex, 12);
            List<Partition> ps = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                int index = Decoder.readInt32(buf);
                int epoch = version >= 4 ? Decoder.readInt32(buf) : -1;
                ps.add(new Partition(index, epoch, Decoder.readInt64(buf)));
                Decoder.skipTaggedFields(buf, flex);
            }
            Decoder.skipTaggedFields(buf, flex);
            m.topics.add(new Topic(name, ps));
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 6;
        w.writeInt32(replicaId);
        if (version >= 2) {
            w.writeInt8(isolationLevel);
        }
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeString(t.name(), flex).writeArrayCount(t.partitions().size(), flex);
            for (Partition p : t.partitions()) {
                w.writeInt32(p.partitionIndex());
                if (version >= 4) {
                    w.writeInt32(p.currentLeaderEpoch());
                }
                w.writeInt64(p.timestamp());
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
