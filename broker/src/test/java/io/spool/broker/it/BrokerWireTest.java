package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.spool.broker.TestBroker;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.Errors;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.RequestHeader;
import io.spool.protocol.ResponseHeader;
import io.spool.protocol.message.ApiVersionsRequest;
import io.spool.protocol.message.ApiVersionsResponse;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.FetchResponse;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;
import io.spool.protocol.message.ProduceRequest;
import io.spool.protocol.message.ProduceResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wire-level behaviour of a real broker on a real socket: version negotiation and bad input. */
class BrokerWireTest {
    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("socket.request.max.bytes", "100000", "auto.create.topics.enable", "false"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** The broker still answers a fresh connection. */
    private static void assertStillServing() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            ApiVersionsResponse r = (ApiVersionsResponse) c.roundTrip(new ApiVersionsRequest(), (short) 3);
            assertEquals(Errors.NONE.code, r.errorCode);
        }
    }

    private static ApiVersionsResponse.ApiVersion range(ApiVersionsResponse r, ApiKeys key) {
        return r.apiKeys.stream().filter(v -> v.apiKey() == key.id).findFirst().orElse(null);
    }

    @Test
    void apiVersionsAdvertisesHandledRangesProduceFromZeroAndNoOffsetForLeaderEpoch() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            for (short v = 0; v <= ApiKeys.API_VERSIONS.maxVersion; v++) {
                ApiVersionsResponse r = (ApiVersionsResponse) c.roundTrip(new ApiVersionsRequest(), v);
                assertEquals(Errors.NONE.code, r.errorCode, "v" + v);
                assertEquals(0, range(r, ApiKeys.PRODUCE).minVersion());
                assertEquals(ApiKeys.PRODUCE.maxVersion, range(r, ApiKeys.PRODUCE).maxVersion());
                assertEquals(ApiKeys.FETCH.maxVersion, range(r, ApiKeys.FETCH).maxVersion());
                assertTrue(r.apiKeys.stream().noneMatch(a -> a.apiKey() == 23), "OffsetForLeaderEpoch must not be advertised");
                for (ApiVersionsResponse.ApiVersion a : r.apiKeys) {
                    assertTrue(ApiKeys.forId(a.apiKey()) != null, "advertised an API protocol does not implement: " + a);
                }
            }
        }
    }

    @Test
    void unsupportedApiVersionsVersionGetsV0BodyWithOurRanges() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            // a future, flexible ApiVersions version: header v2, body unknown to us
            MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
            w.writeInt16(ApiKeys.API_VERSIONS.id).writeInt16(99).writeInt32(7).writeNullableString("future", false)
                    .writeEmptyTaggedFields().writeString("x", true).writeString("1", true).writeEmptyTaggedFields();
            c.sendRaw(w.toByteArray());
            ByteBuf frame = c.readFrame();
            assertEquals(7, ResponseHeader.read(frame, (short) 0));
            ApiVersionsResponse r = ApiVersionsResponse.read(frame, (short) 0);
            assertEquals(Errors.UNSUPPORTED_VERSION.code, r.errorCode);
            assertEquals(ApiKeys.API_VERSIONS.maxVersion, range(r, ApiKeys.API_VERSIONS).maxVersion());
            assertFalse(frame.isReadable(), "a v0 body has nothing after the ranges");
        }
        assertStillServing();
    }

    @Test
    void unknownApiKeyClosesOnlyThatConnection() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
            w.writeInt16(999).writeInt16(0).writeInt32(1).writeNullableString("x", false);
            c.sendRaw(w.toByteArray());
            assertTrue(c.isClosedByBroker());
        }
        assertStillServing();
    }

    @Test
    void unsupportedVersionOfOtherApiClosesConnection() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            c.send(new MetadataRequest(), (short) (ApiKeys.METADATA.maxVersion + 1));
            assertTrue(c.isClosedByBroker());
        }
        assertStillServing();
    }

    @Test
    void produceVersionsBelowThreeAreAdvertisedButRefused() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
            w.writeInt16(ApiKeys.PRODUCE.id).writeInt16(2).writeInt32(1).writeNullableString("old", false)
                    .writeInt16(1).writeInt32(1000).writeArrayCount(0, false);
            c.sendRaw(w.toByteArray());
            assertTrue(c.isClosedByBroker());
        }
        assertStillServing();
    }

    @Test
    void frameLargerThanSocketRequestMaxBytesClosesBeforeBuffering() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            c.sendRaw(ByteBuffer.allocate(4).putInt(100_001).array());
            assertTrue(c.isClosedByBroker());
        }
        assertStillServing();
    }

    @Test
    void arrayClaimingTwoBillionElementsInTwentyBytesClosesConnection() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
            w.writeInt16(ApiKeys.METADATA.id).writeInt16(1).writeInt32(1).writeNullableString(null, false)
                    .writeInt32(Integer.MAX_VALUE);
            c.sendRaw(w.toByteArray());
            assertTrue(c.isClosedByBroker());
        }
        assertStillServing();
    }

    @Test
    void truncatedRequestsCloseConnection() throws Exception {
        MetadataRequest m = new MetadataRequest();
        m.topics = List.of(new MetadataRequest.Topic(MetadataRequest.ZERO_UUID, "some-topic"));
        MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
        new RequestHeader(ApiKeys.METADATA.id, (short) 8, 1, "t").write(w);
        m.write(w, (short) 8);
        byte[] full = w.toByteArray();
        for (int cut : new int[] {6, 10, 14, full.length - 3}) {
            byte[] truncated = new byte[cut];
            System.arraycopy(full, 0, truncated, 0, cut);
            ByteBuffer.wrap(truncated).putInt(0, cut - 4);
            try (WireClient c = new WireClient(broker.port())) {
                c.sendRaw(truncated);
                assertTrue(c.isClosedByBroker(), "cut=" + cut);
            }
        }
        assertStillServing();
    }

    @Test
    void randomBytesNeverTakeTheBrokerDown() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[8 + random.nextInt(64)];
            random.nextBytes(body);
            // a plausible header so the fuzz reaches the decoders: a known key and a supported version
            ApiKeys[] keys = {ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.INIT_PRODUCER_ID};
            ApiKeys key = keys[random.nextInt(keys.length)];
            ByteBuffer.wrap(body).putShort(0, key.id).putShort(2, (short) (key.minVersion + random.nextInt(key.maxVersion - key.minVersion + 1)));
            ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body);
            try (WireClient c = new WireClient(broker.port())) {
                c.sendRaw(frame.array());
                // either an answer or a close; both are fine, a hang or a dead broker is not
                c.isClosedByBroker();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("broker neither answered nor closed: i=" + i, e);
            }
        }
        assertStillServing();
    }

    @Test
    void metadataForUnknownTopicWithoutAutoCreationIsUnknown() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            MetadataRequest m = new MetadataRequest();
            m.topics = List.of(new MetadataRequest.Topic(MetadataRequest.ZERO_UUID, "nope"));
            MetadataResponse r = (MetadataResponse) c.roundTrip(m, (short) 12);
            assertEquals(1, r.brokers.size());
            assertEquals(broker.port(), r.brokers.get(0).port());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code, r.topics.get(0).errorCode);
        }
    }

    @Test
    void produceToUnknownTopicWithAutoCreationOffIsUnknownTopic() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            ProduceRequest p = new ProduceRequest();
            p.acks = 1;
            p.timeoutMs = 1000;
            p.topics.add(new ProduceRequest.TopicData("nope", List.of(new ProduceRequest.PartitionData(0, Unpooled.wrappedBuffer(new byte[70])))));
            ProduceResponse r = (ProduceResponse) c.roundTrip(p, (short) 8);
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code, r.responses.get(0).partitions.get(0).errorCode);
        }
    }

    @Test
    void fetchWithUnknownSessionIdGetsSessionNotFound() throws Exception {
        try (WireClient c = new WireClient(broker.port())) {
            FetchRequest f = new FetchRequest();
            f.sessionId = 12345;
            f.sessionEpoch = 1;
            f.maxWaitMs = 0;
            FetchResponse r = (FetchResponse) c.roundTrip(f, (short) 11);
            assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code, r.errorCode);
            assertNull(r.responses.isEmpty() ? null : r.responses);
        }
    }
}
