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
     * a crash can never reappear), reserves a chunk and maps {@code capacity} (at least {@code validEnd}).
     */
    static SegmentMapping reopen(Path path, int validEnd, int capacity, int chunk) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (ch.size() > validEnd) {
                ch.truncate(validEnd);
                ch.force(true);
            }
        }
        return mapFrom(path, validEnd, Math.max(capacity, validEnd), chunk);
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

    /** Prefaults the reserved range {@code [from, to)} so the appender does not take the page faults. */
    synchronized void prefault(long from, long to) {
        if (!closed && to > from) {
            NativeIo.populateWrite(mapping.address() + from, Math.min(to, reservedEnd) - from);
        }
    }

    /** msyncs {@code [from, to)} of the mapping. */
    synchronized void force(long from, long to) {
        if (!closed && to > from) {
            mapping.asSlice(from, to - from).force();
        }
    }

    /** Forces, unmaps and truncates the file to {@code length}, then fsyncs it. Idempotent. */
    synchronized void seal(int length) throws IOException {
        if (closed) {
            return;
        }
        if (length > 0) {
            mapping.asSlice(0, length).force();
        }
        closed = true;
        arena.close();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }

    /** Unmaps without touching the file (unclean-stop simulation, or a prepared file about to be deleted). */
    synchronized void unmap() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
