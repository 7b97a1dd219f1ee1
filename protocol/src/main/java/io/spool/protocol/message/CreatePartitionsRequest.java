package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** CreatePartitions request: grow topics to a new total partition count. */
public final class CreatePartitionsRequest implements ApiMessage {
    public List<CreatePartitionsTopic> topics = new ArrayList<>();
    public int timeoutMs;
    public boolean validateOnly;

    /** A topic and its new total count; assignments (nullable) place the new partitions. */
    public record CreatePartitionsTopic(String name, int count, List<int[]> assignments) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    /** Decodes the body at {@code version}. */
    public static CreatePartitionsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 2;
        CreatePartitionsRequest m = new CreatePartitionsRequest();
        int nt = Decoder.readNonNullArrayCount(buf, flex, 6);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int count = Decoder.readInt32(buf);
            int na = Decoder.readArrayCount(buf, flex, 1);
            List<int[]> assignments = null;
            if (na >= 0) {
                assignments = Decoder.newList(na);
                for (int j = 0; j < na; j++) {
                    assignments.add(Decoder.readInt32Array(buf, flex, false));
                    Decoder.skipTaggedFields(buf, flex);
                }
            }
            Decoder.skipTaggedFields(buf, flex);
            m.topics.add(new CreatePartitionsTopic(name, count, assignments));
        }
        m.timeoutMs = Decoder.readInt32(buf);
        m.validateOnly = Decoder.readBool(buf);
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 2;
        w.writeArrayCount(topics.size(), flex);
        for (CreatePartitionsTopic t : topics) {
            w.writeString(t.name(), flex).writeInt32(t.count());
            if (t.assignments() == null) {
                w.writeArrayCount(-1, flex);
            } else {
                w.writeArrayCount(t.assignments().size(), flex);
                for (int[] brokerIds : t.assignments()) {
                    w.writeInt32Array(brokerIds, flex);
                    w.writeEmptyTaggedFields(flex);
                }
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeInt32(timeoutMs).writeBool(validateOnly);
        w.writeEmptyTaggedFields(flex);
    }
}
