package io.spool.client.net;

/**
 * One MSG_ZEROCOPY notification: the send calls numbered {@code lo..hi} (inclusive, unsigned 32-bit
 * counters that may wrap) have completed; {@code copied} when the kernel copied instead of
 * sending from the pages ({@code SO_EE_CODE_ZEROCOPY_COPIED}).
 *
 * @param level the cmsg level it came on: {@code SOL_IP} (0) or {@code SOL_IPV6} (41)
 */
public record ZeroCopyCompletion(int lo, int hi, boolean copied, int level) {

    /** Number of send calls the range covers (1..2^32, as a long). */
    public long count() {
        return ((hi - lo) & 0xFFFF_FFFFL) + 1;
    }
}
