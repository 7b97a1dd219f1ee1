package io.spool.client.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An off-heap, page-aligned buffer from a {@link BufferPool}, reference counted.
 *
 * <p>The allocator holds the first reference. Whoever else still needs the memory (a zero-copy
 * send the kernel has not completed yet) holds one more; the buffer goes back to its pool when
 * the last one is released. Thread-safe.
 */
public final class PooledBuffer {
    private final BufferPool pool;
    private final Arena arena;
    private final MemorySegment segment;
    private final AtomicInteger refCnt = new AtomicInteger(1);

    PooledBuffer(BufferPool pool, Arena arena, MemorySegment segment) {
        this.pool = pool;
        this.arena = arena;
        this.segment = segment;
    }

    /** The whole buffer; valid only while the caller holds a reference. */
    public MemorySegment segment() {
        return segment;
    }

    /** Capacity in bytes. */
    public int capacity() {
        return (int) segment.byteSize();
    }

    /** Current number of references (for tests and diagnostics). */
    public int refCnt() {
        return refCnt.get();
    }

    /** Adds a reference; fails if the buffer was already returned to its pool. */
    public PooledBuffer retain() {
        for (;;) {
            int n = refCnt.get();
            if (n <= 0) {
                throw new IllegalStateException("retain on a released buffer: refCnt=" + n);
            }
            if (refCnt.compareAndSet(n, n + 1)) {
                return this;
            }
        }
    }

    /** Drops a reference; the last one returns the buffer to its pool. */
    public void release() {
        int n = refCnt.decrementAndGet();
        if (n == 0) {
            pool.deallocate(this);
        } else if (n < 0) {
            throw new IllegalStateException("release on a released buffer: refCnt=" + n);
        }
    }

    Arena arena() {
        return arena;
    }

    void reset() {
        refCnt.set(1);
    }
}
