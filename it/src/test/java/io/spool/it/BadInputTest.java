package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input over a raw socket, each case its own test. Requests are built, and answers parsed,
 * with kafka-clients' own classes. After every case the broker must still serve a connection
 * opened before it and fresh kafka-clients producers and consumers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final int SOCKET_REQUEST_MAX_BYTES = 1024 * 1024;
    private static final int MESSAGE_MAX_BYTES = 64 * 1024;
    private static final String TOPIC = "bad-input";
    private static final String BIG = "bad-input-big";
    private static final int BIG_RECORDS = 512;
    private static final int BIG_VALUE = 16 * 1024;

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("bad-input", b -> b
            .override("socket.request.max.bytes", String.valueOf(SOCKET_REQUEST_MAX_BYTES))
            .override("message.max.bytes", String.valueOf(MESSAGE_MAX_BYTES))
            .override("auto.create.topics.enable", "false"),
            ApiKeys.CREATE_TOPICS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);

    private static RawConnection bystander;
    private static Map<ApiKeys, short[]> versions;

    private long endOffsetBeforeThisTest;

    /** Once per class (lazily, so that an aborted broker start skips each test visibly); then per test. */
    private static Throwable setUpFailure;

    @BeforeEach
    void setUp() throws Exception {
        if (setUpFailure != null) {
            throw new AssertionError("class set-up failed earlier", setUpFailure);
        }
        if (bystander == null) {
            try {
                Clients.createTopic(BROKER.bootstrap(), TOPIC, 1);
                bystander = RawConnection.open(BROKER.broker().port());
                versions = bystander.apiVersions();
            } catch (Throwable t) {
                setUpFailure = t;
                throw t;
            }
        }
        endOffsetBeforeThisTest = endOffset(TOPIC);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (bystander != null) {
            bystander.close();
        }
    }

    @AfterEach
    void brokerStillServesEveryoneElse() throws Exception {
        if (bystander == null) {
            return; // never set up: the broker did not start
        }
        assertTrue(BROKER.broker().isAlive(), "broker process died");
        assertFalse(bystander.apiVersions().isEmpty(), "a connection opened earlier still gets answers");
        Clients.assertServesFreshClients(BROKER.bootstrap(), TOPIC);
    }

    // ---- framing ----

    @Test
    void frameLargerThanSocketRequestMaxBytesClosesTheConnection() throws Exception {
        try (RawConnection c = open()) {
            ByteBuffer b = ByteBuffer.allocate(4 + 1024);
            b.putInt(SOCKET_REQUEST_MAX_BYTES + 1);
            b.putShort(ApiKeys.METADATA.id).putShort((short) 1).putInt(1);
            c.write(b.array());
            assertNull(c.readFrame(), "an oversized frame gets no answer: the connection is closed");
        }
    }

    @Test
    void frameWithNegativeSizeClosesTheConnection() throws Exception {
        try (RawConnection c = open()) {
            c.write(ByteBuffer.allocate(16).putInt(-7).array());
            assertNull(c.readFrame(), "a negative frame size closes the connection");
        }
    }

    @Test
    void arrayClaimingTwoToTheThirtyOneElementsInTwentyBytesIsRejected() throws Exception {
        short version = RawConnection.pick(versions, ApiKeys.METADATA, 8);
        int correlationId = 77;
        ByteBuffer frame = ByteBuffer.allocate(4 + 20);
        frame.putInt(20);
        frame.putShort(ApiKeys.METADATA.id).putShort(version).putInt(correlationId);
        frame.putShort((short) 0);              // client id ""
        frame.putInt(Integer.MAX_VALUE);        // topics: 2^31 - 1 elements of at least 2 bytes each
        frame.put(new byte[6]);
        assertRejected(ApiKeys.METADATA, version, correlationId, frame.array());

        short[] range = versions.get(ApiKeys.METADATA);
        if (range[1] >= 9) {
            // Flexible versions: a compact array whose unsigned varint (N + 1) says N = 2^31 - 1.
            // (Not N = 2^31: Kafka reads the varint 2^31 + 1 into an int, it wraps negative and Kafka
            // takes it as a null array, i.e. "all topics"; the protocol module's codec tests cover that.)
            short flexible = (short) Math.min(range[1], Math.min(12, ApiKeys.METADATA.latestVersion()));
            ByteBuffer f = ByteBuffer.allocate(4 + 20);
            f.putInt(20);
            f.putShort(ApiKeys.METADATA.id).putShort(flexible).putInt(correlationId);
            f.putShort((short) 0).put((byte) 0);                       // client id "", no tagged fields
            f.put(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}); // 2^31
            f.put(new byte[4]);
            assertRejected(ApiKeys.METADATA, flexible, correlationId, f.array());
        }
    }

    @Test
    void stringLongerThanTheFrameIsRejected() throws Exception {
        short version = RawConnection.pick(versions, ApiKeys.METADATA, 8);
        int correlationId = 78;
        ByteBuffer frame = ByteBuffer.allocate(4 + 20);
        frame.putInt(20);
        frame.putShort(ApiKeys.METADATA.id).putShort(version).putInt(correlationId);
        frame.putShort((short) 0);       // client id ""
        frame.putInt(1);                 // one topic ...
        frame.putShort(Short.MAX_VALUE); // ... whose name claims 32767 bytes
        frame.put(new byte[4]);
        assertRejected(ApiKeys.METADATA, version, correlationId, frame.array());
    }

    @Test
    void truncatedRequestsAreRejected() throws Exception {
        short version = produceVersion();
        int correlationId = 90;
        byte[] full = RawConnection.frame(ApiKeys.PRODUCE, version, correlationId,
                produce(TOPIC, records(0L, Compression.NONE, 3)));
        int length = full.length - 4;
        int headerOnly = 2 + 2 + 4 + 2 + "spool-it-raw".length() + (ApiKeys.PRODUCE.requestHeaderVersion(version) >= 2 ? 1 : 0);
        for (int cut : new int[] {6, headerOnly, headerOnly + 1, headerOnly + 3, length / 2, length - 1}) {
            byte[] truncated = Arrays.copyOf(full, 4 + cut);
            ByteBuffer.wrap(truncated).putInt(0, cut); // a consistent frame whose content is cut short
            assertRejected(ApiKeys.PRODUCE, version, correlationId, truncated);
        }
        // A frame whose body never completes: the client sends half and stops writing.
        try (RawConnection c = open()) {
            c.write(Arrays.copyOf(full, 4 + length / 2));
            c.socket().shutdownOutput();
            assertNull(c.readFrame(), "a frame cut by end of stream is not answered");
        }
        assertEquals(0, endOffset(TOPIC) - endOffsetBeforeThisTest, "no truncated produce was appended");
    }

    // ---- API keys and versions ----

    @Test
    void unknownApiKeyClosesTheConnection() throws Exception {
        try (RawConnection c = open()) {
            ByteBuffer frame = ByteBuffer.allocate(4 + 14);
            frame.putInt(14);
            frame.putShort((short) 9999).putShort((short) 0).putInt(5);
            frame.putShort((short) -1);   // null client id
            frame.putInt(0);
            c.write(frame.array());
            assertNull(c.readFrame(), "an unknown API key has no response schema: the connection is closed");
        }
    }

    @Test
    void unsupportedApiVersionsVersionIsAnsweredPerKip511() throws Exception {
        try (RawConnection c = open()) {
            int correlationId = 511;
            byte[] name = "spool-it".getBytes(StandardCharsets.UTF_8);
            ByteBuffer body = ByteBuffer.allocate(64);
            body.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 127).putInt(correlationId);
            body.putShort((short) name.length).put(name).put((byte) 0);  // header v2
            body.put((byte) (name.length + 1)).put(name);                 // client_software_name
            body.put((byte) 4).put("9.9".getBytes(StandardCharsets.US_ASCII)); // client_software_version
            body.put((byte) 0);                                           // tagged fields
            body.flip();
            ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body);
            c.write(frame.array());

            ByteBuffer response = c.readFrame();
            assertNotNull(response, "KIP-511: an unsupported ApiVersions version still gets an answer");
            assertEquals(correlationId, ResponseHeader.parse(response, (short) 0).correlationId());
            ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), data.errorCode());
            ApiVersionsResponseData.ApiVersion own = data.apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertNotNull(own, "the answer names the supported ApiVersions range");
            assertTrue(own.maxVersion() >= 3, "ApiVersions max " + own.maxVersion());

            // The client retries on the same connection with a version the broker named.
            assertFalse(c.apiVersions().isEmpty());
        }
    }

    @Test
    void unsupportedVersionOfAnotherApiIsRejected() throws Exception {
        short tooNew = (short) (versions.get(ApiKeys.METADATA)[1] + 1);
        int correlationId = 601;
        ByteBuffer frame = ByteBuffer.allocate(4 + 16);
        frame.putInt(16);
        frame.putShort(ApiKeys.METADATA.id).putShort(tooNew).putInt(correlationId);
        frame.putShort((short) 0).put((byte) 0);   // client id "", tagged fields
        frame.put((byte) 1).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0); // empty topics, flags, tags
        assertRejected(ApiKeys.METADATA, (short) Math.min(tooNew - 1, ApiKeys.METADATA.latestVersion()),
                correlationId, frame.array());
    }

    // ---- record batches ----

    @Test
    void batchWithWrongCrcIsCorruptMessage() throws Exception {
        MemoryRecords records = records(0L, Compression.NONE, 3);
        byte[] batch = bytes(records);
        assertEquals(Errors.CORRUPT_MESSAGE, producePatched(records, frame -> {
            int at = indexOf(frame, batch) + batch.length - 2; // inside the last record's value
            frame[at] ^= (byte) 0xFF;
        }));
    }

    @Test
    void batchWithNonZeroBaseOffsetIsInvalidRecord() throws Exception {
        assertEquals(Errors.INVALID_RECORD, produceError(records(42L, Compression.NONE, 3)));
    }

    @Test
    void batchWithMagicOtherThanTwoIsInvalidRecord() throws Exception {
        for (byte magic : new byte[] {0, 1, 3}) {
            MemoryRecords records = records(0L, Compression.NONE, 3);
            byte[] batch = bytes(records);
            Errors error = producePatched(records, frame -> frame[indexOf(frame, batch) + 16] = magic);
            if (magic < 2) {
                assertEquals(Errors.INVALID_RECORD, error, "magic " + magic);
            } else {
                // An unknown future magic: the issue asks INVALID_RECORD, Kafka 4.4 answers
                // CORRUPT_MESSAGE; both are non-retriable rejections for the client.
                assertTrue(error == Errors.INVALID_RECORD || error == Errors.CORRUPT_MESSAGE, "magic " + magic + ": " + error);
            }
        }
    }

    @Test
    void batchLargerThanMessageMaxBytesIsMessageTooLarge() throws Exception {
        byte[] value = new byte[MESSAGE_MAX_BYTES + 1024];
        new Random(7).nextBytes(value);
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value));
        assertTrue(records.sizeInBytes() > MESSAGE_MAX_BYTES);
        assertEquals(Errors.MESSAGE_TOO_LARGE, produceError(records));
    }

    @Test
    void produceToUnknownTopicWithAutoCreationOffIsUnknownTopic() throws Exception {
        String missing = "no-such-topic";
        short version = produceVersion();
        try (RawConnection c = open()) {
            ByteBuffer body = c.roundTrip(ApiKeys.PRODUCE, version,
                    produce(missing, records(0L, Compression.NONE, 1)));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, produceResponseError(body, version));

            short mdVersion = RawConnection.pick(versions, ApiKeys.METADATA, 12);
            ByteBuffer md = c.roundTrip(ApiKeys.METADATA, mdVersion, new MetadataRequestData()
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(missing)))
                    .setAllowAutoTopicCreation(true));
            MetadataResponseData data = new MetadataResponseData(new ByteBufferAccessor(md), mdVersion);
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), data.topics().find(missing).errorCode(),
                    "auto.create.topics.enable=false wins over the request's allow_auto_topic_creation");
        }
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(missing));
        }
    }

    // ---- a client that goes away ----

    @Test
    void clientDisconnectingMidResponseDoesNotDisturbTheBroker() throws Exception {
        Clients.createTopic(BROKER.bootstrap(), BIG, 1);
        long base = endOffset(BIG);
        byte[] value = new byte[BIG_VALUE];
        new Random(11).nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(BROKER.bootstrap(), Map.of())) {
            for (int i = 0; i < BIG_RECORDS; i++) {
                producer.send(new ProducerRecord<>(BIG, 0, null, value));
            }
            producer.flush();
        }
        assertEquals(base + BIG_RECORDS, endOffset(BIG));
        short version = RawConnection.pick(versions, ApiKeys.FETCH, 12);
        int maxBytes = BIG_RECORDS * BIG_VALUE;
        FetchRequestData fetch = new FetchRequestData()
                .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(maxBytes)
                .setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(BIG).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(base)
                                .setPartitionMaxBytes(maxBytes).setLogStartOffset(-1)))));

        // The same request read to the end returns megabytes, so the cases below cut a large response.
        try (RawConnection c = open()) {
            ByteBuffer body = c.roundTrip(ApiKeys.FETCH, version, fetch);
            FetchResponseData data = new FetchResponseData(new ByteBufferAccessor(body), version);
            FetchResponseData.PartitionData p = data.responses().get(0).partitions().get(0);
            assertEquals(Errors.NONE.code(), p.errorCode());
            assertTrue(p.records().sizeInBytes() > 1024 * 1024, "fetched " + p.records().sizeInBytes() + " bytes");
        }
        for (int i = 0; i < 20; i++) {
            RawConnection c = open();
            c.write(RawConnection.frame(ApiKeys.FETCH, version, c.nextCorrelationId(), fetch));
            if (i % 2 == 0) {
                c.socket().getInputStream().readNBytes(100); // the start of the response, then gone
            }
            c.socket().setSoLinger(true, 0);                 // RST: the broker's next write fails
            c.close();
        }

        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(BROKER.bootstrap(), Map.of())) {
            TopicPartition tp = new TopicPartition(BIG, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, base);
            var got = Clients.pollAtLeast(consumer, BIG_RECORDS, Duration.ofSeconds(60));
            assertEquals(BIG_RECORDS, got.size());
            for (int i = 0; i < BIG_RECORDS; i++) {
                assertEquals(base + i, got.get(i).offset());
                assertArrayEquals(value, got.get(i).value());
            }
        }
    }

    // ---- helpers ----

    private static RawConnection open() throws IOException {
        return RawConnection.open(BROKER.broker().port());
    }

    private static short produceVersion() {
        // v13+ address topics by id; stay with names.
        return RawConnection.pick(versions, ApiKeys.PRODUCE, 12);
    }

    private static MemoryRecords records(long baseOffset, Compression compression, int n) {
        SimpleRecord[] rs = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            rs[i] = new SimpleRecord(System.currentTimeMillis(), ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("raw value " + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(baseOffset, compression, rs);
    }

    private static ProduceRequestData produce(String topic, MemoryRecords records) {
        return new ProduceRequestData()
                .setAcks((short) -1)
                .setTimeoutMs(30_000)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                        new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))))
                        .iterator()));
    }

    private static Errors produceResponseError(ByteBuffer body, short version) {
        ProduceResponseData data = new ProduceResponseData(new ByteBufferAccessor(body), version);
        return Errors.forCode(data.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    /** Produces {@code records} to partition 0 of {@link #TOPIC}; the partition's error. */
    private Errors produceError(MemoryRecords records) throws Exception {
        return producePatched(records, frame -> { });
    }

    private interface Patch {
        void apply(byte[] frame);
    }

    /**
     * Serializes a Produce of {@code records} with Kafka's classes, patches the bytes on the wire
     * (the client-side builder would refuse some of these batches), sends it and returns the error;
     * also checks that a rejected batch left the log end offset where it was.
     */
    private Errors producePatched(MemoryRecords records, Patch patch) throws Exception {
        short version = produceVersion();
        try (RawConnection c = open()) {
            int correlationId = c.nextCorrelationId();
            byte[] frame = RawConnection.frame(ApiKeys.PRODUCE, version, correlationId, produce(TOPIC, records));
            patch.apply(frame);
            c.write(frame);
            ByteBuffer response = c.readFrame();
            assertNotNull(response, "a bad batch gets an error code, not a closed connection");
            assertEquals(correlationId, ResponseHeader.parse(response,
                    ApiKeys.PRODUCE.responseHeaderVersion(version)).correlationId());
            Errors error = produceResponseError(response, version);
            if (error != Errors.NONE) {
                assertEquals(endOffsetBeforeThisTest, endOffset(TOPIC), "a rejected batch appends nothing");
            }
            return error;
        }
    }

    /**
     * Sends {@code frame} on a fresh connection and asserts it is refused: the connection is closed,
     * or the answer (parsed as {@code key} at {@code parseVersion}) carries an error code.
     */
    private static void assertRejected(ApiKeys key, short parseVersion, int correlationId, byte[] frame)
            throws Exception {
        try (RawConnection c = open()) {
            c.write(frame);
            ByteBuffer response = c.readFrame();
            if (response == null) {
                return; // closed: what Kafka does with a request it cannot parse
            }
            ResponseHeader header = ResponseHeader.parse(response, key.responseHeaderVersion(parseVersion));
            assertEquals(correlationId, header.correlationId());
            AbstractResponse parsed = AbstractResponse.parseResponse(key, new ByteBufferAccessor(response), parseVersion);
            Map<Errors, Integer> errors = parsed.errorCounts();
            assertTrue(errors.keySet().stream().anyMatch(e -> e != Errors.NONE),
                    "a malformed " + key + " request was answered without an error: " + parsed);
        }
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(BROKER.bootstrap(), Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }
    }

    private static byte[] bytes(MemoryRecords records) {
        ByteBuffer b = records.buffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("batch not found in the serialized request");
    }
}
