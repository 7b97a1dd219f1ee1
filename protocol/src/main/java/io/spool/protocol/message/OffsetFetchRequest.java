package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * OffsetFetch request: one group (v1-7, top-level fields) or several (v8+, {@link #groups}). A null topic list
 * (v2+) asks for every committed partition of the group.
 */
public final class OffsetFetchRequest implements ApiMessage {
    /** v1-7. */
    public String groupId = "";
    /** v1-7; null (v2+) means all topics. */
    public List<Topic> topics = new ArrayList<>();
    /** v8+. */
    public List<Group> groups = new ArrayList<>();
    /** v7+. */
    public boolean requireStable;

    /** A topic and the partitions wanted. */
    public record Topic(String name, int[] partitionIndexes) {
    }

    /** One group's request (v8+); null topics means all. */
    public record Group(String groupId, List<Topic> topics) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    /** Decodes the body at {@code version}. */
    public static OffsetFetchRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 6;
        OffsetFetchRequest m = new OffsetFetchRequest();
        if (version <= 7) {
            m.groupId = Decoder.readString(buf, flex);
            m.topics = readTopics(buf, flex, version >= 2);
        } else {
            int ng = Decoder.readNonNullArrayCount(buf, true, 3);
            m.groups = Decoder.newList(ng);
            for (int i = 0; i < ng; i++) {
                String groupId = Decoder.readString(buf, true);
                List<Topic> topics = readTopics(buf, true, true);
                Decoder.skipTaggedFields(buf);
                m.groups.add(new Group(groupId, topics));
            }
        }
        if (version >= 7) {
            m.requireStable = Decoder.readBool(buf);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    private static List<Topic> readTopics(ByteBuf buf, boolean flex, boolean nullable) {
        int n = nullable ? Decoder.readArrayCount(buf, flex, 2) : Decoder.readNonNullArrayCount(buf, flex, 2);
        if (n < 0) {
            return null;
        }
        List<Topic> topics = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            topics.add(new Topic(Decoder.readString(buf, flex), Decoder.readInt32Array(buf, flex, false)));
            Decoder.skipTaggedFields(buf, flex);
        }
        return topics;
    }

    private static void writeTopics(MessageWriter w, List<Topic> topics, boolean flex) {
        if (topics == null) {
            w.writeArrayCount(-1, flex);
            return;
        }
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeString(t.name(), flex).writeInt32Array(t.partitionIndexes(), flex);
            w.writeEmptyTaggedFields(flex);
        }
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 6;
        if (version <= 7) {
            w.writeString(groupId, flex);
            writeTopics(w, topics, flex);
        } else {
            w.writeArrayCount(groups.size(), true);
            for (Group g : groups) {
                w.writeString(g.groupId(), true);
                writeTopics(w, g.topics(), true);
                w.writeEmptyTaggedFields();
            }
        }
        if (version >= 7) {
            w.writeBool(requireStable);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
