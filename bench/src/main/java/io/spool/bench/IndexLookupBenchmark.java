package io.spool.bench;

import io.spool.storage.AppendResult;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.LogManagerOptions;
import io.spool.storage.PartitionLog;
import io.spool.storage.ReadResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Offset lookup latency with {@code entries} sparse-index entries in RocksDB, measured through the public API:
 * {@link PartitionLog#read} of a random offset in a sealed segment (RocksDB floor seek + one 61-byte batch
 * header read), for a one-batch range. Every batch carries an index entry ({@code index.interval.bytes=1}).
 *
 * <p>Building 10 million entries takes about 20-30 s on 2 cores. The log (about 0.75 GB) lives in
 * {@code <spool.bench.dir>/spool-bench-index-<entries>} and is deleted after the trial unless
 * {@code -p keep=true}, in which case later runs reuse it. Sample mode: JMH reports p50/p99 latencies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE, JvmFlags.XMS, JvmFlags.XMX})
public class IndexLookupBenchmark {
    private static final String COMPLETE = "bench-complete";

    @Param({"10000000"})
    public int entries;

    @Param({"false"})
    public boolean keep;

    private Path dir;
    private LogManager manager;
    private PartitionLog log;
    private final SplittableRandom random = new SplittableRandom(42);

    static LogConfig config() {
        LogConfig d = LogConfig.defaults();
        return new LogConfig(128 << 20, d.segmentMs(), 1, d.maxMessageBytes(), -1, -1,
                Long.MAX_VALUE, Long.MAX_VALUE, false, d.preallocBytes());
    }

    @Setup
    public void setUp() throws IOException {
        dir = Dirs.root().resolve("spool-bench-index-" + entries);
        if (!Files.exists(dir.resolve(COMPLETE))) {
            Dirs.delete(dir);
            build(dir, entries);
        }
        manager = LogManager.open(dir, config());
        log = manager.get("bench", 0);
        if (log == null || log.logEndOffset() < entries) {
            throw new IllegalStateException("incomplete index log: dir=" + dir + ", logEnd="
                    + (log == null ? -1 : log.logEndOffset()));
        }
    }

    /** Appends {@code entries + 1} one-record batches (the first batch of a segment gets no entry), closes cleanly. */
    static void build(Path dir, int entries) throws IOException {
        long start = System.nanoTime();
        ByteBuffer batch = Batches.batch(1, 0, System.currentTimeMillis());
        try (LogManager m = LogManager.open(dir, config())) {
            PartitionLog p = m.getOrCreate("bench", 0, 7, config());
            for (long i = 0; i <= entries; i++) {
                Batches.resetForResend(batch);
                AppendResult r = p.appendAsLeader(batch.duplicate(), 0);
                if (r.status() != AppendResult.Status.APPENDED) {
                    throw new IllegalStateException("build append failed: offset=" + i + ", status=" + r.status());
                }
            }
        }
        Files.writeString(dir.resolve(COMPLETE), Integer.toString(entries));
        System.out.printf("built %,d index entries in %.1f s%n", entries, (System.nanoTime() - start) / 1e9);
    }

    @TearDown
    public void tearDown() {
        manager.close();
        if (!keep) {
            Dirs.delete(dir);
        }
    }

    /** Locates a random offset (not in the last segment's in-memory index cache) and returns the batch position. */
    @Benchmark
    public long lookup() {
        long offset = random.nextLong(entries - 2048L);
        ReadResult r = log.read(offset, offset + 1, 1, true);
        if (r.segment() == null) {
            throw new IllegalStateException("nothing read: offset=" + offset + ", status=" + r.status());
        }
        r.segment().release();
        return r.position();
    }
}
