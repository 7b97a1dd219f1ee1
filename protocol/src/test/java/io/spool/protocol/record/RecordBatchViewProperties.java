package io.spool.protocol.record;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random batches built by kafka-clients: the view and the iterator agree with Kafka on every field and byte.
 * Each case draws its input from {@code new Random(seed)}; the seeds are fixed (reproducible CI), plus the seed in
 * the system property {@code spool.test.seed} when set (a number to replay a failure, {@code random} to explore).
 */
class RecordBatchViewProperties {
    private static final long BASE_SEED = 0x5EED_0B47_C4E5L;
    private static final int TRIES = 300;

    /** {@link #BASE_SEED}, {@code TRIES - 1} seeds derived from it, and the optional {@code spool.test.seed}. */
    static LongStream seeds() {
        SplittableRandom derive = new SplittableRandom(BASE_SEED);
        LongStream fixed = LongStream.concat(LongStream.of(BASE_SEED), LongStream.generate(derive::nextLong).limit(TRIES - 1));
        String extra = System.getProperty("spool.test.seed");
        if (extra == null || extra.isBlank()) {
            return fixed;
        }
        long seed = extra.equals("random") ? System.nanoTime() : Long.parseLong(extra.trim());
        return LongStream.concat(LongStream.of(seed), fixed);
    }

    /** 1 to 40 records: timestamps in [0, 2^42], keys and values null (20%) or 0 to 300 bytes, edges favoured. */
    static List<SimpleRecord> records(Random random) {
        int count = between(random, 1, 40);
        List<SimpleRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long timestamp = switch (random.nextInt(10)) {
                case 0 -> 0L;
                case 1 -> 1L << 42;
                default -> (long) (random.nextDouble() * ((1L << 42) + 1));
            };
            records.add(new SimpleRecord(timestamp, nullableBytes(random), nullableBytes(random)));
        }
        return records;
    }

    private static byte[] nullableBytes(Random random) {
        if (random.nextInt(5) == 0) {
            return null;
        }
        byte[] bytes = new byte[between(random, 0, 300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Uniform in [min, max], with each bound drawn 5% of the time on its own (where bugs live). */
    private static int between(Random random, int min, int max) {
        int pick = random.nextInt(20);
        return pick == 0 ? min : pick == 1 ? max : min + random.nextInt(max - min + 1);
    }

    /** The generated input in a form a failure message can show: (timestamp, key length, value length) per record. */
    static String describe(List<SimpleRecord> records) {
        return records.stream()
                .map(r -> "(" + r.timestamp() + ", " + length(r.key()) + ", " + length(r.value()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static int length(ByteBuffer b) {
        return b == null ? -1 : b.remaining();
    }

    private static AssertionError replayable(long seed, String input, Throwable cause) {
        return new AssertionError("seed=" + seed + " (replay with -Dspool.test.seed=" + seed + "), input=" + input
                + ": " + cause.getMessage(), cause);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void viewAndIteratorAgreeWithKafka(long seed) {
        List<SimpleRecord> records = records(new Random(seed));
        try {
            ByteBuffer buffer = MemoryRecords.withRecords(0L, Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
            RecordBatchView view = new RecordBatchView().wrap(buffer, 0);
            assertEquals(BatchStatus.VALID, view.validate(buffer.remaining()));
            assertEquals(records.size(), view.recordsCount());
            assertEquals(records.stream().mapToLong(SimpleRecord::timestamp).max().orElseThrow(), view.maxTimestamp());

            RecordIterator it = new RecordIterator();
            assertTrue(it.reset(view));
            Iterator<Record> expected = MemoryRecords.readableRecords(buffer.duplicate()).records().iterator();
            while (it.next()) {
                Record r = expected.next();
                assertEquals(r.offset(), it.offset());
                assertEquals(r.timestamp(), it.timestamp());
                assertEquals(r.hasKey() ? r.keySize() : -1, it.keyLength());
                assertEquals(r.hasValue() ? r.valueSize() : -1, it.valueLength());
            }
            assertFalse(it.isMalformed());
            assertFalse(expected.hasNext());
        } catch (AssertionError | RuntimeException e) {
            throw replayable(seed, describe(records), e);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void anySingleByteFlipInTheCrcRangeIsDetected(long seed) {
        Random random = new Random(seed);
        List<SimpleRecord> records = records(random);
        ByteBuffer buffer = MemoryRecords.withRecords(0L, Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
        int from = RecordBatchDescriptor.ATTRIBUTES_OFFSET;
        // the first and last byte of the CRC range are drawn on their own as well
        int at = switch (random.nextInt(20)) {
            case 0 -> from;
            case 1 -> buffer.remaining() - 1;
            default -> from + random.nextInt(buffer.remaining() - from);
        };
        byte mask = (byte) (1 + random.nextInt(255));
        try {
            buffer.put(at, (byte) (buffer.get(at) ^ mask));
            BatchStatus status = new RecordBatchView().wrap(buffer, 0).validate(buffer.remaining());
            assertNotEquals(BatchStatus.VALID, status, "flip at " + at + " undetected");
        } catch (AssertionError | RuntimeException e) {
            throw replayable(seed, describe(records) + ", at=" + at + ", mask=" + mask, e);
        }
    }
}
