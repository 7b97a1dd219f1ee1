package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** OffsetDelete response (v0): a group-level error and per-partition errors. */
public final class OffsetDeleteResponse implements ApiMessage {
    public short errorCode;
    public int throttleTimeMs;
    public List<Topic> topics = new ArrayList<>();

    /** One topic's results. */
    public record Topic(String name, List<Partition> partitions) {
    }

    /** One partition's result. */
    public record Partition(int partitionIndex, short errorCode) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    /** Decodes the body at {@code version}. */
    public static OffsetDeleteResponse read(ByteBuf buf, short version) {
        OffsetDeleteResponse m = new OffsetDeleteResponse();
        m.errorCode = Decoder.readInt16(buf);
        m.throttleTimeMs = Decoder.readInt32(buf);
        int nt = Decoder.readNonNullArrayCount(buf, false, 6);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, false);
            int np = Decoder.readNonNullArrayCount(buf, false, 6);
            List<Partition> ps = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                ps.add(new Partition(Decoder.readInt32(buf), Decoder.readInt16(buf)));
            }
            m.topics.add(new Topic(name, ps));
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        w.writeInt16(errorCode).writeInt32(throttleTimeMs).writeArrayCount(topics.size(), false);
        for (Topic t : topics) {
            w.writeString(t.name(), false).writeArrayCount(t.partitions().size(), false);
            for (Partition p : t.partitions()) {
                w.writeInt32(p.partitionIndex()).writeInt16(p.errorCode());
            }
        }
    }
}
