package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ByteBufRecords;
import io.spool.protocol.Errors;
import io.spool.protocol.KafkaOracle;
import io.spool.protocol.MessageWriter;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages built the way the broker and client build them, checked against kafka-clients. */
class HandBuiltMessagesTest {
    private static MemoryRecords batch(long baseOffset, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records);
    }

    @Test
    void apiVersionsFallbackV0BodyIsParsedByKafkaClientsForAnyRequestedVersion() {
        ApiVersionsResponse r = ApiVersionsResponse.forAllApis(Errors.UNSUPPORTED_VERSION.code);
        MessageWriter w = MessageWriter.unframed();
        r.write(w, (short) 0);
        byte[] body = w.toByteArray();
        for (short requested = 0; requested <= 5; requested++) {
            org.apache.kafka.common.requests.ApiVersionsResponse theirs = org.apache.kafka.common.requests.ApiVersionsResponse
                    .parse(new ByteBufferAccessor(ByteBuffer.wrap(body)), requested);
            assertEquals(Errors.UNSUPPORTED_VERSION.code, theirs.data().errorCode());
            assertEquals(ApiKeys.values().length, theirs.data().apiKeys().size());
            assertEquals(ApiKeys.FETCH.maxVersion, theirs.data().apiKeys().find(ApiKeys.FETCH.id).maxVersion());
        }
    }

    @Test
    void fetchResponseWithRecordPayloadsIsReadByKafkaClients() {
        MemoryRecords b0 = batch(0, "a", "bb");
        MemoryRecords b1 = batch(7, "ccc");
        for (short v = ApiKeys.FETCH.minVersion; v <= ApiKeys.FETCH.maxVersion; v++) {
            FetchResponse r = new FetchResponse();
            r.sessionId = 0;
            List<FetchResponse.PartitionData> parts = new ArrayList<>();
            FetchResponse.PartitionData p0 = new FetchResponse.PartitionData();
            p0.partitionIndex = 0;
            p0.highWatermark = 2;
            p0.lastStableOffset = 2;
            p0.logStartOffset = 0;
            p0.records = new ByteBufRecords(Unpooled.wrappedBuffer(b0.buffer().duplicate()));
            FetchResponse.PartitionData p1 = new FetchResponse.PartitionData();
            p1.partitionIndex = 3;
            p1.errorCode = Errors.NONE.code;
            p1.highWatermark = 8;
            p1.lastStableOffset = 8;
            p1.records = new ByteBufRecords(Unpooled.wrappedBuffer(b1.buffer().duplicate()));
            parts.add(p0);
            parts.add(p1);
            r.responses.add(new FetchResponse.FetchableTopicResponse("orders", parts));

            MessageWriter w = MessageWriter.unframed();
            r.write(w, v);
            FetchResponseData theirs = (FetchResponseData) KafkaOracle.decode(FetchResponseData.class, w.toByteArray(), v);
            FetchResponseData.FetchableTopicResponse t = theirs.responses().get(0);
            assertEquals("orders", t.topic());
            assertEquals(8, t.partitions().get(1).highWatermark());
            MemoryRecords back = (MemoryRecords) t.partitions().get(1).records();
            Record rec = back.records().iterator().next();
            assertEquals(7, rec.offset());
            assertEquals("ccc", StandardCharsets.UTF_8.decode(rec.value()).toString());
            assertEquals(b0.sizeInBytes(), t.partitions().get(0).records().sizeInBytes());
            assertEquals(List.of(), t.partitions().get(0).abortedTransactions());
        }
    }

    @Test
    void produceRequestRecordsAreRetainedSlicesOfTheRequestBufferWithoutCopy() {
        MemoryRecords records = batch(0, "x", "y", "z");
        for (short v = ApiKeys.PRODUCE.minVersion; v <= ApiKeys.PRODUCE.maxVersion; v++) {
            ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1500);
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("orders");
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(2).setRecords(records));
            data.topicData().add(topic);
            byte[] bytes = KafkaOracle.encode(data, v);

            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            ProduceRequest ours = ProduceRequest.read(in, v);
            ByteBuf slice = ours.topics.get(0).partitions.get(0).records;
            assertSame(bytes, slice.array(), "records must be a view of the request buffer");
            assertEquals(2, in.refCnt(), "the slice holds its own reference");
            assertEquals(records.sizeInBytes(), slice.readableBytes());
            byte[] sliceBytes = new byte[slice.readableBytes()];
            slice.getBytes(slice.readerIndex(), sliceBytes);
            assertArrayEquals(records.buffer().array(), sliceBytes);
            assertEquals(-1, ours.acks);
            ours.release();
            assertEquals(1, in.refCnt());
        }
    }

    @Test
    void unknownTaggedFieldsAreSkippedAtEveryLevel() {
        FetchRequestData data = new FetchRequestData().setMaxWaitMs(500).setMinBytes(1).setRackId("r1");
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic("orders");
        FetchRequestData.FetchPartition partition = new FetchRequestData.FetchPartition().setPartition(4)
                .setFetchOffset(99).setPartitionMaxBytes(1 << 20);
        topic.partitions().add(partition);
        data.topics().add(topic);
        byte[] expected = KafkaOracle.encode(data, (short) 12);

        data.unknownTaggedFields().add(new RawTaggedField(7, new byte[] {1, 2, 3}));
        topic.unknownTaggedFields().add(new RawTaggedField(9, new byte[] {4}));
        partition.unknownTaggedFields().add(new RawTaggedField(5, new byte[0]));
        byte[] withUnknown = KafkaOracle.encode(data, (short) 12);
        assertTrue(withUnknown.length > expected.length);

        ByteBuf in = Unpooled.wrappedBuffer(withUnknown);
        FetchRequest ours = FetchRequest.read(in, (short) 12);
        assertEquals(0, in.readableBytes());
        assertEquals(99, ours.topics.get(0).partitions.get(0).fetchOffset);
        MessageWriter w = MessageWriter.unframed();
        ours.write(w, (short) 12);
        assertArrayEquals(expected, w.toByteArray(), "unknown tagged fields are dropped, not echoed");
    }

    @Test
    void decodedFetchResponseYieldsByteBufRecordsSlices() {
        MemoryRecords b = batch(5, "v");
        FetchResponseData data = new FetchResponseData();
        FetchResponseData.FetchableTopicResponse t = new FetchResponseData.FetchableTopicResponse().setTopic("t");
        t.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(6).setRecords(b));
        data.responses().add(t);
        ByteBuf in = Unpooled.wrappedBuffer(KafkaOracle.encode(data, (short) 11));
        FetchResponse ours = FetchResponse.read(in, (short) 11);
        ByteBufRecords records = assertInstanceOf(ByteBufRecords.class, ours.responses.get(0).partitions.get(0).records);
        assertEquals(b.sizeInBytes(), records.sizeInBytes());
        assertEquals(b.buffer().getLong(0), records.buffer().getLong(records.buffer().readerIndex()), "base offset");
        ours.release();
        assertEquals(1, in.refCnt());
        in.release();
    }
}
