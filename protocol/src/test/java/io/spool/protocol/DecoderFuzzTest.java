package io.spool.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spool.protocol.message.FetchResponse;
import io.spool.protocol.message.Messages;
import io.spool.protocol.message.ProduceRequest;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random, truncated and mutated bytes thrown at every decoder, for a fixed number of iterations: the only
 * exception allowed is {@link InvalidRequestException}, and no records slice is leaked.
 */
class DecoderFuzzTest {
    private static final int RANDOM_ITERATIONS = 300;
    private static final int VALID_SAMPLES = 8;

    @Test
    void everyDecoderRejectsGarbageWithTheOneExceptionType() {
        Random random = new Random(20261126L);
        for (ApiKeys key : ApiKeys.values()) {
            for (short v = key.minVersion; v <= key.maxVersion; v++) {
                for (boolean request : new boolean[] {true, false}) {
                    for (int i = 0; i < RANDOM_ITERATIONS; i++) {
                        byte[] b = new byte[random.nextInt(80)];
                        random.nextBytes(b);
                        decode(key, v, request, b);
                    }
                    Class<?> dataClass = KafkaOracle.dataClass(key, request);
                    for (int s = 0; s < VALID_SAMPLES; s++) {
                        Message m = KafkaOracle.decode(dataClass,
                                new KafkaSchemaBytes(random.nextLong(), false).generate(KafkaOracle.schema(dataClass, v)), v);
                        byte[] valid = KafkaOracle.encode(m, v);
                        assertTrue(decode(key, v, request, valid));
                        for (int len = 0; len < valid.length; len++) {
                            // decoding is a function of the bytes read so far, so every strict prefix runs out
                            assertFalse(decode(key, v, request, java.util.Arrays.copyOf(valid, len)),
                                    key + " v" + v + " accepted a prefix of length " + len);
                        }
                        for (int at = 0; at + 5 <= valid.length; at++) {
                            // a huge classic count/length (2^31-1) and a huge compact one at every position
                            byte[] classic = valid.clone();
                            classic[at] = 0x7f;
                            classic[at + 1] = classic[at + 2] = classic[at + 3] = (byte) 0xff;
                            byte[] compact = valid.clone();
                            compact[at] = compact[at + 1] = compact[at + 2] = compact[at + 3] = (byte) 0xff;
                            compact[at + 4] = 0x07;
                            decode(key, v, request, classic);
                            decode(key, v, request, compact);
                        }
                        for (int flips = 0; flips < 20 && valid.length > 0; flips++) {
                            byte[] mutated = valid.clone();
                            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                            decode(key, v, request, mutated);
                        }
                    }
                }
            }
        }
    }

    /** Returns true if decoded, false if rejected with {@link InvalidRequestException}; anything else fails. */
    private static boolean decode(ApiKeys key, short version, boolean request, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            ApiMessage m = request ? Messages.readRequest(key, in, version) : Messages.readResponse(key, in, version);
            if (m instanceof ProduceRequest p) {
                p.release();
            } else if (m instanceof FetchResponse f) {
                f.release();
            }
            return true;
        } catch (InvalidRequestException e) {
            return false;
        } catch (Throwable t) {
            fail(key + " v" + version + " request=" + request + " threw " + t, t);
            return false;
        } finally {
            assertEquals(1, in.refCnt(), "records slices leaked: " + key + " v" + version);
            in.release();
        }
    }

    @Test
    void twentyByteRequestClaimingHugeArrayFailsWithoutAllocating() {
        // Produce v3: transactional_id null, acks, timeout, then topic count 2^31-1, padded to 20 bytes.
        ByteBuf in = Unpooled.buffer(20).writeShort(-1).writeShort(1).writeInt(1000).writeInt(Integer.MAX_VALUE)
                .writeZero(8);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> Messages.readRequest(ApiKeys.PRODUCE, in, (short) 3));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1 << 20, "allocated=" + allocated);
        assertTrue(e.getMessage().contains("count=2147483647"), e.getMessage());

        // Metadata v9 (compact): a varint count of 2^31-2 elements.
        ByteBuf compact = Unpooled.buffer(20).writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07})
                .writeZero(15);
        assertThrows(InvalidRequestException.class, () -> Messages.readRequest(ApiKeys.METADATA, compact, (short) 9));

        // A string claiming 32767 bytes in a 20-byte body.
        ByteBuf str = Unpooled.buffer(20).writeInt(1).writeShort(Short.MAX_VALUE).writeZero(14);
        assertThrows(InvalidRequestException.class, () -> Messages.readRequest(ApiKeys.METADATA, str, (short) 1));

        // Records claiming 2^31-1 bytes.
        ByteBuf recs = Unpooled.buffer(30).writeShort(-1).writeShort(1).writeInt(1000).writeInt(1).writeShort(1)
                .writeByte('t').writeInt(1).writeInt(0).writeInt(Integer.MAX_VALUE);
        assertThrows(InvalidRequestException.class, () -> Messages.readRequest(ApiKeys.PRODUCE, recs, (short) 3));
        assertEquals(1, recs.refCnt());
    }

    @Test
    void requestHeaderRejectsGarbageWithTheOneExceptionType() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(24)];
            random.nextBytes(b);
            if (b.length >= 2 && random.nextBoolean()) {
                b[0] = 0; // a known API key, so that flexible versions read tagged fields
                b[1] = (byte) ApiKeys.values()[random.nextInt(ApiKeys.values().length)].id;
            }
            try {
                RequestHeader.read(Unpooled.wrappedBuffer(b));
            } catch (InvalidRequestException expected) {
                // the only exception allowed
            }
        }
    }

    @Test
    void overlongVarintIsRejected() {
        ByteBuf in = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1});
        assertThrows(InvalidRequestException.class, () -> Decoder.readUnsignedVarint(in));
    }

    @Test
    void unsupportedVersionIsRejected() {
        assertThrows(InvalidRequestException.class,
                () -> Messages.readRequest(ApiKeys.PRODUCE, Unpooled.buffer(0), (short) 2));
    }
}
