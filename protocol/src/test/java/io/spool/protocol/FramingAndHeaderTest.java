package io.spool.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.spool.protocol.message.FetchResponse;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Request/response headers against kafka-clients' header classes, and the framed multi-part output. */
class FramingAndHeaderTest {
    @Test
    void requestHeadersMatchKafkaInBothHeaderVersions() {
        for (ApiKeys key : ApiKeys.values()) {
            for (short v = key.minVersion; v <= key.maxVersion; v++) {
                for (String clientId : new String[] {null, "", "producer-1 é"}) {
                    RequestHeader ours = new RequestHeader(key.id, v, 0x1234_5678 + v, clientId);
                    RequestHeaderData theirs = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(v)
                            .setCorrelationId(0x1234_5678 + v).setClientId(clientId);
                    byte[] expected = KafkaOracle.encode(theirs, key.requestHeaderVersion(v));
                    MessageWriter w = MessageWriter.unframed();
                    ours.write(w);
                    assertArrayEquals(expected, w.toByteArray(), key + " v" + v);

                    ByteBuf in = Unpooled.wrappedBuffer(expected);
                    assertEquals(ours, RequestHeader.read(in));
                    assertEquals(0, in.readableBytes());
                }
            }
        }
    }

    @Test
    void requestHeaderSkipsUnknownTaggedFieldsInV2() {
        MessageWriter w = MessageWriter.unframed();
        w.writeInt16(ApiKeys.METADATA.id).writeInt16(12).writeInt32(7).writeNullableString("c", false);
        w.writeUnsignedVarint(1).writeTaggedField(5, t -> t.writeInt64(99));
        w.writeInt8(42);
        ByteBuf in = Unpooled.wrappedBuffer(w.toByteArray());
        assertEquals(new RequestHeader(ApiKeys.METADATA.id, (short) 12, 7, "c"), RequestHeader.read(in));
        assertEquals(42, in.readByte());
    }

    @Test
    void responseHeadersMatchKafka() {
        for (short hv = 0; hv <= 1; hv++) {
            byte[] expected = KafkaOracle.encode(new ResponseHeaderData().setCorrelationId(-5), hv);
            MessageWriter w = MessageWriter.unframed();
            ResponseHeader.write(w, -5, hv);
            assertArrayEquals(expected, w.toByteArray());
            assertEquals(-5, ResponseHeader.read(Unpooled.wrappedBuffer(expected), hv));
        }
    }

    /** A payload that is not a buffer, as the broker's file regions are not. */
    record FilePayload(int sizeInBytes) implements RecordsPayload {
    }

    @Test
    void framedFetchResponseSplitsChunksAtPayloadsAndFillsFrameLength() {
        FetchResponse r = new FetchResponse();
        FetchResponse.PartitionData p0 = new FetchResponse.PartitionData();
        p0.records = new FilePayload(1000);
        FetchResponse.PartitionData p1 = new FetchResponse.PartitionData();
        p1.partitionIndex = 1;
        p1.records = new FilePayload(24);
        r.responses.add(new FetchResponse.FetchableTopicResponse("t", List.of(p0, p1)));

        MessageWriter w = MessageWriter.framed(ByteBufAllocator.DEFAULT);
        ResponseHeader.write(w, 9, ApiKeys.FETCH.responseHeaderVersion((short) 12));
        r.write(w, (short) 12);
        int total = w.sizeInBytes();
        List<Object> parts = w.finish();

        assertEquals(5, parts.size());
        assertInstanceOf(ByteBuf.class, parts.get(0));
        assertSame(p0.records, parts.get(1));
        assertInstanceOf(ByteBuf.class, parts.get(2));
        assertSame(p1.records, parts.get(3));
        assertInstanceOf(ByteBuf.class, parts.get(4));
        ByteBuf first = (ByteBuf) parts.get(0);
        assertEquals(total - 4, first.getInt(0));
        int sum = 0;
        for (Object o : parts) {
            sum += o instanceof ByteBuf b ? b.readableBytes() : ((RecordsPayload) o).sizeInBytes();
        }
        assertEquals(total, sum);
        for (Object o : parts) {
            if (o instanceof ByteBuf b) {
                b.release();
            }
        }
    }

    @Test
    void framedProduceRequestCarriesRecordsByReference() {
        ByteBuf records = Unpooled.copiedBuffer("batch-bytes", StandardCharsets.US_ASCII);
        io.spool.protocol.message.ProduceRequest req = new io.spool.protocol.message.ProduceRequest();
        req.acks = -1;
        req.timeoutMs = 30_000;
        req.topics.add(new io.spool.protocol.message.ProduceRequest.TopicData("t",
                List.of(new io.spool.protocol.message.ProduceRequest.PartitionData(0, records))));
        MessageWriter w = MessageWriter.framed(ByteBufAllocator.DEFAULT);
        new RequestHeader(ApiKeys.PRODUCE.id, (short) 9, 1, "c").write(w);
        req.write(w, (short) 9);
        ByteBuf frame = w.toByteBuf();
        assertEquals(frame.readableBytes() - 4, frame.readInt());
        RequestHeader h = RequestHeader.read(frame);
        assertEquals(9, h.apiVersion());
        io.spool.protocol.message.ProduceRequest back = io.spool.protocol.message.ProduceRequest.read(frame, (short) 9);
        assertEquals("batch-bytes", back.topics.get(0).partitions.get(0).records.toString(StandardCharsets.US_ASCII));
        back.release();
        frame.release();
        assertEquals(1, records.refCnt(), "the writer must not take the caller's reference");
        records.release();
    }

    @Test
    void discardReleasesChunksAfterAnEncodingError() {
        List<ByteBuf> allocated = new java.util.ArrayList<>();
        ByteBufAllocator recording = new io.netty.buffer.AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf b = Unpooled.buffer(initialCapacity, maxCapacity);
                allocated.add(b);
                return b;
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        MessageWriter w = MessageWriter.framed(recording);
        w.writeInt32(1).writeRecords(new FilePayload(10), false).writeInt8(1);
        assertThrows(IllegalArgumentException.class, () -> w.writeString(null, true));
        w.discard();
        assertEquals(2, allocated.size());
        for (ByteBuf b : allocated) {
            assertEquals(0, b.refCnt());
        }
    }

    @Test
    void responseFramesUseTheHeaderVersionKafkaClientsExpect() {
        for (ApiKeys key : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA}) {
            for (short v = key.minVersion; v <= key.maxVersion; v++) {
                io.spool.protocol.ApiMessage body = key == ApiKeys.API_VERSIONS
                        ? io.spool.protocol.message.ApiVersionsResponse.forAllApis((short) 0)
                        : new io.spool.protocol.message.MetadataResponse();
                List<Object> parts = Frames.encodeResponse(ByteBufAllocator.DEFAULT, 77, v, body);
                assertEquals(1, parts.size());
                ByteBuf frame = (ByteBuf) parts.get(0);
                byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(frame);
                frame.release();
                java.nio.ByteBuffer nio = java.nio.ByteBuffer.wrap(bytes);
                assertEquals(bytes.length - 4, nio.getInt());
                short headerVersion = org.apache.kafka.common.protocol.ApiKeys.forId(key.id).responseHeaderVersion(v);
                org.apache.kafka.common.protocol.ByteBufferAccessor acc = new org.apache.kafka.common.protocol.ByteBufferAccessor(nio);
                assertEquals(77, new ResponseHeaderData(acc, headerVersion).correlationId());
                org.apache.kafka.common.protocol.ApiMessage theirs = org.apache.kafka.common.protocol.ApiKeys.forId(key.id)
                        .messageType.newResponse();
                theirs.read(acc, v);
                assertEquals(0, nio.remaining(), key + " v" + v);
            }
        }
    }

    @Test
    void requestFramesDecodeWithKafkaHeaders() {
        io.spool.protocol.message.MetadataRequest body = new io.spool.protocol.message.MetadataRequest();
        for (short v = ApiKeys.METADATA.minVersion; v <= ApiKeys.METADATA.maxVersion; v++) {
            ByteBuf frame = Frames.encodeRequest(ByteBufAllocator.DEFAULT, new RequestHeader(ApiKeys.METADATA.id, v, 5, "cli"), body);
            java.nio.ByteBuffer nio = java.nio.ByteBuffer.wrap(io.netty.buffer.ByteBufUtil.getBytes(frame));
            frame.release();
            nio.getInt();
            org.apache.kafka.common.requests.RequestHeader h = org.apache.kafka.common.requests.RequestHeader.parse(nio);
            assertEquals(5, h.correlationId());
            assertEquals("cli", h.clientId());
            org.apache.kafka.common.message.MetadataRequestData theirs = new org.apache.kafka.common.message.MetadataRequestData(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(nio), v);
            assertEquals(v == 0 ? List.of() : null, theirs.topics() == null ? null : List.copyOf(theirs.topics()));
            assertEquals(0, nio.remaining());
        }
    }

    @Test
    void finishTwiceIsRejected() {
        MessageWriter w = MessageWriter.unframed();
        w.writeInt8(1);
        w.finish();
        assertThrows(IllegalStateException.class, w::finish);
    }
}
