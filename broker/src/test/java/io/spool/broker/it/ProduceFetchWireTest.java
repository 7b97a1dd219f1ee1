package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spool.broker.TestBroker;
import io.spool.protocol.ByteBufRecords;
import io.spool.protocol.Errors;
import io.spool.protocol.message.CreateTopicsRequest;
import io.spool.protocol.message.CreateTopicsResponse;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.FetchResponse;
import io.spool.protocol.message.ProduceRequest;
import io.spool.protocol.message.ProduceResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Produce validation outcomes and Fetch byte limits, on the wire, with batches built by kafka-clients. */
class ProduceFetchWireTest {
    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of());
        try (WireClient c = new WireClient(broker.port())) {
            CreateTopicsRequest r = new CreateTopicsRequest();
            r.topics.add(new CreateTopicsRequest.CreatableTopic("small", 1, (short) 1, List.of(),
                    List.of(new CreateTopicsRequest.CreatableTopicConfig("max.message.bytes", "1000"))));
            r.topics.add(new CreateTopicsRequest.CreatableTopic("plain", 2, (short) 1, List.of(), List.of()));
            r.topics.add(new CreateTopicsRequest.CreatableTopic("minisr2", 1, (short) 1, List.of(),
                    List.of(new CreateTopicsRequest.CreatableTopicConfig("min.insync.replicas", "2"))));
            r.topics.add(new CreateTopicsRequest.CreatableTopic("appendtime", 1, (short) 1, List.of(),
                    List.of(new CreateTopicsRequest.CreatableTopicConfig("message.timestamp.type", "LogAppendTime"))));
            CreateTopicsResponse resp = (CreateTopicsResponse) c.roundTrip(r, (short) 7);
            for (CreateTopicsResponse.CreatableTopicResult t : resp.topics) {
                assertEquals(Errors.NONE.code, t.errorCode, t.name + ": " + t.errorMessage);
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static ByteBuf batch(long baseOffset, int records, int valueBytes) {
        SimpleRecord[] rs = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            rs[i] = new SimpleRecord(1_700_000_000_000L + i, ("k" + i).getBytes(), new byte[valueBytes]);
        }
        return Unpooled.wrappedBuffer(MemoryRecords.withRecords(baseOffset, Compression.NONE, rs).buffer());
    }

    private static ProduceResponse.PartitionResponse produce(WireClient c, String topic, int partition, ByteBuf records,
                                                             short acks) throws Exception {
        ProduceRequest p = new ProduceRequest();
        p.acks = acks;
        p.timeoutMs = 5000;
        p.topics.add(new ProduceRequest.TopicData(topic, List.of(new ProduceRequest.PartitionData(partition, records))));
        ProduceResponse r = (ProduceResponse) c.roundTrip(p, (short) 9);
        return r.responses.get(0).partitions.get(0);
    }

    private static FetchResponse fetch(WireClient c, int maxBytes, int partitionMaxBytes, String topic, int... partitions)
            throws Exception {
        FetchRequest f = new FetchRequest();
        f.maxWaitMs = 0;
        f.minBytes = 0;
        f.maxBytes = maxBytes;
        List<FetchRequest.FetchPartition> ps = new ArrayList<>();
        for (int p : partitions) {
            FetchRequest.FetchPartition fp = new FetchRequest.FetchPartition();
            fp.partition = p;
            fp.fetchOffset = 0;
            fp.partitionMaxBytes = partitionMaxBytes;
            ps.add(fp);
        }
        f.topics.add(new FetchRequest.FetchTopic(topic, ps));
        return (FetchResponse) c.roundTrip(f, (short) 11);
    }

    private static int size(FetchResponse.PartitionData p) {
        return p.records == null ? 0 : p.records.sizeInBytes();
    }

    @Test
    void wrongCrcIsCorruptMessage() throws Exception {
        ByteBuf b = batch(0, 3, 10);
        b.setByte(b.writerIndex() - 1, b.getByte(b.writerIndex() - 1) ^ 0x5a);
        try (WireClient c = new WireClient(broker.port())) {
            assertEquals(Errors.CORRUPT_MESSAGE.code, produce(c, "plain", 0, b, (short) 1).errorCode);
        }
    }

    @Test
    void nonZeroBaseOffsetOrOldMagicOrTransactionalBatchIsInvalidRecord() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            assertEquals(Errors.INVALID_RECORD.code, produce(c, "plain", 0, batch(7, 2, 10), (short) 1).errorCode);
            ByteBuf magic1 = batch(0, 2, 10);
            magic1.setByte(16, 1);
            assertEquals(Errors.INVALID_RECORD.code, produce(c, "plain", 0, magic1, (short) 1).errorCode);
            ByteBuffer txn = MemoryRecords.withTransactionalRecords(Compression.NONE, 1000L, (short) 0, 0,
                    new SimpleRecord("v".getBytes())).buffer();
            assertEquals(Errors.INVALID_RECORD.code, produce(c, "plain", 0, Unpooled.wrappedBuffer(txn), (short) 1).errorCode);
        }
    }

    @Test
    void batchAboveMaxMessageBytesIsMessageTooLarge() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            assertEquals(Errors.MESSAGE_TOO_LARGE.code, produce(c, "small", 0, batch(0, 1, 2000), (short) 1).errorCode);
            assertEquals(Errors.NONE.code, produce(c, "small", 0, batch(0, 1, 100), (short) 1).errorCode);
        }
    }

    @Test
    void acksAllBelowMinInsyncReplicasIsNotEnoughReplicasButAcksOneIsAccepted() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            assertEquals(Errors.NOT_ENOUGH_REPLICAS.code, produce(c, "minisr2", 0, batch(0, 1, 10), (short) -1).errorCode);
            assertEquals(Errors.NONE.code, produce(c, "minisr2", 0, batch(0, 1, 10), (short) 1).errorCode);
        }
    }

    @Test
    void failedAcksZeroProduceClosesTheConnection() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            ProduceRequest p = new ProduceRequest();
            p.acks = 0;
            p.timeoutMs = 5000;
            p.topics.add(new ProduceRequest.TopicData("small", List.of(new ProduceRequest.PartitionData(0, batch(0, 1, 5000)))));
            c.send(p, (short) 9);
            assertTrue(c.isClosedByBroker());
        }
    }

    @Test
    void logAppendTimeTopicReturnsBrokerTimestamp() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            long before = System.currentTimeMillis();
            ProduceResponse.PartitionResponse r = produce(c, "appendtime", 0, batch(0, 2, 10), (short) -1);
            assertEquals(Errors.NONE.code, r.errorCode);
            assertTrue(r.logAppendTimeMs >= before - 1000, "logAppendTimeMs=" + r.logAppendTimeMs);
            ProduceResponse.PartitionResponse plain = produce(c, "plain", 1, batch(0, 1, 10), (short) 1);
            assertEquals(-1, plain.logAppendTimeMs);
            FetchResponse f = fetch(c, 1 << 20, 1 << 20, "appendtime", 0);
            ByteBuf records = ((ByteBufRecords) f.responses.get(0).partitions.get(0).records).buffer();
            RecordBatch b = MemoryRecords.readableRecords(records.nioBuffer()).batches().iterator().next();
            assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, b.timestampType());
            assertEquals(r.logAppendTimeMs, b.maxTimestamp());
            b.ensureValid();
            f.release();
        }
    }

    @Test
    void fetchReturnsWholeBatchesWithinPartitionAndResponseLimits() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            // 10 batches of about 1.1 KB in partition 0 of a fresh topic
            CreateTopicsRequest ct = new CreateTopicsRequest();
            ct.topics.add(new CreateTopicsRequest.CreatableTopic("limits", 2, (short) 1, List.of(), List.of()));
            c.roundTrip(ct, (short) 7);
            int batchSize = batch(0, 1, 1000).readableBytes();
            for (int i = 0; i < 10; i++) {
                assertEquals(Errors.NONE.code, produce(c, "limits", 0, batch(0, 1, 1000), (short) 1).errorCode);
                assertEquals(Errors.NONE.code, produce(c, "limits", 1, batch(0, 1, 1000), (short) 1).errorCode);
            }
            FetchResponse all = fetch(c, 1 << 20, 1 << 20, "limits", 0);
            assertEquals(10 * batchSize, size(all.responses.get(0).partitions.get(0)));
            assertEquals(10, all.responses.get(0).partitions.get(0).highWatermark);
            all.release();

            FetchResponse perPartition = fetch(c, 1 << 20, 2 * batchSize + 10, "limits", 0, 1);
            assertEquals(2 * batchSize, size(perPartition.responses.get(0).partitions.get(0)));
            assertEquals(2 * batchSize, size(perPartition.responses.get(0).partitions.get(1)));
            perPartition.release();

            FetchResponse response = fetch(c, 3 * batchSize, 1 << 20, "limits", 0, 1);
            int p0 = size(response.responses.get(0).partitions.get(0));
            int p1 = size(response.responses.get(0).partitions.get(1));
            assertEquals(3 * batchSize, p0 + p1, "response max bytes bounds the sum over partitions");
            response.release();

            FetchResponse oversizedFirst = fetch(c, 10, 10, "limits", 0, 1);
            assertEquals(batchSize, size(oversizedFirst.responses.get(0).partitions.get(0)), "one batch even above the limits");
            assertEquals(0, size(oversizedFirst.responses.get(0).partitions.get(1)));
            oversizedFirst.release();
        }
    }

    @Test
    void clientThatDisconnectsMidResponseLeavesBrokerServing() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            for (int i = 0; i < 40; i++) {
                produce(c, "plain", 0, batch(0, 10, 10_000), (short) 1);
            }
        }
        for (int i = 0; i < 5; i++) {
            try (WireClient c = new WireClient(broker.port())) {
                FetchRequest f = new FetchRequest();
                f.maxBytes = 50 << 20;
                FetchRequest.FetchPartition fp = new FetchRequest.FetchPartition();
                fp.partitionMaxBytes = 50 << 20;
                f.topics.add(new FetchRequest.FetchTopic("plain", List.of(fp)));
                c.send(f, (short) 11);
                c.readPartial(1000);
            }
        }
        try (WireClient c = new WireClient(broker.port())) {
            FetchResponse r = fetch(c, 1 << 20, 1 << 20, "plain", 0);
            assertEquals(Errors.NONE.code, r.responses.get(0).partitions.get(0).errorCode);
            assertNotEquals(0, size(r.responses.get(0).partitions.get(0)));
            r.release();
        }
    }
}
