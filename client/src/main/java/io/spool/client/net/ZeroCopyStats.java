package io.spool.client.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the send path, shared by every connection of one client; read them with
 * {@code producer.zeroCopyStats()}. Thread-safe; values only grow.
 */
public final class ZeroCopyStats {
    final LongAdder zeroCopySends = new LongAdder();
    final LongAdder zeroCopyBytes = new LongAdder();
    final LongAdder copySends = new LongAdder();
    final LongAdder copyBytes = new LongAdder();
    final LongAdder completedSends = new LongAdder();
    final LongAdder completionNotifications = new LongAdder();
    final LongAdder copiedSends = new LongAdder();
    final LongAdder copiedNotifications = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder enobufs = new LongAdder();
    final LongAdder unavailable = new LongAdder();

    /** send() calls made with MSG_ZEROCOPY (each one is owed a completion). */
    public long zeroCopySends() {
        return zeroCopySends.sum();
    }

    /** Bytes accepted by send() calls made with MSG_ZEROCOPY. */
    public long zeroCopyBytes() {
        return zeroCopyBytes.sum();
    }

    /** Plain send() calls (below the threshold, headers, or after a fallback). */
    public long copySends() {
        return copySends.sum();
    }

    /** Bytes accepted by plain send() calls. */
    public long copyBytes() {
        return copyBytes.sum();
    }

    /** MSG_ZEROCOPY send calls the kernel has reported complete (sum of the ranges). */
    public long completedSends() {
        return completedSends.sum();
    }

    /** Completion notifications read from the error queue (one may cover a range of sends). */
    public long completionNotifications() {
        return completionNotifications.sum();
    }

    /** Completed send calls for which the kernel reported SO_EE_CODE_ZEROCOPY_COPIED. */
    public long copiedSends() {
        return copiedSends.sum();
    }

    /** Notifications carrying SO_EE_CODE_ZEROCOPY_COPIED. */
    public long copiedNotifications() {
        return copiedNotifications.sum();
    }

    /** Connections that switched from MSG_ZEROCOPY to plain sends because the kernel copied. */
    public long fallbacks() {
        return fallbacks.sum();
    }

    /** Connections on which MSG_ZEROCOPY could not be enabled (non-Linux, old kernel, no native access). */
    public long unavailable() {
        return unavailable.sum();
    }

    /** Sends that failed with ENOBUFS (notification memory full) and were retried after draining. */
    public long enobufs() {
        return enobufs.sum();
    }

    @Override
    public String toString() {
        return "zeroCopySends=" + zeroCopySends() + ", zeroCopyBytes=" + zeroCopyBytes()
                + ", copySends=" + copySends() + ", copyBytes=" + copyBytes()
                + ", completedSends=" + completedSends() + ", completionNotifications=" + completionNotifications()
                + ", copiedSends=" + copiedSends() + ", fallbacks=" + fallbacks()
                + ", unavailable=" + unavailable() + ", enobufs=" + enobufs();
    }
}
