package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** ListOffsets response (v1+): per partition, the offset found and its timestamp. */
public final class ListOffsetsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<Topic> topics = new ArrayList<>();

    /** One topic's results. */
    public record Topic(String name, List<Partition> partitions) {
    }

    /** One partition's result (timestamp and offset -1 when none). */
    public record Partition(int partitionIndex, short errorCode, long timestamp, long offset, int leaderEpoch) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    /** Decodes the body at {@code version}. */
    public static ListOffsetsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 6;
        ListOffsetsResponse m = new ListOffsetsResponse();
        if (version >= 2) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int np = Decoder.readNonNullArrayCount(buf, flex, 22);
            List<Partition> ps = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                int index = Decoder.readInt32(buf);
                short error = Decoder.readInt16(buf);
                long timestamp = Decoder.readInt64(buf);
                long offset = Decoder.readInt64(buf);
                int epoch = version >= 4 ? Decoder.readInt32(buf) : -1;
                ps.add(new Partition(index, error, timestamp, offset, epoch));
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
        if (version >= 2) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeString(t.name(), flex).writeArrayCount(t.partitions().size(), flex);
            for (Partition p : t.partitions()) {
                w.writeInt32(p.partitionIndex()).writeInt16(p.errorCode()).writeInt64(p.timestamp()).writeInt64(p.offset());
                if (version >= 4) {
                    w.writeInt32(p.leaderEpoch());
                }
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
