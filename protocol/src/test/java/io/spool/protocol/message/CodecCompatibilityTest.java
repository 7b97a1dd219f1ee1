package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.KafkaOracle;
import io.spool.protocol.KafkaSchemaBytes;
import io.spool.protocol.MessageWriter;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For every API and every version in {@link ApiKeys}, in both directions: kafka-clients' message classes encode
 * random, non-trivial messages; we decode them and re-encode byte for byte; kafka-clients decodes our bytes to an
 * equal message.
 */
class CodecCompatibilityTest {
    private static final int MESSAGES_PER_VERSION = 40;

    static List<Arguments> apiVersions() {
        List<Arguments> args = new ArrayList<>();
        for (ApiKeys key : ApiKeys.values()) {
            for (short v = key.minVersion; v <= key.maxVersion; v++) {
                args.add(Arguments.of(key, v, true));
                args.add(Arguments.of(key, v, false));
            }
        }
        return args;
    }

    @ParameterizedTest(name = "{0} v{1} request={2}")
    @MethodSource("apiVersions")
    void kafkaAndSpoolAgreeByteForByte(ApiKeys key, short version, boolean request) {
        Class<?> dataClass = KafkaOracle.dataClass(key, request);
        for (int seed = 0; seed < MESSAGES_PER_VERSION; seed++) {
            byte[] raw = new KafkaSchemaBytes(seed * 31L + key.id * 1000L + version).generate(
                    KafkaOracle.schema(dataClass, version));
            Message theirs = KafkaOracle.decode(dataClass, raw, version);
            byte[] theirBytes = KafkaOracle.encode(theirs, version);

            ByteBuf in = Unpooled.wrappedBuffer(theirBytes);
            ApiMessage ours = request ? Messages.readRequest(key, in, version) : Messages.readResponse(key, in, version);
            String context = key + " v" + version + " seed=" + seed + " bytes=" + HexFormat.of().formatHex(theirBytes);
            assertEquals(0, in.readableBytes(), "bytes left after decoding: " + context);

            MessageWriter w = MessageWriter.unframed();
            ours.write(w, version);
            byte[] ourBytes = w.toByteArray();
            assertArrayEquals(theirBytes, ourBytes, context);
            assertEquals(theirs, KafkaOracle.decode(dataClass, ourBytes, version), context);

            release(ours);
            assertEquals(1, in.refCnt(), "records slices must be released: " + context);
            in.release();
        }
    }

    static void release(ApiMessage m) {
        if (m instanceof ProduceRequest p) {
            p.release();
        } else if (m instanceof FetchResponse f) {
            f.release();
        }
    }
}
