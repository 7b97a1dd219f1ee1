package io.spool.broker.handler;

import io.spool.broker.cluster.Partition;
import io.spool.broker.record.BatchTimestampSearch;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.ListOffsetsRequest;
import io.spool.protocol.message.ListOffsetsResponse;
import io.spool.storage.PartitionLog;
import io.spool.storage.TimestampOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListOffsets: earliest (log start), latest (the high watermark, never the log end), max timestamp, or the
 * first offset at or after a timestamp. A lookup by timestamp (or max timestamp) may decompress the batch it lands
 * on ({@link BatchTimestampSearch}), so a request with one runs on the blocking executor instead of the event loop.
 */
public final class ListOffsetsHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ListOffsetsHandler.class);
    /** Kafka's EARLIEST_LOCAL_TIMESTAMP: without tiered storage the same as earliest. */
    private static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    /** Kafka's LATEST_TIERED_TIMESTAMP: nothing is tiered, so no offset. */
    private static final long LATEST_TIERED_TIMESTAMP = -5L;

    private final BrokerState state;

    public ListOffsetsHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        ListOffsetsRequest request = (ListOffsetsRequest) message;
        boolean byTimestamp = request.topics.stream()
                .anyMatch(t -> t.partitions().stream().anyMatch(
                        p -> p.timestamp() >= 0 || p.timestamp() == ListOffsetsRequest.MAX_TIMESTAMP));
        if (byTimestamp) {
            state.blockingExecutor().execute(() -> ctx.respond(answer(request)));
        } else {
            ctx.respond(answer(request));
        }
    }

    private ListOffsetsResponse answer(ListOffsetsRequest request) {
        ListOffsetsResponse r = new ListOffsetsResponse();
        for (ListOffsetsRequest.Topic t : request.topics) {
            List<ListOffsetsResponse.Partition> parts = new ArrayList<>(t.partitions().size());
            for (ListOffsetsRequest.Partition p : t.partitions()) {
                parts.add(lookup(t.name(), p));
            }
            r.topics.add(new ListOffsetsResponse.Topic(t.name(), parts));
        }
        return r;
    }

    private ListOffsetsResponse.Partition lookup(String topic, ListOffsetsRequest.Partition p) {
        Partition partition = state.partitions().get(topic, p.partitionIndex());
        if (partition == null) {
            return error(p, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        int epoch = partition.leaderEpoch();
        if (p.currentLeaderEpoch() != -1 && p.currentLeaderEpoch() != epoch) {
            return error(p, p.currentLeaderEpoch() < epoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH);
        }
        PartitionLog log = partition.log();
        long highWatermark = log.highWatermark();
        long ts = p.timestamp();
        if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP || ts == EARLIEST_LOCAL_TIMESTAMP) {
            return ok(p, -1, log.logStartOffset(), epoch);
        }
        if (ts == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return ok(p, -1, highWatermark, epoch);
        }
        if (ts == LATEST_TIERED_TIMESTAMP) {
            return ok(p, -1, -1, -1);
        }
        try {
            TimestampOffset found;
            if (ts == ListOffsetsRequest.MAX_TIMESTAMP) {
                found = BatchTimestampSearch.refine(log.lookupMaxTimestamp());
            } else if (ts >= 0) {
                found = BatchTimestampSearch.refine(log.lookupTimestamp(ts));
            } else {
                return error(p, Errors.INVALID_REQUEST);
            }
            if (found == null || found.offset() < 0 || found.offset() >= highWatermark) {
                return ok(p, -1, -1, -1);
            }
            return ok(p, found.timestamp(), found.offset(), found.leaderEpoch());
        } catch (RuntimeException e) {
            LOG.warn("offset lookup by timestamp on {}-{} failed: timestamp={}", topic, p.partitionIndex(), ts, e);
            return error(p, Errors.KAFKA_STORAGE_ERROR);
        }
    }

    private static ListOffsetsResponse.Partition ok(ListOffsetsRequest.Partition p, long timestamp, long offset, int epoch) {
        return new ListOffsetsResponse.Partition(p.partitionIndex(), Errors.NONE.code, timestamp, offset, epoch);
    }

    private static ListOffsetsResponse.Partition error(ListOffsetsRequest.Partition p, Errors e) {
        return new ListOffsetsResponse.Partition(p.partitionIndex(), e.code, -1, -1, -1);
    }
}
