package io.spool.client.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A bounded pool of off-heap, page-aligned buffers ({@code buffer.memory} in total).
 *
 * <p>Buffers of exactly {@code poolableSize} bytes ({@code batch.size}) are kept for reuse; other
 * sizes are allocated for one use and freed on release. {@link #allocate} blocks up to
 * {@code maxBlockMs} for memory to come back and then throws {@link BufferExhaustedException}
 * ({@code maxBlockMs = 0} fails at once). Thread-safe.
 */
public final class BufferPool implements AutoCloseable {
    /** Alignment of every buffer: whole pages, so MSG_ZEROCOPY pins no page shared with other data. */
    public static final long ALIGNMENT = 4096;

    private final long totalMemory;
    private final int poolableSize;
    private final Consumer<MemorySegment> onRelease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition memoryFreed = lock.newCondition();
    private final ArrayDeque<PooledBuffer> free = new ArrayDeque<>();
    private long allocated;
    private int outstanding;
    private boolean closed;

    /** A pool that returns released buffers without touching them. */
    public BufferPool(long totalMemory, int poolableSize) {
        this(totalMemory, poolableSize, segment -> { });
    }

    /**
     * A pool that hands each released buffer to {@code onRelease} (on the releasing thread) before
     * it can be reused; tests use it to scribble on released memory.
     */
    public BufferPool(long totalMemory, int poolableSize, Consumer<MemorySegment> onRelease) {
        if (poolableSize <= 0 || totalMemory < poolableSize) {
            throw new IllegalArgumentException(
                    "buffer.memory must be >= batch.size > 0: buffer.memory=" + totalMemory + ", batch.size=" + poolableSize);
        }
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.onRelease = onRelease;
    }

    /**
     * Returns a buffer of at least {@code size} bytes (exactly {@code batch.size} when smaller),
     * holding one reference owned by the caller.
     */
    public PooledBuffer allocate(int size, long maxBlockMs) throws InterruptedException {
        int capacity = Math.max(size, poolableSize);
        if (capacity > totalMemory) {
            throw new BufferExhaustedException(
                    "record needs more than buffer.memory: size=" + size + ", buffer.memory=" + totalMemory);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        lock.lock();
        try {
            for (;;) {
                if (closed) {
                    throw new IllegalStateException("buffer pool is closed");
                }
                if (capacity == poolableSize && !free.isEmpty()) {
                    PooledBuffer b = free.pollFirst();
                    b.reset();
                    outstanding++;
                    return b;
                }
                // Free cached buffers to make room for a differently sized one.
                while (allocated + capacity > totalMemory && !free.isEmpty()) {
                    PooledBuffer b = free.pollFirst();
                    allocated -= b.capacity();
                    b.arena().close();
                }
                if (allocated + capacity <= totalMemory) {
                    allocated += capacity;
                    outstanding++;
                    Arena arena = Arena.ofShared();
                    return new PooledBuffer(this, arena, arena.allocate(capacity, ALIGNMENT));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BufferExhaustedException("failed to allocate " + size + " bytes within max.block.ms="
                            + maxBlockMs + ": buffer.memory=" + totalMemory + ", in use=" + allocated);
                }
                memoryFreed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    void deallocate(PooledBuffer buffer) {
        onRelease.accept(buffer.segment());
        lock.lock();
        try {
            outstanding--;
            if (!closed && buffer.capacity() == poolableSize) {
                free.addLast(buffer);
            } else {
                allocated -= buffer.capacity();
                buffer.arena().close();
            }
            memoryFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes that can still be allocated without waiting (free cached buffers count as available). */
    public long availableMemory() {
        lock.lock();
        try {
            return totalMemory - allocated + (long) free.size() * poolableSize;
        } finally {
            lock.unlock();
        }
    }

    /** Buffers handed out and not yet released (the kernel may still be reading some of them). */
    public int outstanding() {
        lock.lock();
        try {
            return outstanding;
        } finally {
            lock.unlock();
        }
    }

    /** The {@code batch.size} buffers are cached at. */
    public int poolableSize() {
        return poolableSize;
    }

    /**
     * Frees the cached buffers. Buffers still outstanding are freed when released, never earlier:
     * the kernel may still be sending from them.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (PooledBuffer b : free) {
                allocated -= b.capacity();
                b.arena().close();
            }
            free.clear();
            memoryFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
