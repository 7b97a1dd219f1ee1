package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** OffsetDelete request (v0, never flexible): partitions whose committed offsets a group drops. */
public final class OffsetDeleteRequest implements ApiMessage {
    public String groupId = "";
    public List<Topic> topics = new ArrayList<>();

    /** A topic and its partitions. */
    public record Topic(String name, int[] partitionIndexes) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    /** Decodes the body at {@code version}. */
    public static OffsetDeleteRequest read(ByteBuf buf, short version) {
        OffsetDeleteRequest m = new OffsetDeleteRequest();
        m.groupId = Decoder.readString(buf, false);
        int n = Decoder.readNonNullArrayCount(buf, false, 6);
        m.topics = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            // partitions is an array of single-field structs, the same bytes as an INT32 array
            m.topics.add(new Topic(Decoder.readString(buf, false), Decoder.readInt32Array(buf, false, false)));
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        w.writeString(groupId, false).writeArrayCount(topics.size(), false);
        for (Topic t : topics) {
            w.writeString(t.name(), false).writeInt32Array(t.partitionIndexes(), false);
        }
    }
}
