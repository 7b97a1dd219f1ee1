package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.spool.broker.TestBroker;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.Errors;
import io.spool.protocol.message.ApiVersionsRequest;
import io.spool.protocol.message.ApiVersionsResponse;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.FetchResponse;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;
import io.spool.protocol.message.ProduceRequest;
import io.spool.protocol.message.ProduceResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker restarted on its data directory, pipelined requests under back-pressure, and fetch deadlines. */
class RestartAndPipeliningTest {
    @TempDir
    Path dir;

    private static MetadataResponse.Topic metadata(WireClient c, String topic) throws Exception {
        MetadataRequest m = new MetadataRequest();
        m.topics = List.of(new MetadataRequest.Topic(MetadataRequest.ZERO_UUID, topic));
        return ((MetadataResponse) c.roundTrip(m, (short) 12)).topics.get(0);
    }

    private static ProduceResponse.PartitionResponse produce(WireClient c, String topic, int n) throws Exception {
        ProduceRequest p = new ProduceRequest();
        p.acks = -1;
        p.timeoutMs = 5000;
        SimpleRecord[] rs = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            rs[i] = new SimpleRecord(("v" + i).getBytes());
        }
        p.topics.add(new ProduceRequest.TopicData(topic, List.of(new ProduceRequest.PartitionData(0,
                Unpooled.wrappedBuffer(MemoryRecords.withRecords(Compression.NONE, rs).buffer())))));
        return ((ProduceResponse) c.roundTrip(p, (short) 9)).responses.get(0).partitions.get(0);
    }

    private static FetchResponse.PartitionData fetch(WireClient c, String topic, long offset, int minBytes, int maxWaitMs)
            throws Exception {
        FetchRequest f = new FetchRequest();
        f.maxWaitMs = maxWaitMs;
        f.minBytes = minBytes;
        f.maxBytes = 1 << 20;
        FetchRequest.FetchPartition fp = new FetchRequest.FetchPartition();
        fp.fetchOffset = offset;
        fp.partitionMaxBytes = 1 << 20;
        f.topics.add(new FetchRequest.FetchTopic(topic, List.of(fp)));
        return ((FetchResponse) c.roundTrip(f, (short) 11)).responses.get(0).partitions.get(0);
    }

    @Test
    void topicsIdsAndRecordsSurviveACleanRestart() throws Exception {
        UUID id;
        try (TestBroker b = TestBroker.start(dir); WireClient c = new WireClient(b.port())) {
            MetadataResponse.Topic t = metadata(c, "durable");
            assertEquals(Errors.NONE.code, t.errorCode, "auto-created");
            id = t.topicId;
            assertEquals(0, produce(c, "durable", 5).baseOffset);
            assertEquals(5, produce(c, "durable", 3).baseOffset);
        }
        try (TestBroker b = TestBroker.start(dir, Map.of("auto.create.topics.enable", "false"));
             WireClient c = new WireClient(b.port())) {
            MetadataResponse.Topic t = metadata(c, "durable");
            assertEquals(Errors.NONE.code, t.errorCode);
            assertEquals(id, t.topicId);
            FetchResponse.PartitionData p = fetch(c, "durable", 0, 0, 0);
            assertEquals(8, p.highWatermark);
            assertTrue(p.records.sizeInBytes() > 0);
            assertEquals(8, produce(c, "durable", 1).baseOffset, "appends continue after the restart");
        }
    }

    @Test
    void fetchThatCannotBeSatisfiedIsAnsweredAtItsDeadline() throws Exception {
        try (TestBroker b = TestBroker.start(dir); WireClient c = new WireClient(b.port())) {
            metadata(c, "deadline");
            assertEquals(Errors.NONE.code, produce(c, "deadline", 1).errorCode);
            FetchResponse.PartitionData p = fetch(c, "deadline", 1, 1 << 20, 300);
            assertEquals(Errors.NONE.code, p.errorCode);
            assertEquals(0, p.records.sizeInBytes());
            assertEquals(1, p.highWatermark);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderUnderBackPressure() throws Exception {
        try (TestBroker b = TestBroker.start(dir, Map.of("queued.max.requests", "2")); WireClient c = new WireClient(b.port())) {
            metadata(c, "pipe");
            assertEquals(Errors.NONE.code, produce(c, "pipe", 1).errorCode);
            List<Integer> ids = new ArrayList<>();
            List<ApiKeys> kinds = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                if (i % 3 == 0) {
                    // a parked fetch in the middle: later responses must wait for it
                    FetchRequest f = new FetchRequest();
                    f.maxWaitMs = 50;
                    f.minBytes = 1 << 20;
                    f.maxBytes = 1 << 20;
                    FetchRequest.FetchPartition fp = new FetchRequest.FetchPartition();
                    fp.fetchOffset = 1;
                    fp.partitionMaxBytes = 1 << 20;
                    f.topics.add(new FetchRequest.FetchTopic("pipe", List.of(fp)));
                    ids.add(c.send(f, (short) 11));
                    kinds.add(ApiKeys.FETCH);
                } else {
                    ids.add(c.send(new ApiVersionsRequest(), (short) 3));
                    kinds.add(ApiKeys.API_VERSIONS);
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                short v = kinds.get(i) == ApiKeys.FETCH ? (short) 11 : (short) 3;
                Object r = c.receive(kinds.get(i), v, ids.get(i));
                if (r instanceof ApiVersionsResponse a) {
                    assertEquals(Errors.NONE.code, a.errorCode);
                } else {
                    FetchResponse.PartitionData p = ((FetchResponse) r).responses.get(0).partitions.get(0);
                    assertEquals(Errors.NONE.code, p.errorCode);
                    assertEquals(1, p.highWatermark);
                }
            }
        }
    }
}
