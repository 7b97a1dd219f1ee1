package io.spool.bench;

import io.spool.storage.AppendResult;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.LogManagerOptions;
import io.spool.storage.PartitionLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Append throughput of 16 KiB batches of 16 x 1 KiB records (one op = one batch), round-robin over
 * {@code partitions} logs, against two baselines that move the same bytes the same way without any log logic:
 * a plain copy into fresh, not-yet-faulted file mappings of the same size ({@link #mmapCopy}) and positional
 * writes ({@link #pwrite}). Run all three in one invocation and compare ratios, never absolute figures.
 *
 * <p>Where the files live decides what is measured: on tmpfs ({@code SPOOL_BENCH_DIR=/dev/shm}) only CPU and
 * memory (force is a no-op), on a disk file system also the writeback that the log's force-on-seal waits for
 * and the baselines (which delete full files unflushed) never pay.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE, JvmFlags.XMS, JvmFlags.XMX})
public class AppendBenchmark {
    static final int BATCH_BYTES = 16 << 10;
    static final int RECORDS_PER_BATCH = 16;

    @Param({"1", "100"})
    public int partitions;

    /**
     * Segment size (MiB) for the log and the baselines, capped at 2 GiB / partitions (20 MiB for 100): 256 makes
     * the single partition roll within an iteration.
     */
    @Param({"256"})
    public int segmentMiB;

    /**
     * {@code log.page.cache.sealed.segments} for the log (-1: Kafka's behaviour, the default; 0: a sealed segment
     * leaves the page cache once forced). The baselines ignore it.
     */
    @Param({"-1"})
    public int cachedSealed;

    private Path dir;
    private ByteBuffer batch;
    private int next;

    private LogManager manager;
    private PartitionLog[] logs;

    private Target[] targets;

    @Setup(Level.Trial)
    public void makeBatch() {
        ByteBuffer heap = Batches.batchOfSize(RECORDS_PER_BATCH, BATCH_BYTES);
        batch = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip(); // Netty frames are direct too
    }

    /**
     * One log (or one set of baseline files) for the whole trial, so that iterations measure the steady state
     * (a fresh log per iteration mostly measured the prefaulting of 100 first chunks). The footprint stays
     * bounded: segments are at most 2 GiB / partitions, retention keeps two segments per partition, and a
     * baseline deletes a file when it is full.
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        dir = Dirs.fresh("spool-append-");
        next = 0;
        long segmentBytes = Math.min((long) segmentMiB << 20, (2L << 30) / partitions);
        String name = params.getBenchmark();
        if (name.endsWith(".append")) {
            LogConfig defaults = LogConfig.defaults();
            // retention keeps the disk footprint bounded; no flush policy (Kafka's default: the OS flushes)
            LogConfig config = new LogConfig((int) segmentBytes, defaults.segmentMs(), defaults.indexIntervalBytes(),
                    defaults.maxMessageBytes(), -1, 2 * segmentBytes, Long.MAX_VALUE, Long.MAX_VALUE, false,
                    defaults.preallocBytes());
            manager = LogManager.open(dir, config, LogManagerOptions.defaults().withRetentionCheckIntervalMs(500)
                    .withCachedSealedSegments(cachedSealed));
            logs = new PartitionLog[partitions];
            for (int p = 0; p < partitions; p++) {
                logs[p] = manager.getOrCreate("bench", p, 1000 + p, config);
            }
        } else {
            boolean mapped = name.endsWith(".mmapCopy");
            targets = new Target[partitions];
            for (int p = 0; p < partitions; p++) {
                Path partDir = Files.createDirectories(dir.resolve("bench-" + p));
                targets[p] = mapped ? new MappedTarget(partDir, segmentBytes) : new PwriteTarget(partDir, segmentBytes);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
        if (targets != null) {
            for (Target t : targets) {
                t.close();
            }
            targets = null;
        }
        Dirs.delete(dir);
    }

    /** Spool's leader append: validation, CRC-32C, offset assignment, copy into the mapped segment, index. */
    @Benchmark
    public long append() {
        PartitionLog log = logs[next];
        next = next + 1 == logs.length ? 0 : next + 1;
        Batches.resetForResend(batch);
        AppendResult r = log.appendAsLeader(batch.duplicate(), 0);
        if (r.status() != AppendResult.Status.APPENDED) {
            throw new IllegalStateException("append failed: status=" + r.status() + ", message=" + r.message());
        }
        return r.lastOffset();
    }

    /** Baseline: the same bytes copied into a fresh mapping (page faults included, as the writer's). */
    @Benchmark
    public long mmapCopy() {
        Target t = targets[next];
        next = next + 1 == targets.length ? 0 : next + 1;
        return t.write(batch);
    }

    /** Baseline: the same bytes written with FileChannel.write at a position (pwrite into the page cache). */
    @Benchmark
    public long pwrite() {
        Target t = targets[next];
        next = next + 1 == targets.length ? 0 : next + 1;
        return t.write(batch);
    }

    /** A file of segmentBytes written sequentially; a full file is closed, deleted, and replaced by a new one. */
    private abstract static class Target {
        final Path dir;
        final long segmentBytes;
        int fileNo;
        long position;

        Target(Path dir, long segmentBytes) {
            this.dir = dir;
            this.segmentBytes = segmentBytes;
        }

        long write(ByteBuffer src) {
            if (position + src.remaining() > segmentBytes) {
                close();
                open();
            }
            doWrite(src);
            position += src.remaining();
            return position;
        }

        Path nextFile() {
            return dir.resolve(String.format("%020d.log", (long) fileNo++));
        }

        abstract void open();

        abstract void doWrite(ByteBuffer src);

        abstract void close();
    }

    private static final class MappedTarget extends Target {
        private Arena arena;
        private FileChannel channel;
        private MemorySegment mapping;
        private Path file;

        MappedTarget(Path dir, long segmentBytes) {
            super(dir, segmentBytes);
            open();
        }

        @Override
        void open() {
            try {
                file = nextFile();
                channel = FileChannel.open(file, CREATE_NEW, READ, WRITE);
                try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(segmentBytes); // sparse, like a plain preallocation without fallocate
                }
                arena = Arena.ofShared();
                mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes, arena);
                position = 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void doWrite(ByteBuffer src) {
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, mapping, position, src.remaining());
        }

        @Override
        void close() {
            try {
                arena.close();
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class PwriteTarget extends Target {
        private FileChannel channel;
        private Path file;

        PwriteTarget(Path dir, long segmentBytes) {
            super(dir, segmentBytes);
            open();
        }

        @Override
        void open() {
            try {
                file = nextFile();
                channel = FileChannel.open(file, CREATE_NEW, WRITE);
                position = 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void doWrite(ByteBuffer src) {
            try {
                ByteBuffer b = src.duplicate();
                long at = position;
                while (b.hasRemaining()) {
                    at += channel.write(b, at);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void close() {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
