package io.spool.client.net;

import io.spool.client.buffer.PooledBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A connected TCP stream with one writer thread and one reader thread at a time.
 *
 * <p>Buffer ownership: {@link #write} borrows {@code bytes} for the duration of the call, except
 * when it sends them with MSG_ZEROCOPY: then it retains {@code owner} once per send call and
 * releases it when the kernel reports that call complete, so the caller may release its own
 * reference as soon as it likes.
 */
public interface Transport extends AutoCloseable {

    /**
     * Writes every byte of the native segment {@code bytes}, blocking. Zero-copy is used only when {@code owner} is
     * given, the segment is at least the threshold long, and the connection has not fallen back.
     *
     * @param owner the pooled buffer {@code bytes} lies in, or null for transient memory
     * @param more  more bytes of the same request follow at once (MSG_MORE)
     */
    void write(MemorySegment bytes, PooledBuffer owner, boolean more) throws IOException;

    /**
     * Writes every byte of the native segments {@code parts[0..count)} in order, blocking, with as
     * few plain (copying) system calls as possible: a gathering write. Never uses MSG_ZEROCOPY.
     * {@code more}: more bytes of the same request follow at once (MSG_MORE).
     */
    void writeGather(MemorySegment[] parts, int count, boolean more) throws IOException;

    /** Reads at least one byte into the native segment {@code dst}, blocking; returns the count, or -1 at end of stream. */
    int read(MemorySegment dst) throws IOException;

    /** Waits up to {@code timeoutMs} for every outstanding zero-copy send to complete; true if none is left. */
    boolean awaitCompletions(long timeoutMs);

    /** Zero-copy sends not yet completed by the kernel. */
    int pendingCompletions();

    /** Whether {@link #write} with an owner would send {@code length} bytes with MSG_ZEROCOPY right now. */
    boolean zeroCopyFor(long length);

    /** Whether the next large write would use MSG_ZEROCOPY. */
    boolean zeroCopyActive();

    /** Waits (bounded) for outstanding completions, then closes; idempotent, any thread. */
    @Override
    void close();
}
