package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Produce request (v3+). Each partition's records are a retained slice of the request buffer (no copy, no
 * per-record work); {@link #release()} gives those references back.
 */
public final class ProduceRequest implements ApiMessage {
    public String transactionalId;
    public short acks;
    public int timeoutMs;
    public List<TopicData> topics = new ArrayList<>();

    /** The partitions to append to, of one topic. */
    public static final class TopicData {
        public String name;
        public List<PartitionData> partitions;

        public TopicData(String name, List<PartitionData> partitions) {
            this.name = name;
            this.partitions = partitions;
        }
    }

    /** One partition's records: a retained slice, or null. */
    public static final class PartitionData {
        public int index;
        public ByteBuf records;

        public PartitionData(int index, ByteBuf records) {
            this.index = index;
            this.records = records;
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    /** Decodes the body at {@code version}; on failure, slices already taken are released before throwing. */
    public static ProduceRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 9;
        ProduceRequest m = new ProduceRequest();
        try {
            m.transactionalId = Decoder.readNullableString(buf, flex);
            m.acks = Decoder.readInt16(buf);
            m.timeoutMs = Decoder.readInt32(buf);
            int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
            m.topics = Decoder.newList(nt);
            for (int i = 0; i < nt; i++) {
                TopicData t = new TopicData(Decoder.readString(buf, flex), null);
                m.topics.add(t);
                int np = Decoder.readNonNullArrayCount(buf, flex, 5);
                t.partitions = Decoder.newList(np);
                for (int j = 0; j < np; j++) {
                    int index = Decoder.readInt32(buf);
                    t.partitions.add(new PartitionData(index, Decoder.readRecords(buf, flex)));
                    Decoder.skipTaggedFields(buf, flex);
                }
                Decoder.skipTaggedFields(buf, flex);
            }
            Decoder.skipTaggedFields(buf, flex);
            return m;
        } catch (RuntimeException e) {
            m.release();
            throw e;
        }
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 9;
        w.writeNullableString(transactionalId, flex).writeInt16(acks).writeInt32(timeoutMs);
        w.writeArrayCount(topics.size(), flex);
        for (TopicData t : topics) {
            w.writeString(t.name, flex);
            w.writeArrayCount(t.partitions.size(), flex);
            for (PartitionData p : t.partitions) {
                w.writeInt32(p.index).writeRecords(p.records, flex);
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }

    /** Releases every partition's records slice (idempotent). */
    public void release() {
        if (topics == null) {
            return;
        }
        for (TopicData t : topics) {
            if (t.partitions == null) {
                continue;
            }
            for (PartitionData p : t.partitions) {
                if (p.records != null) {
                    p.records.release();
                    p.records = null;
                }
            }
        }
    }
}
