package io.spool.storage;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The write side of one segment file: a shared-arena mapping of {@code capacity} bytes wrapped by an
 * {@link UnsafeBuffer}, with disk space reserved by {@code fallocate} in chunks ahead of the writer.
 *
 * <p>Design note. A sparse file written through a mapping turns a full disk into SIGBUS, so the writer never
 * touches a byte at or beyond {@link #reservedEnd()}: space is reserved first, and ENOSPC from fallocate is how
 * an append learns the disk is full. Files are created with CREATE_NEW and renamed without replacing, so an
 * existing segment is never overwritten. Sealing forces the mapping, closes the arena (a deterministic unmap)
 * and truncates the file to its real length, so a sealed file is a plain Kafka {@code .log} file. I/O errors
 * other than ENOSPC surface as {@link IOException}; the caller takes the log directory offline.
 *
 * <p>Thread-safety: the buffer is written by the partition's appender under its lock; {@link #reserve},
 * {@link #force} and {@link #seal} run on the maintenance thread (or the appender for an urgent reserve) and
 * are serialised by the owning log.
 */
final class SegmentMapping {
    private volatile Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private volatile long reservedEnd;
    private boolean closed;
    /** Rolled: no longer written, may be unmapped ahead of its seal ({@link #unmapRetired}). */
    private boolean retired;
    /** {@link #seal} has run, or {@link #unmap} gave the file up: sealing again is a no-op. */
    private boolean done;

    private SegmentMapping(Path path, Arena arena, MemorySegment mapping, int capacity, long reservedEnd) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.capacity = capacity;
        this.reservedEnd = reservedEnd;
        this.buffer = new UnsafeBuffer(mapping.address(), capacity);
    }

    /** Thrown by {@link #create}/{@link #reopen} when the disk has no room for the first chunk. */
    static final class OutOfSpaceException extends IOException {
        OutOfSpaceException(String message) {
            super(message);
        }
    }

    /** Creates a new file (never replacing one), reserves {@code firstChunk} bytes and maps {@code capacity}. */
    static SegmentMapping create(Path path, int capacity, int firstChunk) throws IOException {
        Files.newByteChannel(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        try {
            return mapFrom(path, 0, capacity, firstChunk);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Reopens an existing segment for appending at {@code validEnd}: cuts anything after it (so bytes from before
     * a crash can never reappear), reserves a chunk and maps {@code capacity} (at least {@code validEnd}). With
     * {@code force} the cut is fsynced here; recovery instead syncs the whole file system once at the end.
     */
    static SegmentMapping reopen(Path path, int validEnd, int capacity, int chunk, boolean force) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            boolean cut = ch.size() > validEnd && !zeroTail(ch, path, validEnd);
            if (cut) {
                ch.truncate(validEnd);
            }
            if (cut && force) {
                ch.force(true);
            }
        }
        return mapFrom(path, validEnd, Math.max(capacity, validEnd), chunk);
    }

    /**
     * True when every byte from {@code validEnd} to the end of the file reads as zero, so no cut is needed: the
     * rest of {@code validEnd}'s page is read, and the file system must report no data after that page. Saves a
     * journaled truncate per partition when thousands recover after a kill.
     */
    private static boolean zeroTail(FileChannel ch, Path path, int validEnd) throws IOException {
        long pageEnd = Math.min(ch.size(), (validEnd + 4095L) & ~4095L);
        if (pageEnd > validEnd) {
            java.nio.ByteBuffer rest = java.nio.ByteBuffer.allocate((int) (pageEnd - validEnd));
            while (rest.hasRemaining() && ch.read(rest, validEnd + rest.position()) >= 0) {
                // positional reads until the page is in
            }
            for (int i = 0; i < rest.position(); i++) {
                if (rest.get(i) != 0) {
                    return false;
                }
            }
        }
        return pageEnd >= ch.size() || NativeIo.seekData(path, pageEnd) < 0;
    }

    private static SegmentMapping mapFrom(Path path, int from, int capacity, int chunk) throws IOException {
        long reserveTo = Math.min(capacity, (long) from + chunk);
        if (reserveTo > from) {
            int errno = NativeIo.fallocate(path, from, reserveTo - from);
            if (errno == NativeIo.ENOSPC) {
                throw new OutOfSpaceException("no space to reserve segment: path=" + path + ", bytes=" + (reserveTo - from));
            }
            if (errno != 0 && errno != NativeIo.EOPNOTSUPP) {
                throw new IOException("fallocate failed: path=" + path + ", errno=" + errno);
            }
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment mapping = ch.map(FileChannel.MapMode.READ_WRITE, 0, capacity, arena);
            return new SegmentMapping(path, arena, mapping, capacity, reserveTo);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    UnsafeBuffer buffer() {
        return buffer;
    }

    int capacity() {
        return capacity;
    }

    Path path() {
        return path;
    }

    /** Records that the file was renamed (a prepared segment becoming the active one). */
    void movedTo(Path newPath) {
        this.path = newPath;
    }

    /** Bytes from the file start that the writer may touch. */
    long reservedEnd() {
        return reservedEnd;
    }

    /**
     * Reserves disk space so that at least {@code upTo} bytes (rounded up to {@code chunk}, capped at capacity) are
     * backed. Returns 0 or the errno; ENOSPC means nothing more was reserved.
     */
    synchronized int reserve(long upTo, int chunk) {
        long current = reservedEnd;
        if (upTo <= current || closed) {
            return 0;
        }
        long target = Math.min(capacity, Math.max(upTo, current + chunk));
        int errno = NativeIo.fallocate(path, current, target - current);
        if (errno != 0 && errno != NativeIo.EOPNOTSUPP) {
            return errno;
        }
        reservedEnd = target;
        return 0;
    }

    /** Prefaults everything reserved so far (a prepared segment, before anyone writes it). */
    synchronized void prefaultReserved() {
        if (!closed && reservedEnd > 0) {
            NativeIo.prefault(mapping.address(), reservedEnd);
        }
    }

    /**
     * Drops the page-table entries of the written range {@code [from, to)} (page-aligned); the pages and their dirty
     * state stay in the page cache, and a later access would fault them back in. Why: the kernel flusher writes back
     * a page that is still mapped only after write-protecting it with a TLB-shootdown IPI to every CPU running this
     * process, one per page (measured: ~37% of the flusher's CPU in a 100-partition append stall,
     * docs/benchmarks.md); unmapped pages are written back without any. One call costs one TLB flush. Appender
     * only, under the partition lock, like the buffer.
     */
    void dropMapped(long from, long to) {
        if (!closed && to > from) {
            NativeIo.dropMapping(mapping.address() + from, to - from);
        }
    }

    /** msyncs {@code [from, to)} of the mapping. */
    synchronized void force(long from, long to) {
        if (!closed && to > from) {
            mapping.asSlice(from, to - from).force();
        }
    }

    /**
     * Unmaps, truncates the file to {@code length} and fsyncs it. Idempotent. No msync first: on Linux munmap
     * hands the dirty pages to the page cache and fsync writes them, so one sync suffices.
     */
    synchronized void seal(int length) throws IOException {
        seal(length, true);
    }

    /** {@link #seal(int)}, leaving the fsync to the caller when {@code fsync} is false (one syncfs for many). */
    synchronized void seal(int length, boolean fsync) throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (!closed) {
            closed = true;
            arena.close();
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            if (fsync) {
                ch.force(true);
            }
        }
    }

    /**
     * Marks a rolled mapping as no longer written by the appender (under the partition lock, at the roll), so
     * that {@link #unmapRetired} may unmap it before its seal.
     */
    synchronized void retire() {
        retired = true;
    }

    /**
     * Unmaps a retired mapping now, leaving truncate and fsync to {@link #seal}. Why: while a rolled segment is
     * still mapped, writeback of its dirty pages (the kernel flusher's, once dirty pages pass the background
     * threshold) must write-protect every page with a TLB-shootdown IPI to the appender's CPU; measured at ~18% of
     * both CPUs' samples in a 1-partition append run (docs/benchmarks.md). Unmapped, the same writeback is cheap.
     */
    synchronized void unmapRetired() {
        if (retired && !closed) {
            closed = true;
            arena.close();
        }
    }

    /**
     * For a truncation that makes this segment the active one again: zeroes {@code [from, from + length)} and
     * takes it back from retirement. False (nothing done) if it was unmapped already; the caller reopens the file.
     */
    synchronized boolean reactivate(int from, int length) {
        if (closed) {
            return false;
        }
        retired = false;
        buffer.setMemory(from, length, (byte) 0);
        return true;
    }

    /** Unmaps without touching the file (unclean-stop simulation, or a prepared file about to be deleted). */
    synchronized void unmap() {
        done = true;
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
