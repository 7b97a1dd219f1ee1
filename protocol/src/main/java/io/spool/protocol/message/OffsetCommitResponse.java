package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** OffsetCommit response (v2+): per partition, an error code. */
public final class OffsetCommitResponse implements ApiMessage {
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
        return ApiKeys.OFFSET_COMMIT;
    }

    /** Decodes the body at {@code version}. */
    public static OffsetCommitResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 8;
        OffsetCommitResponse m = new OffsetCommitResponse();
        if (version >= 3) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int np = Decoder.readNonNullArrayCount(buf, flex, 6);
            List<Partition> ps = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                ps.add(new Partition(Decoder.readInt32(buf), Decoder.readInt16(buf)));
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
        boolean flex = version >= 8;
        if (version >= 3) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeString(t.name(), flex).writeArrayCount(t.partitions().size(), flex);
            for (Partition p : t.partitions()) {
                w.writeInt32(p.partitionIndex()).writeInt16(p.errorCode());
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
