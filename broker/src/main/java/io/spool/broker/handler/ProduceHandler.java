package io.spool.broker.handler;

import io.netty.buffer.ByteBuf;
import io.spool.broker.cluster.Partition;
import io.spool.broker.cluster.TopicPartition;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.ProduceRequest;
import io.spool.protocol.message.ProduceResponse;
import io.spool.storage.AppendResult;
import io.spool.storage.PartitionLog;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: appends each partition's batches as leader on the event loop that decoded them (the storage engine
 * validates, stamps offsets and copies once into the mapped segment), moves the high watermark to the log end
 * (single node: the ISR is this node, so acks=1 and acks=all are satisfied by the append) and, once its own
 * response is written, wakes parked fetches (those on the same event loop are answered inline, without a
 * task-queue hop). acks=0 gets no response; if any partition failed, the connection is closed so that the client notices.
 * Versions 0-2 are advertised but refused (DESIGN §4: librdkafka disables compression when they are missing).
 */
public final class ProduceHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    /** A single node is the whole ISR of every partition. */
    private static final int ISR_SIZE = 1;

    private final BrokerState state;

    public ProduceHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short minAdvertisedVersion() {
        return 0;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        ProduceRequest request = (ProduceRequest) message;
        ProduceResponse response = new ProduceResponse();
        List<TopicPartition> appended = new ArrayList<>(1);
        boolean anyError = false;
        try {
            boolean validAcks = request.acks == 0 || request.acks == 1 || request.acks == -1;
            for (ProduceRequest.TopicData t : request.topics) {
                ProduceResponse.TopicResponse tr = new ProduceResponse.TopicResponse(t.name, new ArrayList<>(t.partitions.size()));
                response.responses.add(tr);
                for (ProduceRequest.PartitionData p : t.partitions) {
                    ProduceResponse.PartitionResponse pr = validAcks
                            ? append(t.name, p, request.acks, appended)
                            : failed(p.index, Errors.INVALID_REQUIRED_ACKS, "acks must be -1, 0 or 1, got " + request.acks);
                    anyError |= pr.errorCode != Errors.NONE.code;
                    tr.partitions.add(pr);
                }
            }
        } finally {
            request.release();
        }
        if (request.acks == 0) {
            if (anyError) {
                ctx.closeConnection("acks=0 produce failed");
            } else {
                ctx.noResponse();
            }
        } else {
            ctx.respond(response);
        }
        // after the producer's answer is written: parked fetches on this event loop are answered right here
        for (TopicPartition tp : appended) {
            state.fetchPurgatory().checkAndComplete(tp);
        }
    }

    /** Appends one partition's records; adds the partition to {@code appended} when the high watermark moved. */
    private ProduceResponse.PartitionResponse append(String topic, ProduceRequest.PartitionData p, short acks,
                                                     List<TopicPartition> appended) {
        Partition partition = state.partitions().get(topic, p.index);
        if (partition == null) {
            return failed(p.index, Errors.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition.");
        }
        if (io.spool.broker.metadata.TopicNames.isInternal(topic)) {
            return failed(p.index, Errors.INVALID_TOPIC_EXCEPTION, "Cannot append to internal topic " + topic);
        }
        if (acks == -1 && partition.config().minInsyncReplicas() > ISR_SIZE) {
            return failed(p.index, Errors.NOT_ENOUGH_REPLICAS, "The size of the current ISR " + ISR_SIZE
                    + " is insufficient to satisfy the min.isr requirement of " + partition.config().minInsyncReplicas());
        }
        ByteBuf records = p.records;
        if (records == null || !records.isReadable()) {
            return failed(p.index, Errors.INVALID_RECORD, "Produce request carries no record batch.");
        }
        PartitionLog log = partition.log();
        AppendResult result;
        try {
            result = log.appendAsLeader(records.nioBuffer(), partition.leaderEpoch());
        } catch (RuntimeException e) {
            LOG.warn("append to {} failed", partition.topicPartition(), e);
            return failed(p.index, Errors.UNKNOWN_SERVER_ERROR, "append failed: " + e.getMessage());
        }
        ProduceResponse.PartitionResponse pr = new ProduceResponse.PartitionResponse();
        pr.index = p.index;
        Errors error = ErrorMapping.of(result.status());
        pr.errorCode = error.code;
        pr.logStartOffset = result.logStartOffset();
        if (error == Errors.NONE) {
            pr.baseOffset = result.baseOffset();
            pr.logAppendTimeMs = result.logAppendTimeMs();
            if (result.status() == AppendResult.Status.APPENDED) {
                log.updateHighWatermark(log.logEndOffset());
                appended.add(partition.topicPartition());
            }
        } else {
            pr.baseOffset = -1;
            pr.logAppendTimeMs = -1;
            pr.errorMessage = result.message();
        }
        return pr;
    }

    private static ProduceResponse.PartitionResponse failed(int index, Errors error, String message) {
        ProduceResponse.PartitionResponse pr = new ProduceResponse.PartitionResponse();
        pr.index = index;
        pr.errorCode = error.code;
        pr.baseOffset = -1;
        pr.logAppendTimeMs = -1;
        pr.logStartOffset = -1;
        pr.errorMessage = message;
        return pr;
    }
}
