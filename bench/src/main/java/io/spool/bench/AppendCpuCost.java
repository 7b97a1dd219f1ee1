package io.spool.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * CPU cost per GB of the ways to append 16 KiB batches to a fresh file in the page cache, one thread, no fsync:
 * what Spool's storage does (fallocate, mmap, MADV_POPULATE_WRITE 16 MiB ahead, copy into the mapping), the
 * same without fallocate or without the prefault, and Kafka's way (FileChannel.write). CPU is the thread's
 * user + system time, so kernel work done in that thread (faults, zeroing, readpages) counts; writeback by
 * kworkers does not (for any mode). Issue 6: evidence for the storage thread's cost seen in compare-kafka.
 * Usage: {@code AppendCpuCost [dir] [MiB] [rounds]}.
 */
public final class AppendCpuCost {
    private static final int MADV_POPULATE_WRITE = 23;
    private static final int O_RDWR_CREAT = 0102; // O_RDWR | O_CREAT
    private static final int BATCH = 16 * 1024;
    private static final long PREFAULT = 16L << 20; // Spool's log.segment.prealloc.bytes default

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FALLOCATE = LINKER.downcallHandle(LINKER.defaultLookup().find("fallocate").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MADVISE = LINKER.downcallHandle(LINKER.defaultLookup().find("madvise").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    /**
     * FALLOCATE_CHUNKS_POPULATE is what Spool's storage does: file length set to the capacity, fallocate one 16 MiB
     * chunk at a time ahead of the writer and MADV_POPULATE_WRITE it; BACKGROUND_CHUNKS_POPULATE does that on a
     * second thread, started when the writer is within half a chunk of the reserved end (as Spool's maintenance
     * thread; the writer waits if it catches up); the others reserve the whole file up front.
     */
    enum Mode { BACKGROUND_CHUNKS_POPULATE, FALLOCATE_CHUNKS_POPULATE, FALLOCATE_MMAP_POPULATE, SPARSE_MMAP_POPULATE, FALLOCATE_MMAP_FAULT, FILECHANNEL_WRITE }

    public static void main(String[] args) throws Throwable {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        long bytes = (args.length > 1 ? Long.parseLong(args[1]) : 512) << 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ByteBuffer src = ByteBuffer.allocateDirect(BATCH);
        for (int i = 0; i < BATCH; i++) {
            src.put(i, (byte) (i * 31));
        }
        System.out.printf(Locale.ROOT, "append %d MiB in %d-byte batches to a new file in %s, %d rounds (first is warm-up)%n",
                bytes >> 20, BATCH, dir, rounds);
        for (int r = 0; r < rounds; r++) {
            for (Mode mode : Mode.values()) {
                Path file = Files.createTempFile(dir, "append-cost-", ".log");
                try {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    long helperCpu = mode == Mode.BACKGROUND_CHUNKS_POPULATE ? appendWithHelper(file, bytes, src) : 0;
                    if (mode != Mode.BACKGROUND_CHUNKS_POPULATE) {
                        append(mode, file, bytes, src);
                    }
                    long cpu = mx.getCurrentThreadCpuTime() - cpu0 + helperCpu;
                    long wall = System.nanoTime() - t0;
                    System.out.printf(Locale.ROOT, "round %d %-26s CPU %.2f s/GB  wall %.2f s/GB%s%n", r, mode,
                            cpu / 1e9 / (bytes / 1e9), wall / 1e9 / (bytes / 1e9), helperCpu == 0 ? ""
                                    : String.format(Locale.ROOT, "  (reserve+prefault thread %.2f s/GB, writer incl. waiting %.2f s/GB)",
                                            helperCpu / 1e9 / (bytes / 1e9), (cpu - helperCpu) / 1e9 / (bytes / 1e9)));
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Writer on this thread, reserve + prefault on a helper thread; returns the helper thread's CPU ns. */
    private static long appendWithHelper(Path file, long bytes, ByteBuffer src) throws Throwable {
        try (Arena arena = Arena.ofShared()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDWR_CREAT, 0644);
            try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(bytes);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MemorySegment map = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
                java.util.concurrent.atomic.AtomicLong reserved = new java.util.concurrent.atomic.AtomicLong();
                java.util.concurrent.atomic.AtomicBoolean pending = new java.util.concurrent.atomic.AtomicBoolean();
                long[] helperCpu = new long[1];
                Throwable[] failure = new Throwable[1];
                var helper = java.util.concurrent.Executors.newSingleThreadExecutor();
                Runnable reserveAhead = () -> {
                    try {
                        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        long from = reserved.get();
                        long len = Math.min(PREFAULT, bytes - from);
                        if ((int) FALLOCATE.invokeExact(fd, 0, from, len) != 0
                                || (int) MADVISE.invokeExact(map.asSlice(from, len), len, MADV_POPULATE_WRITE) != 0) {
                            throw new IllegalStateException("fallocate/madvise failed");
                        }
                        reserved.set(from + len);
                        helperCpu[0] += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
                    } catch (Throwable e) {
                        failure[0] = e;
                    } finally {
                        pending.set(false);
                    }
                };
                pending.set(true);
                helper.submit(reserveAhead).get();
                MemorySegment from = MemorySegment.ofBuffer(src.duplicate().clear());
                for (long pos = 0; pos < bytes; pos += BATCH) {
                    if (pos + PREFAULT / 2 > reserved.get() && reserved.get() < bytes && pending.compareAndSet(false, true)) {
                        helper.execute(reserveAhead);
                    }
                    while (pos + BATCH > reserved.get()) { // the writer caught up with the reservation
                        if (failure[0] != null) {
                            throw new IllegalStateException("reserve ahead failed", failure[0]);
                        }
                        if (pending.compareAndSet(false, true)) {
                            helper.execute(reserveAhead);
                        }
                        Thread.onSpinWait();
                    }
                    MemorySegment.copy(from, 0, map, pos, BATCH);
                }
                helper.shutdown();
                helper.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
                return helperCpu[0];
            } finally {
                int unused = (int) CLOSE.invokeExact(fd);
            }
        }
    }

    private static void append(Mode mode, Path file, long bytes, ByteBuffer src) throws Throwable {
        if (mode == Mode.FILECHANNEL_WRITE) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                for (long pos = 0; pos < bytes; pos += BATCH) {
                    src.clear();
                    while (src.hasRemaining()) {
                        ch.write(src, pos + src.position());
                    }
                }
            }
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDWR_CREAT, 0644);
            if (mode == Mode.SPARSE_MMAP_POPULATE || mode == Mode.FALLOCATE_CHUNKS_POPULATE) {
                try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(bytes); // a hole: no unwritten extents
                }
            } else if ((int) FALLOCATE.invokeExact(fd, 0, 0L, bytes) != 0) {
                throw new IllegalStateException("fallocate failed on " + file);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MemorySegment map = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
                MemorySegment from = MemorySegment.ofBuffer(src.duplicate().clear());
                for (long pos = 0; pos < bytes; pos += BATCH) {
                    if (mode != Mode.FALLOCATE_MMAP_FAULT && pos % PREFAULT == 0) {
                        long len = Math.min(PREFAULT, bytes - pos);
                        if (mode == Mode.FALLOCATE_CHUNKS_POPULATE && (int) FALLOCATE.invokeExact(fd, 0, pos, len) != 0) {
                            throw new IllegalStateException("fallocate failed on " + file);
                        }
                        int rc = (int) MADVISE.invokeExact(map.asSlice(pos, len), len, MADV_POPULATE_WRITE);
                        if (rc != 0) {
                            throw new IllegalStateException("madvise(MADV_POPULATE_WRITE) failed");
                        }
                    }
                    MemorySegment.copy(from, 0, map, pos, BATCH);
                }
            } finally {
                int unused = (int) CLOSE.invokeExact(fd);
            }
        }
    }
}
