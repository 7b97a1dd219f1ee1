package io.spool.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The few Linux calls the JDK does not offer, through FFM: {@code fallocate(2)} to reserve disk space ahead of
 * a mapping's writer (so a full disk is an errno, not a SIGBUS) and {@code madvise(2)} to prefault reserved
 * pages off the append path. Thread-safe; every method returns the errno (0 on success) instead of throwing.
 */
final class NativeIo {
    static final int ENOSPC = 28;
    static final int EOPNOTSUPP = 95;
    static final int EINTR = 4;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_RDONLY_DIRECTORY = 0x10000;
    private static final int MADV_POPULATE_READ = 22;
    private static final int MADV_DONTNEED = 4;
    private static final int POSIX_FADV_DONTNEED = 4;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(groupElement("errno"));
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle MADVISE;
    private static final MethodHandle FSYNC;
    private static final MethodHandle SYNCFS;
    private static final MethodHandle LSEEK;
    private static final MethodHandle FADVISE;
    private static final int SEEK_DATA = 3;
    static final int ENXIO = 6;

    static {
        Linker linker = Linker.nativeLinker();
        var lookup = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        OPEN = linker.downcallHandle(lookup.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
        CLOSE = linker.downcallHandle(lookup.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        FALLOCATE = linker.downcallHandle(lookup.find("fallocate").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), errno);
        MADVISE = linker.downcallHandle(lookup.find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), errno);
        FSYNC = linker.downcallHandle(lookup.find("fsync").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), errno);
        LSEEK = linker.downcallHandle(lookup.find("lseek").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), errno);
        FADVISE = linker.downcallHandle(lookup.find("posix_fadvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        SYNCFS = linker.downcallHandle(lookup.find("syncfs").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), errno);
    }

    /** Test hook: when set, every fallocate fails with this errno (simulates a full disk). */
    static volatile int injectedFallocateErrno;

    private NativeIo() {
    }

    /**
     * Allocates disk blocks for {@code [offset, offset + length)} of {@code file} (mode 0: may grow the file).
     * Returns 0, or the errno ({@link #ENOSPC} when the disk is full).
     */
    static int fallocate(Path file, long offset, long length) {
        int injected = injectedFallocateErrno;
        if (injected != 0) {
            return injected;
        }
        try {
            return onFile(file, (fd, state) -> {
                int rc;
                do {
                    rc = (int) FALLOCATE.invokeExact(state, fd, 0, offset, length);
                } while (rc != 0 && (int) ERRNO.get(state, 0L) == EINTR);
                return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
            });
        } catch (Throwable t) {
            throw new IllegalStateException("fallocate failed: file=" + file, t);
        }
    }

    /** A call on an open descriptor; {@code state} captures errno. Returns 0 or an errno. */
    @FunctionalInterface
    private interface FdCall {
        int apply(int fd, MemorySegment state) throws Throwable;
    }

    /** Opens {@code file} read-write, applies {@code call} and closes it; open's errno if it cannot be opened. */
    private static int onFile(Path file, FdCall call) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(file.toString()), O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                return (int) ERRNO.get(state, 0L);
            }
            try {
                return call.apply(fd, state);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        }
    }

    /**
     * {@code lseek(SEEK_DATA)}: the first offset at or after {@code from} that may hold data (written blocks or
     * cached pages); -1 when there is none. Unwritten (fallocated, never written) extents count as holes, so an
     * answer of -1 proves that everything from {@code from} on reads as zeros. Any error gives {@code from}
     * (the caller then assumes data).
     */
    static long seekData(Path file, long from) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(file.toString()), O_CLOEXEC);
            if (fd < 0) {
                return from;
            }
            try {
                long rc = (long) LSEEK.invokeExact(state, fd, from, SEEK_DATA);
                if (rc < 0) {
                    return (int) ERRNO.get(state, 0L) == ENXIO ? -1 : from;
                }
                return rc;
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            return from;
        }
    }

    /** fsyncs a directory so that file creations and renames in it are durable. Returns 0 or the errno. */
    static int fsyncDirectory(Path dir) {
        return syncDirectory(dir, false);
    }

    /**
     * {@code syncfs(2)} on the file system holding {@code dir}: every file's data and metadata in one call, which
     * is what closing or recovering thousands of partitions needs instead of one fsync per file. Returns 0 or
     * the errno.
     */
    static int syncFileSystem(Path dir) {
        return syncDirectory(dir, true);
    }

    private static int syncDirectory(Path dir, boolean wholeFileSystem) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(dir.toString()), O_RDONLY_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                return (int) ERRNO.get(state, 0L);
            }
            try {
                int rc = wholeFileSystem ? (int) SYNCFS.invokeExact(state, fd) : (int) FSYNC.invokeExact(state, fd);
                return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("fsync failed: dir=" + dir, t);
        }
    }

    /**
     * Prefaults {@code [address, address + length)} of a shared file mapping read-only ({@code MADV_POPULATE_READ}):
     * the page-cache pages are allocated and zero-filled here, and mapped, but not dirtied. Why not
     * {@code MADV_POPULATE_WRITE}: pages dirtied ahead of the writer are zeros the kernel flusher may write back
     * (with a TLB-shootdown IPI per page, the file being mapped) before the writer fills them; the writer's first
     * store now takes a write-protect fault instead, which allocates nothing. Page-aligned start; best effort:
     * returns the errno.
     */
    static int prefault(long address, long length) {
        long aligned = address & ~4095L;
        return madvise(aligned, length + (address - aligned), MADV_POPULATE_READ);
    }

    /**
     * {@code madvise(MADV_DONTNEED)} of a shared file mapping's page-aligned range: drops the page-table entries
     * (the pages and their dirty state stay in the page cache; a later access faults them back in). Returns the errno.
     */
    static int dropMapping(long address, long length) {
        return madvise(address, length, MADV_DONTNEED);
    }

    private static int madvise(long address, long length, int advice) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) MADVISE.invokeExact(state, address, length, advice);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * {@code posix_fadvise(POSIX_FADV_DONTNEED)} of the whole file: drops its clean page-cache pages (dirty ones are
     * only queued for writeback). Returns the errno.
     */
    static int dropCache(Path file) {
        try {
            return onFile(file, (fd, state) -> (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED));
        } catch (Throwable t) {
            return -1;
        }
    }
}
