package io.spool.storage;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.spool.storage.TestBatches.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What the log does to page tables and the page cache: the appender unmaps what it wrote every
 * {@link DefaultPartitionLog#UNMAP_BEHIND_BYTES} (the data must stay, in the page cache and on disk), and
 * {@code log.page.cache.sealed.segments} drops sealed segments from the page cache (checked with mincore(2)).
 */
class PageCacheTest {
    @TempDir
    Path dir;
    DefaultLogManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private DefaultLogManager open(LogManagerOptions options) {
        manager = DefaultLogManager.open(dir, config(1 << 20), options);
        return manager;
    }

    @Test
    void appendsReadBackAcrossTheUnmappedRangeAndAfterATruncationIntoIt() {
        PartitionLog log = open(options()).getOrCreate("u", 0, 5L, config(16 << 20));
        List<Integer> crcs = new ArrayList<>();
        int batches = 3 * DefaultPartitionLog.UNMAP_BEHIND_BYTES / (16 * 1000) + 10;
        for (int i = 0; i < batches; i++) {
            crcs.add(appendOne(log, "a" + i));
        }
        assertTrue(((DefaultPartitionLog) log).active.droppedTo >= 2 * DefaultPartitionLog.UNMAP_BEHIND_BYTES,
                "the appender unmapped what it wrote");
        assertEquals(crcs, batchCrcs(log));

        // cut inside the first unmapped range: the cut reactivates pages that are no longer mapped
        long cut = 16L * 20;
        log.truncateTo(cut);
        crcs.subList(20, crcs.size()).clear();
        for (int i = 0; i < batches; i++) {
            crcs.add(appendOne(log, "b" + i));
        }
        assertEquals(crcs, batchCrcs(log));

        manager.closeUnclean();
        PartitionLog again = open(options()).get("u", 0);
        assertEquals(crcs, batchCrcs(again));
        assertEquals(16L * crcs.size(), again.logEndOffset());
    }

    @Test
    void sealedSegmentsOlderThanTheNewestNLeaveThePageCache() throws IOException {
        assumeDropWorks();
        PartitionLog log = open(options().withCachedSealedSegments(1)).getOrCreate("c", 0, 6L, config(256 << 10));
        DefaultPartitionLog impl = (DefaultPartitionLog) log;
        int guard = 0;
        while (impl.segmentCount() < 6) {
            appendOne(log, "c" + guard);
            assertTrue(++guard < 1000, "no sixth segment after 1000 batches");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> impl.segments.values().stream()
                .filter(s -> s != impl.active).allMatch(s -> s.mapping == null));
        List<Segment> sealed = impl.segments.values().stream().filter(s -> s != impl.active).toList();
        Segment newest = sealed.getLast();
        for (Segment seg : sealed) {
            long resident = residentPages(seg.path());
            if (seg == newest) {
                assertTrue(resident > 0, "the newest sealed segment keeps its pages: " + seg.path());
            } else {
                assertEquals(0, resident, "an older sealed segment left the page cache: " + seg.path());
            }
        }
        long before = log.logEndOffset();
        assertEquals(before, DefaultPartitionLogTest.countRecords(log), "dropped segments read back from disk");
    }

    private static int appendOne(PartitionLog log, String prefix) {
        ByteBuffer batch = batch(prefix, 16, 1000, 1_000L);
        int crc = batch.getInt(batch.position() + 17); // RecordBatch v2: the CRC does not cover the offsets
        AppendResult r = log.appendAsLeader(batch, 0);
        assertEquals(AppendResult.Status.APPENDED, r.status(), r.message());
        return crc;
    }

    private static List<Integer> batchCrcs(PartitionLog log) {
        List<Integer> crcs = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            ReadResult read = log.read(next, log.logEndOffset(), 1 << 20, true);
            assertEquals(ReadResult.Status.OK, read.status());
            for (RecordBatch b : records(read).batches()) {
                assertEquals(next, b.baseOffset());
                assertTrue(b.isValid(), "batch at " + next + " fails its CRC");
                crcs.add((int) b.checksum());
                next = b.lastOffset() + 1;
            }
        }
        return crcs;
    }

    /** Skips where POSIX_FADV_DONTNEED does not drop clean pages (tmpfs keeps them: they are the file). */
    private void assumeDropWorks() throws IOException {
        Path probe = dir.resolve("probe");
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1 << 20));
            ch.force(true);
        }
        assertTrue(residentPages(probe) > 0, "a file just written is in the page cache");
        NativeIo.dropCache(probe);
        Assumptions.assumeTrue(residentPages(probe) == 0,
                "POSIX_FADV_DONTNEED does not drop clean pages on the file system of " + dir + " (tmpfs?)");
        Files.delete(probe);
    }

    private static final MethodHandle MINCORE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mincore").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    /** Pages of {@code file} in the page cache: mincore(2) over a read-only mapping (mapping faults nothing in). */
    static long residentPages(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size == 0) {
                return 0;
            }
            MemorySegment mapping = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long pages = (size + 4095) / 4096;
            MemorySegment vec = arena.allocate(pages);
            int rc = (int) MINCORE.invokeExact(mapping, size, vec);
            assertEquals(0, rc, "mincore failed");
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
