package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.ByteBufRecords;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.RecordsPayload;

import java.util.ArrayList;
import java.util.List;

/**
 * Fetch response (v4+, topics by name). Each partition's records are a {@link RecordsPayload} written by
 * reference, so the broker can send them with sendfile; decoding yields retained {@link ByteBufRecords} slices,
 * given back by {@link #release()}.
 */
public final class FetchResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    public int sessionId;
    public List<FetchableTopicResponse> responses = new ArrayList<>();

    /** One topic's partitions. */
    public static final class FetchableTopicResponse {
        public String topic;
        public List<PartitionData> partitions;

        public FetchableTopicResponse(String topic, List<PartitionData> partitions) {
            this.topic = topic;
            this.partitions = partitions;
        }
    }

    /** One partition's data. */
    public static final class PartitionData {
        public int partitionIndex;
        public short errorCode;
        public long highWatermark;
        public long lastStableOffset = -1;
        public long logStartOffset = -1;
        /** Null is written as a null array. */
        public List<AbortedTransaction> abortedTransactions = List.of();
        public int preferredReadReplica = -1;
        public RecordsPayload records;
        /** Tagged (v12+), written when non-null and not (-1, -1). */
        public EpochEndOffset divergingEpoch;
        /** Tagged (v12+), written when non-null and not (-1, -1). */
        public LeaderIdAndEpoch currentLeader;
        /** Tagged (v12+), written when non-null and not (-1, -1). */
        public SnapshotId snapshotId;
    }

    /** An aborted transaction in the fetched range. */
    public record AbortedTransaction(long producerId, long firstOffset) {
    }

    /** The end offset of the epoch where a follower diverged. */
    public record EpochEndOffset(int epoch, long endOffset) {
    }

    /** A snapshot a follower must fetch instead. */
    public record SnapshotId(long endOffset, int epoch) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    /** Decodes the body at {@code version}; records become retained slices of {@code buf}. */
    public static FetchResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 12;
        FetchResponse m = new FetchResponse();
        try {
            m.throttleTimeMs = Decoder.readInt32(buf);
            if (version >= 7) {
                m.errorCode = Decoder.readInt16(buf);
                m.sessionId = Decoder.readInt32(buf);
            }
            int nt = Decoder.readNonNullArrayCount(buf, flex, 2);
            m.responses = Decoder.newList(nt);
            for (int i = 0; i < nt; i++) {
                FetchableTopicResponse t = new FetchableTopicResponse(Decoder.readString(buf, flex), null);
                m.responses.add(t);
                int np = Decoder.readNonNullArrayCount(buf, flex, 24);
                t.partitions = Decoder.newList(np);
                for (int j = 0; j < np; j++) {
                    t.partitions.add(readPartition(buf, version, flex));
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

    private static PartitionData readPartition(ByteBuf buf, short version, boolean flex) {
        PartitionData p = new PartitionData();
        p.partitionIndex = Decoder.readInt32(buf);
        p.errorCode = Decoder.readInt16(buf);
        p.highWatermark = Decoder.readInt64(buf);
        p.lastStableOffset = Decoder.readInt64(buf);
        if (version >= 5) {
            p.logStartOffset = Decoder.readInt64(buf);
        }
        int na = Decoder.readArrayCount(buf, flex, 16);
        if (na < 0) {
            p.abortedTransactions = null;
        } else {
            p.abortedTransactions = Decoder.newList(na);
            for (int k = 0; k < na; k++) {
                p.abortedTransactions.add(new AbortedTransaction(Decoder.readInt64(buf), Decoder.readInt64(buf)));
                Decoder.skipTaggedFields(buf, flex);
            }
        }
        if (version >= 11) {
            p.preferredReadReplica = Decoder.readInt32(buf);
        }
        ByteBuf records = Decoder.readRecords(buf, flex);
        p.records = records == null ? null : new ByteBufRecords(records);
        if (flex) {
            try {
                readPartitionTags(buf, p);
            } catch (RuntimeException e) {
                if (p.records instanceof ByteBufRecords r) {
                    r.release(); // not yet in the response, so release() would miss it
                }
                throw e;
            }
        }
        return p;
    }

    private static void readPartitionTags(ByteBuf buf, PartitionData p) {
        Decoder.readTaggedFields(buf, (tag, b) -> {
            switch (tag) {
                case 0 -> p.divergingEpoch = new EpochEndOffset(Decoder.readInt32(b), Decoder.readInt64(b));
                case 1 -> p.currentLeader = new LeaderIdAndEpoch(Decoder.readInt32(b), Decoder.readInt32(b));
                case 2 -> p.snapshotId = new SnapshotId(Decoder.readInt64(b), Decoder.readInt32(b));
                default -> {
                    return false;
                }
            }
            Decoder.skipTaggedFields(b);
            return true;
        });
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 12;
        w.writeInt32(throttleTimeMs);
        if (version >= 7) {
            w.writeInt16(errorCode).writeInt32(sessionId);
        }
        w.writeArrayCount(responses.size(), flex);
        for (FetchableTopicResponse t : responses) {
            w.writeString(t.topic, flex);
            w.writeArrayCount(t.partitions.size(), flex);
            for (PartitionData p : t.partitions) {
                writePartition(w, p, version, flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }

    private static void writePartition(MessageWriter w, PartitionData p, short version, boolean flex) {
        w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeInt64(p.highWatermark).writeInt64(p.lastStableOffset);
        if (version >= 5) {
            w.writeInt64(p.logStartOffset);
        }
        if (p.abortedTransactions == null) {
            w.writeArrayCount(-1, flex);
        } else {
            w.writeArrayCount(p.abortedTransactions.size(), flex);
            for (AbortedTransaction a : p.abortedTransactions) {
                w.writeInt64(a.producerId()).writeInt64(a.firstOffset());
                w.writeEmptyTaggedFields(flex);
            }
        }
        if (version >= 11) {
            w.writeInt32(p.preferredReadReplica);
        }
        w.writeRecords(p.records, flex);
        if (flex) {
            EpochEndOffset de = p.divergingEpoch != null && (p.divergingEpoch.epoch() != -1
                    || p.divergingEpoch.endOffset() != -1) ? p.divergingEpoch : null;
            LeaderIdAndEpoch cl = p.currentLeader != null && !p.currentLeader.isDefault() ? p.currentLeader : null;
            SnapshotId si = p.snapshotId != null && (p.snapshotId.endOffset() != -1 || p.snapshotId.epoch() != -1)
                    ? p.snapshotId : null;
            w.writeUnsignedVarint((de != null ? 1 : 0) + (cl != null ? 1 : 0) + (si != null ? 1 : 0));
            if (de != null) {
                w.writeTaggedField(0, x -> x.writeInt32(de.epoch()).writeInt64(de.endOffset()).writeEmptyTaggedFields());
            }
            if (cl != null) {
                w.writeTaggedField(1, x -> x.writeInt32(cl.leaderId()).writeInt32(cl.leaderEpoch()).writeEmptyTaggedFields());
            }
            if (si != null) {
                w.writeTaggedField(2, x -> x.writeInt64(si.endOffset()).writeInt32(si.epoch()).writeEmptyTaggedFields());
            }
        }
    }

    /** Releases the records of every partition that holds {@link ByteBufRecords} (after decoding; idempotent). */
    public void release() {
        if (responses == null) {
            return;
        }
        for (FetchableTopicResponse t : responses) {
            if (t.partitions == null) {
                continue;
            }
            for (PartitionData p : t.partitions) {
                if (p.records instanceof ByteBufRecords r) {
                    r.release();
                    p.records = null;
                }
            }
        }
    }
}
