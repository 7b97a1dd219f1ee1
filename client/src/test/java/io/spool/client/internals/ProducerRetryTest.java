package io.spool.client.internals;

import io.spool.client.ApiException;
import io.spool.client.ProducerRecord;
import io.spool.client.RecordMetadata;
import io.spool.client.Serializer;
import io.spool.client.SpoolProducer;
import io.spool.client.TimeoutException;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/** The producer's retry, timeout and metadata paths, driven by a scripted broker on a real socket. */
@EnabledOnOs(OS.LINUX)
class ProducerRetryTest {

    private static ApiMessage answer(ScriptedBroker.ReceivedProduce rp, Errors error, long baseOffset) {
        ProduceResponse r = new ProduceResponse();
        var req = rp.request();
        ProduceResponse.PartitionResponse p = new ProduceResponse.PartitionResponse();
        p.index = req.topics.get(0).partitions.get(0).index;
        p.errorCode = error.code;
        p.baseOffset = baseOffset;
        r.responses.add(new ProduceResponse.TopicResponse(req.topics.get(0).name, List.of(p)));
        return r;
    }

    private static Map<String, Object> props(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", 0);
        p.put("retry.backoff.ms", 10);
        p.put("request.timeout.ms", 500);
        p.put("delivery.timeout.ms", 5000);
        return p;
    }

    private static int baseSequence(byte[] batch) {
        return ByteBuffer.wrap(batch).getInt(53);
    }

    @Test
    void notLeaderRefreshesMetadataAndRetriesTheSameBytes() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker((rp, i) ->
                i == 0 ? answer(rp, Errors.NOT_LEADER_OR_FOLLOWER, -1) : answer(rp, Errors.NONE, 100));
             SpoolProducer<String, String> p = new SpoolProducer<>(props(broker.bootstrap()), Serializer.string(), Serializer.string())) {
            CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>("t", "k", "v"));
            RecordMetadata m = f.get();
            assertEquals(100, m.offset());
            assertEquals(2, broker.produces().size());
            assertArrayEquals(broker.produces().get(0).records().get(0), broker.produces().get(1).records().get(0),
                    "a retry resends identical bytes (same producer id, epoch, sequence, CRC)");
            assertEquals(0, baseSequence(broker.produces().get(0).records().get(0)));
            assertTrue(broker.produces().get(1).metadataRequestsBefore() > broker.produces().get(0).metadataRequestsBefore(),
                    "metadata was fetched again between NOT_LEADER_OR_FOLLOWER and the retry");
            // The next batch continues the sequence.
            p.send(new ProducerRecord<>("t", "k", "w")).get();
            assertEquals(1, baseSequence(broker.produces().get(2).records().get(0)));
        }
    }

    @Test
    void anUnansweredProduceIsRetriedOnANewConnectionAfterRequestTimeout() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker((rp, i) -> i == 0 ? null : answer(rp, Errors.NONE, 7));
             SpoolProducer<String, String> p = new SpoolProducer<>(props(broker.bootstrap()), Serializer.string(), Serializer.string())) {
            assertEquals(7, p.send(new ProducerRecord<>("t", "k", "v")).get().offset());
            var produces = broker.produces();
            assertEquals(2, produces.size());
            assertNotEquals(produces.get(0).connection(), produces.get(1).connection(), "the timed-out connection was dropped");
            assertArrayEquals(produces.get(0).records().get(0), produces.get(1).records().get(0));
        }
    }

    @Test
    void recordsFailWithTimeoutAfterDeliveryTimeout() throws Exception {
        Map<String, Object> props;
        try (ScriptedBroker broker = new ScriptedBroker((rp, i) -> null)) {
            props = props(broker.bootstrap());
            props.put("request.timeout.ms", 200);
            props.put("delivery.timeout.ms", 800);
            try (SpoolProducer<String, String> p = new SpoolProducer<>(props, Serializer.string(), Serializer.string())) {
                long start = System.nanoTime();
                ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(new ProducerRecord<>("t", "k", "v")).get());
                assertInstanceOf(TimeoutException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("delivery.timeout.ms=800"), e.getCause().getMessage());
                assertTrue(System.nanoTime() - start >= 800_000_000L, "not before delivery.timeout.ms");
                assertTrue(broker.produces().size() >= 2, "it was retried meanwhile: " + broker.produces().size());
            }
        }
    }

    @Test
    void aNonRetriableErrorFailsAtOnceAndStartsANewProducerIdentity() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker((rp, i) ->
                i == 0 ? answer(rp, Errors.INVALID_RECORD, -1) : answer(rp, Errors.NONE, 5));
             SpoolProducer<String, String> p = new SpoolProducer<>(props(broker.bootstrap()), Serializer.string(), Serializer.string())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(new ProducerRecord<>("t", "k", "v")).get());
            ApiException api = assertInstanceOf(ApiException.class, e.getCause());
            assertEquals(Errors.INVALID_RECORD, api.error());
            assertEquals(1, broker.produces().size(), "not retried");
            assertEquals(5, p.send(new ProducerRecord<>("t", "k", "w")).get().offset());
            assertEquals(2, broker.initProducerIdRequests(), "a sequenced batch failed: new producer id");
            assertEquals(0, baseSequence(broker.produces().get(1).records().get(0)), "sequences restart with the new id");
        }
    }

    @Test
    void sendFailsWhenBufferMemoryStaysFullForMaxBlockMs() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker((rp, i) -> null)) {
            Map<String, Object> props = props(broker.bootstrap());
            props.put("batch.size", 16384);
            props.put("buffer.memory", 32768);
            props.put("max.block.ms", 300);
            props.put("request.timeout.ms", 30000);
            props.put("delivery.timeout.ms", 60000);
            try (SpoolProducer<byte[], byte[]> p = new SpoolProducer<>(props, Serializer.bytes(), Serializer.bytes())) {
                byte[] big = new byte[15000]; // one record fills a batch
                CompletableFuture<RecordMetadata> a = p.send(new ProducerRecord<>("t", null, big));
                CompletableFuture<RecordMetadata> b = p.send(new ProducerRecord<>("t", null, big));
                long start = System.nanoTime();
                CompletableFuture<RecordMetadata> c = p.send(new ProducerRecord<>("t", null, big));
                assertTrue(System.nanoTime() - start >= 300_000_000L, "send() blocked for max.block.ms first");
                ExecutionException e = assertThrows(ExecutionException.class, c::get);
                assertInstanceOf(io.spool.client.buffer.BufferExhaustedException.class, e.getCause());
                assertFalse(a.isDone() || b.isDone(), "the unanswered batches still hold the memory");
                p.close(java.time.Duration.ofMillis(100));
                ExecutionException closed = assertThrows(ExecutionException.class, a::get);
                assertNotNull(closed.getCause(), "a close that gives up fails what is left, never leaves it hanging");
            }
        }
    }

    @Test
    void aGarbageResponseClosesTheConnectionAndTheBatchIsRetried() throws Exception {
        byte[] garbage = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        try (ScriptedBroker broker = new ScriptedBroker((rp, i) -> i == 0 ? garbage : answer(rp, Errors.NONE, 9));
             SpoolProducer<String, String> p = new SpoolProducer<>(props(broker.bootstrap()), Serializer.string(), Serializer.string())) {
            assertEquals(9, p.send(new ProducerRecord<>("t", "k", "v")).get().offset());
            assertEquals(2, broker.produces().size());
            assertNotEquals(broker.produces().get(0).connection(), broker.produces().get(1).connection(),
                    "a frame claiming 2 GiB closed the connection instead of allocating");
            assertArrayEquals(broker.produces().get(0).records().get(0), broker.produces().get(1).records().get(0));
        }
    }
}
