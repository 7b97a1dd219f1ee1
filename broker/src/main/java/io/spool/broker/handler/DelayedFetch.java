package io.spool.broker.handler;

import io.spool.broker.cluster.Partition;
import io.spool.broker.purgatory.DelayedOperation;
import io.spool.protocol.Errors;
import io.spool.protocol.RecordsPayload;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.FetchResponse;
import io.spool.storage.PartitionLog;
import io.spool.storage.ReadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One fetch, possibly parked: every check reads the partitions afresh and completes when the bytes found
 * reach {@code min_bytes} or a partition has an error; at the deadline it answers with whatever there is.
 * Runs on the connection's event loop. Reads hold segment references that move into the response or are
 * released when a check does not complete.
 */
final class DelayedFetch extends DelayedOperation {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DelayedFetch.class);
    /** An empty records field (length 0), as Kafka writes for a partition without data. */
    static final RecordsPayload NO_RECORDS = () -> 0;

    private final RequestContext ctx;
    private final FetchRequest request;
    private final BrokerState state;
    private Collected ready;

    DelayedFetch(RequestContext ctx, FetchRequest request, BrokerState state) {
        super(ctx.eventLoop());
        this.ctx = ctx;
        this.request = request;
        this.state = state;
    }

    /** A response under construction and what it holds. */
    private record Collected(FetchResponse response, long bytes, boolean error, List<SegmentRecords> held) {
        void release() {
            for (SegmentRecords r : held) {
                r.release();
            }
        }
    }

    @Override
    protected boolean tryComplete() {
        Collected c = collect();
        if (c.bytes >= request.minBytes || c.error) {
            ready = c;
            if (forceComplete()) {
                return true;
            }
            ready = null;
        }
        c.release();
        return false;
    }

    @Override
    protected void onComplete() {
        Collected c = ready != null ? ready : collect();
        ready = null;
        try {
            ctx.respond(c.response);
        } catch (RuntimeException e) {
            c.release();
            throw e;
        }
    }

    private Collected collect() {
        FetchResponse response = new FetchResponse();
        response.errorCode = Errors.NONE.code;
        response.sessionId = 0;
        List<SegmentRecords> held = new ArrayList<>();
        long bytes = 0;
        boolean error = false;
        boolean readCommitted = request.isolationLevel == 1;
        int remaining = request.maxBytes <= 0 ? Integer.MAX_VALUE : request.maxBytes;
        boolean minOneBatch = true;
        for (FetchRequest.FetchTopic t : request.topics) {
            List<FetchResponse.PartitionData> parts = new ArrayList<>(t.partitions.size());
            response.responses.add(new FetchResponse.FetchableTopicResponse(t.topic, parts));
            for (FetchRequest.FetchPartition fp : t.partitions) {
                FetchResponse.PartitionData pd = new FetchResponse.PartitionData();
                parts.add(pd);
                pd.partitionIndex = fp.partition;
                pd.records = NO_RECORDS;
                pd.abortedTransactions = readCommitted ? List.of() : null;
                Partition partition = state.partitions().get(t.topic, fp.partition);
                Errors e = check(partition, fp);
                if (e != Errors.NONE) {
                    pd.errorCode = e.code;
                    pd.highWatermark = -1;
                    pd.lastStableOffset = -1;
                    pd.logStartOffset = -1;
                    error = true;
                    continue;
                }
                PartitionLog log = partition.log();
                long highWatermark = log.highWatermark();
                pd.highWatermark = highWatermark;
                // no transactions yet: everything below the high watermark is stable
                pd.lastStableOffset = highWatermark;
                pd.logStartOffset = log.logStartOffset();
                if (fp.fetchOffset == highWatermark) {
                    continue;
                }
                int limit = Math.min(Math.max(fp.partitionMaxBytes, 0), remaining);
                ReadResult rr;
                try {
                    rr = log.read(fp.fetchOffset, highWatermark, limit, minOneBatch);
                } catch (RuntimeException ex) {
                    // a failed read must still produce an answer, or the connection's response order stalls
                    LOG.warn("fetch from {} failed: fetchOffset={}", partition.topicPartition(), fp.fetchOffset, ex);
                    pd.errorCode = Errors.KAFKA_STORAGE_ERROR.code;
                    error = true;
                    continue;
                }
                if (rr.status() == ReadResult.Status.OFFSET_OUT_OF_RANGE) {
                    if (rr.segment() != null) {
                        rr.segment().release();
                    }
                    pd.errorCode = Errors.OFFSET_OUT_OF_RANGE.code;
                    pd.logStartOffset = rr.logStartOffset();
                    error = true;
                    continue;
                }
                if (rr.length() > 0 && rr.segment() != null) {
                    SegmentRecords records = new SegmentRecords(rr.segment(), rr.position(), rr.length());
                    held.add(records);
                    pd.records = records;
                    bytes += rr.length();
                    remaining = (int) Math.max(0, remaining - rr.length());
                    minOneBatch = false;
                } else if (rr.segment() != null) {
                    rr.segment().release();
                }
            }
        }
        return new Collected(response, bytes, error, held);
    }

    private static Errors check(Partition partition, FetchRequest.FetchPartition fp) {
        if (partition == null) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (fp.currentLeaderEpoch != -1) {
            if (fp.currentLeaderEpoch < partition.leaderEpoch()) {
                return Errors.FENCED_LEADER_EPOCH;
            }
            if (fp.currentLeaderEpoch > partition.leaderEpoch()) {
                return Errors.UNKNOWN_LEADER_EPOCH;
            }
        }
        return Errors.NONE;
    }
}
