package io.spool.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static io.spool.storage.TestBatches.batch;
import static io.spool.storage.TestBatches.bytes;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Random sequences of appends, rolls, reads, flushes, retention, clean restarts and simulated crashes against
 * a simple in-memory model. A crash stops the engine like a killed process and then damages only bytes that
 * were never forced (the crash model: the forced prefix plus any subset of later 4 KiB pages), or deletes the
 * RocksDB directory. After every recovery: everything below the pre-crash recovery point reads back
 * byte-identical, offsets stay dense, and no read returns a byte the model does not have.
 * <p>
 * Each case draws its operations from {@code new Random(seed)}; the seeds are fixed (reproducible CI), plus the seed
 * in the system property {@code spool.test.seed} when set (a number to replay a failure, {@code random} to explore).
 */
class LogCrashProperties {
    private static final long BASE_SEED = 0x5EED_C4A5_4L;
    private static final int TRIES = 40;
    /** How crashes ended, over all cases (damage kind, and whether recovery cut the log): shown after the class. */
    private static final Map<String, AtomicInteger> CRASH_OUTCOMES = new ConcurrentSkipListMap<>();

    sealed interface Op permits Append, Flush, Read, Retention, Restart, Crash, Truncate {
    }

    record Append(int records, int valueBytes) implements Op {
    }

    record Flush() implements Op {
    }

    record Read(double where, int maxBytes) implements Op {
    }

    record Retention() implements Op {
    }

    record Restart() implements Op {
    }

    /** Follower truncation to a point between the log start and the end. */
    record Truncate(double where) implements Op {
    }

    enum Damage { NONE, TRUNCATE, ZERO_PAGES, FLIP_BYTE, DELETE_INDEX }

    record Crash(Damage damage, long seed) implements Op {
    }

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

    /**
     * 5 to 50 operations, weighted append 12, flush 2, read 4, retention 1, restart 1, crash 3, truncate 1 (of 24).
     */
    static List<Op> operations(Random random) {
        int count = between(random, 5, 50);
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(24);
            ops.add(pick < 12 ? new Append(between(random, 1, 6), between(random, 1, 700))
                    : pick < 14 ? new Flush()
                    : pick < 18 ? new Read(unit(random), between(random, 1, 20_000))
                    : pick < 19 ? new Retention()
                    : pick < 20 ? new Restart()
                    : pick < 23 ? new Crash(Damage.values()[random.nextInt(Damage.values().length)], random.nextLong())
                    : new Truncate(unit(random)));
        }
        return ops;
    }

    /** Uniform in [min, max], with each bound drawn 5% of the time on its own (where bugs live). */
    private static int between(Random random, int min, int max) {
        int pick = random.nextInt(20);
        return pick == 0 ? min : pick == 1 ? max : min + random.nextInt(max - min + 1);
    }

    /** In [0, 1]: exactly 0 (the log start) and exactly 1 (the log end) 5% of the time each, else uniform. */
    private static double unit(Random random) {
        int pick = random.nextInt(20);
        return pick == 0 ? 0.0 : pick == 1 ? 1.0 : random.nextDouble();
    }

    @AfterAll
    static void reportCrashOutcomes() {
        System.out.println("LogCrashProperties crash outcomes: " + CRASH_OUTCOMES);
    }

    static LogConfig config() {
        return new LogConfig(12 << 10, Long.MAX_VALUE / 4, 1024, 1 << 20, -1, 30 << 10, Long.MAX_VALUE,
                Long.MAX_VALUE, false, 4 << 10);
    }

    /** The model: every batch's exact bytes by base offset, the log start and the log end. */
    static final class Model {
        final TreeMap<Long, byte[]> batches = new TreeMap<>();
        long logStart;
        long logEnd;

        void truncateTo(long end) {
            batches.tailMap(end, true).clear();
            logEnd = end;
        }

        void dropBelow(long start) {
            batches.headMap(start, false).clear();
            logStart = start;
        }

        boolean isBatchBoundary(long offset) {
            return offset == logEnd || batches.containsKey(offset);
        }

        /** Bytes of the batches with base offsets in [from, to). */
        long bytesBetween(long from, long to) {
            long total = 0;
            for (byte[] b : batches.subMap(from, true, to, false).values()) {
                total += b.length;
            }
            return total;
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void flushedDataSurvivesCrashesAndReadsNeverReturnGarbage(long seed) throws Exception {
        List<Op> ops = operations(new Random(seed));
        Path dir = Files.createTempDirectory("spool-crash");
        DefaultLogManager manager = null;
        int step = -1;
        try {
            manager = DefaultLogManager.open(dir, config(), TestBatches.options());
            DefaultPartitionLog log = (DefaultPartitionLog) manager.getOrCreate("m", 0, 1L, config());
            Model model = new Model();
            int epoch = 0;
            for (step = 0; step < ops.size(); step++) {
                switch (ops.get(step)) {
                    case Append a -> {
                        ByteBuffer buffer = batch("b" + model.logEnd, a.records(), a.valueBytes(), model.logEnd);
                        AppendResult r = log.appendAsLeader(buffer, epoch);
                        assertEquals(AppendResult.Status.APPENDED, r.status(), r.message());
                        assertEquals(model.logEnd, r.baseOffset());
                        byte[] stored = new byte[buffer.remaining()];
                        buffer.duplicate().get(stored);
                        model.batches.put(model.logEnd, stored);
                        model.logEnd += a.records();
                        assertEquals(model.logEnd, log.logEndOffset());
                    }
                    case Flush f -> {
                        log.flush();
                        assertEquals(model.logEnd, log.recoveryPoint());
                    }
                    case Read r -> checkRead(log, model, r);
                    case Truncate t -> {
                        long target = model.logStart + (long) (t.where() * (model.logEnd - model.logStart));
                        log.truncateTo(target);
                        // whole batches only: the end becomes the base of the batch that contained the target
                        Map.Entry<Long, byte[]> containing = model.batches.floorEntry(target);
                        long expected = target >= model.logEnd ? model.logEnd
                                : containing == null ? target : containing.getKey();
                        if (target <= model.logStart) {
                            expected = target;
                        }
                        assertEquals(expected, log.logEndOffset());
                        model.truncateTo(expected);
                        verifyAll(log, model);
                    }
                    case Retention x -> {
                        manager.applyRetention();
                        long start = log.logStartOffset();
                        assertTrue(start >= model.logStart && model.isBatchBoundary(start), "start=" + start);
                        model.dropBelow(start);
                        if (start > 0) {
                            assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(start - 1, model.logEnd, 1000, true).status());
                        }
                    }
                    case Restart x -> {
                        manager.close();
                        manager = DefaultLogManager.open(dir, config(), TestBatches.options());
                        log = (DefaultPartitionLog) manager.get("m", 0);
                        assertEquals(model.logEnd, log.logEndOffset());
                        assertEquals(model.logStart, log.logStartOffset());
                        verifyAll(log, model);
                    }
                    case Crash c -> {
                        long durable = crash(manager, log, model, c);
                        manager = DefaultLogManager.open(dir, config(), TestBatches.options());
                        log = (DefaultPartitionLog) manager.get("m", 0);
                        long end = log.logEndOffset();
                        assertTrue(end >= durable, "lost forced data: logEnd=" + end + ", recoveryPointBefore=" + durable);
                        assertTrue(end <= model.logEnd && model.isBatchBoundary(end), "logEnd=" + end);
                        assertEquals(model.logStart, log.logStartOffset());
                        CRASH_OUTCOMES.computeIfAbsent(c.damage() + (end < model.logEnd ? " cut" : " kept all"),
                                k -> new AtomicInteger()).incrementAndGet();
                        model.truncateTo(end);
                        verifyAll(log, model);
                        epoch++;
                    }
                }
            }
            verifyAll(log, model);
        } catch (AssertionError | Exception e) {
            String where = step < 0 ? "opening" : step < ops.size() ? "op #" + step + " " + ops.get(step) : "final verify";
            throw new AssertionError("seed=" + seed + " (replay with -Dspool.test.seed=" + seed + "), failed at " + where
                    + ", ops=" + ops + ": " + e.getMessage(), e);
        } finally {
            try {
                if (manager != null) {
                    manager.close();
                }
            } finally {
                DefaultLogManager.deleteRecursively(dir);
            }
        }
    }

    /** Stops like a killed process, then damages only never-forced bytes of the active segment (or the index). */
    private static long crash(DefaultLogManager manager, DefaultPartitionLog log, Model model, Crash c) throws IOException {
        Path dir = manager.dataDir();
        manager.closeUnclean();
        // read after the stop: a flush still running on the maintenance thread may have moved it
        Segment active = log.active;
        long recoveryPoint = log.recoveryPoint();
        long safeFrom = recoveryPoint > active.baseOffset ? model.bytesBetween(active.baseOffset, recoveryPoint) : 0;
        long written = model.bytesBetween(active.baseOffset, Long.MAX_VALUE);
        Path file = active.path();
        Random random = new Random(c.seed());
        switch (c.damage()) {
            case NONE -> {
            }
            case DELETE_INDEX -> DefaultLogManager.deleteRecursively(dir.resolve(DefaultLogManager.INDEX_DIR));
            case TRUNCATE -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(safeFrom + (long) (random.nextDouble() * (written - safeFrom + 1)));
                }
            }
            case ZERO_PAGES -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    for (long page = (safeFrom + 4095) / 4096 * 4096; page < written; page += 4096) {
                        if (random.nextBoolean()) {
                            ch.write(ByteBuffer.allocate(4096), page);
                        }
                    }
                }
            }
            case FLIP_BYTE -> {
                if (written > safeFrom) {
                    long at = skipEpochField(model, active.baseOffset,
                            safeFrom + (long) (random.nextDouble() * (written - safeFrom)));
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        ByteBuffer one = ByteBuffer.allocate(1);
                        ch.read(one, at);
                        one.put(0, (byte) (one.get(0) ^ (1 << random.nextInt(8))));
                        ch.write(one.flip(), at);
                    }
                }
            }
        }
        return recoveryPoint;
    }

    /**
     * partitionLeaderEpoch lies outside the CRC (like baseOffset, which recovery checks by continuity), so a
     * flipped bit there that raises the epoch is undetectable by the format; Kafka shares this exposure. Lost
     * pages, the real crash model, never flip a bit, so the test moves such a flip to the magic byte.
     */
    private static long skipEpochField(Model model, long segmentBase, long at) {
        long position = 0;
        for (byte[] batch : model.batches.tailMap(segmentBase, true).values()) {
            if (at >= position + 12 && at < position + 16) {
                return position + 16;
            }
            position += batch.length;
        }
        return at;
    }

    private static void checkRead(DefaultPartitionLog log, Model model, Read r) {
        long from = model.logStart + (long) (r.where() * (model.logEnd - model.logStart));
        ReadResult result = log.read(from, model.logEnd, r.maxBytes(), true);
        assertEquals(ReadResult.Status.OK, result.status());
        ByteBuffer got = bytes(result);
        if (from == model.logEnd) {
            assertEquals(0, got.remaining());
            return;
        }
        assertTrue(got.remaining() > 0, "empty read at " + from);
        Map.Entry<Long, byte[]> first = model.batches.floorEntry(from);
        int batches = 0;
        for (byte[] expected : model.batches.tailMap(first.getKey(), true).values()) {
            if (!got.hasRemaining()) {
                break;
            }
            byte[] actual = new byte[Math.min(expected.length, got.remaining())];
            got.get(actual);
            assertArrayEquals(expected, actual, "batch bytes differ at read from " + from);
            batches++;
        }
        assertFalse(got.hasRemaining(), "bytes beyond the model's log end");
        assertTrue(batches == 1 || result.length() <= r.maxBytes(), "maxBytes exceeded by more than one batch");
    }

    /** Reads everything from the log start and compares it byte for byte with the model. */
    static void verifyAll(PartitionLog log, Model model) {
        long next = model.logStart;
        while (next < model.logEnd) {
            ReadResult result = log.read(next, model.logEnd, 64 << 10, true);
            assertEquals(ReadResult.Status.OK, result.status(), "at " + next);
            ByteBuffer got = bytes(result);
            assertTrue(got.hasRemaining(), "empty read at " + next);
            while (got.hasRemaining()) {
                byte[] expected = model.batches.get(next);
                assertNotNull(expected, "no batch starts at " + next);
                byte[] actual = new byte[expected.length];
                got.get(actual);
                assertEquals(-1, Arrays.mismatch(expected, actual), "batch at " + next + " differs at this index");
                next = ByteBuffer.wrap(expected).getLong(0) + ByteBuffer.wrap(expected).getInt(23) + 1;
            }
        }
        assertEquals(model.logEnd, next);
    }
}
