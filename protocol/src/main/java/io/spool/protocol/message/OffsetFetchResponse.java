package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** OffsetFetch response: one group (v1-7, top-level fields) or several (v8+, {@link #groups}). */
public final class OffsetFetchResponse implements ApiMessage {
    public int throttleTimeMs;
    /** v1-7. */
    public List<Topic> topics = new ArrayList<>();
    /** v2-7. */
    public short errorCode;
    /** v8+. */
    public List<Group> groups = new ArrayList<>();

    /** One topic's committed offsets. */
    public record Topic(String name, List<Partition> partitions) {
    }

    /** One partition's committed offset (-1 if none); the leader epoch is v5+. */
    public record Partition(int partitionIndex, long committedOffset, int committedLeaderEpoch, String metadata,
                            short errorCode) {
    }

    /** One group's result (v8+). */
    public record Group(String groupId, List<Topic> topics, short errorCode) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    /** Decodes the body at {@code version}. */
    public static OffsetFetchResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 6;
        OffsetFetchResponse m = new OffsetFetchResponse();
        if (version >= 3) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        if (version <= 7) {
            m.topics = readTopics(buf, version, flex);
            if (version >= 2) {
                m.errorCode = Decoder.readInt16(buf);
            }
        } else {
            int ng = Decoder.readNonNullArrayCount(buf, true, 5);
            m.groups = Decoder.newList(ng);
            for (int i = 0; i < ng; i++) {
                String groupId = Decoder.readString(buf, true);
                List<Topic> topics = readTopics(buf, version, true);
                short error = Decoder.readInt16(buf);
                Decoder.skipTaggedFields(buf);
                m.groups.add(new Group(groupId, topics, error));
            }
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    private static List<Topic> readTopics(ByteBuf buf, short version, boolean flex) {
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        List<Topic> topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int np = Decoder.readNonNullArrayCount(buf, flex, 15);
            List<Partition> ps = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                int index = Decoder.readInt32(buf);
                long offset = Decoder.readInt64(buf);
                int epoch = version >= 5 ? Decoder.readInt32(buf) : -1;
                String metadata = Decoder.readNullableString(buf, flex);
                ps.add(new Partition(index, offset, epoch, metadata, Decoder.readInt16(buf)));
                Decoder.skipTaggedFields(buf, flex);
            }
            Decoder.skipTaggedFields(buf, flex);
            topics.add(new Topic(name, ps));
        }
        return topics;
    }

    private static void writeTopics(MessageWriter w, List<Topic> topics, short version, boolean flex) {
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeString(t.name(), flex).writeArrayCount(t.partitions().size(), flex);
            for (Partition p : t.partitions()) {
                w.writeInt32(p.partitionIndex()).writeInt64(p.committedOffset());
                if (version >= 5) {
                    w.writeInt32(p.committedLeaderEpoch());
                }
                w.writeNullableString(p.metadata(), flex).writeInt16(p.errorCode());
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 6;
        if (version >= 3) {
            w.writeInt32(throttleTimeMs);
        }
        if (version <= 7) {
            writeTopics(w, topics, version, flex);
            if (version >= 2) {
                w.writeInt16(errorCode);
            }
        } else {
            w.writeArrayCount(groups.size(), true);
            for (Group g : groups) {
                w.writeString(g.groupId(), true);
                writeTopics(w, g.topics(), version, true);
                w.writeInt16(g.errorCode()).writeEmptyTaggedFields();
            }
        }
        w.writeEmptyTaggedFields(flex);
    }
}
