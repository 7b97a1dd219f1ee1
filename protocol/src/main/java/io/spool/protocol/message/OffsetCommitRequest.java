package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** OffsetCommit request (v2+, topics by name). */
public final class OffsetCommitRequest implements ApiMessage {
    public String groupId = "";
    public int generationIdOrMemberEpoch = -1;
    public String memberId = "";
    /** v7+. */
    public String groupInstanceId;
    /** v2-4; -1 means the broker's default retention. */
    public long retentionTimeMs = -1;
    public List<Topic> topics = new ArrayList<>();

    /** One topic's partitions to commit. */
    public record Topic(String name, List<Partition> partitions) {
    }

    /** One partition's committed offset; the leader epoch is v6+. */
    public record Partition(int partitionIndex, long committedOffset, int committedLeaderEpoch, String committedMetadata) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    /** Decodes the body at {@code version}. */
    public static OffsetCommitRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 8;
        OffsetCommitRequest m = new OffsetCommitRequest();
        m.groupId = Decoder.readString(buf, flex);
        m.generationIdOrMemberEpoch = Decoder.readInt32(buf);
        m.memberId = Decoder.readString(buf, flex);
        if (version >= 7) {
            m.groupInstanceId = Decoder.readNullableString(buf, flex);
        }
        if (version <= 4) {
            m.retentionTimeMs = Decoder.readInt64(buf);
        }
        int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int np = Decoder.readNonNullArrayCount(buf, flex, 13);
            List<Partition> ps = Decoder.newList(np);
            for (int j = 0; j < np; j++) {
                int index = Decoder.readInt32(buf);
                long offset = Decoder.readInt64(buf);
                int epoch = version >= 6 ? Decoder.readInt32(buf) : -1;
                ps.add(new Partition(index, offset, epoch, Decoder.readNullableString(buf, flex)));
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
        w.writeString(groupId, flex).writeInt32(generationIdOrMemberEpoch).writeString(memberId, flex);
        if (version >= 7) {
            w.writeNullableString(groupInstanceId, flex);
        }
        if (version <= 4) {
            w.writeInt64(retentionTimeMs);
        }
        w.writeArrayCount(topics.size(), flex);
        for (Topic t : topics) {
            w.writeString(t.name(), flex).writeArrayCount(t.partitions().size(), flex);
            for (Partition p : t.partitions()) {
                w.writeInt32(p.partitionIndex()).writeInt64(p.committedOffset());
                if (version >= 6) {
                    w.writeInt32(p.committedLeaderEpoch());
                }
                w.writeNullableString(p.committedMetadata(), flex);
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
