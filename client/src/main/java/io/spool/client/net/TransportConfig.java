package io.spool.client.net;

/**
 * Socket settings of one connection.
 *
 * @param zeroCopyEnabled     {@code zerocopy.enable}: try SO_ZEROCOPY at all
 * @param zeroCopyThreshold   {@code zerocopy.threshold.bytes}: smallest buffer sent with MSG_ZEROCOPY
 * @param fallbackOnCopied    {@code zerocopy.fallback.on.copied}: switch to plain sends after the
 *                            first COPIED completion (false keeps MSG_ZEROCOPY on, e.g. to exercise
 *                            the whole buffer lifecycle on loopback)
 * @param connectTimeoutMs    bound on connect(2), in ms
 * @param sendTimeoutMs       bound on one blocked send(2) (SO_SNDTIMEO), in ms
 * @param closeTimeoutMs      how long close waits for outstanding zero-copy completions, in ms
 * @param sendBufferBytes     SO_SNDBUF, or -1 for the kernel default
 * @param receiveBufferBytes  SO_RCVBUF, or -1 for the kernel default
 * @param dualStack           open an AF_INET6 socket even for IPv4 peers (IPv4-mapped), as Netty does
 */
public record TransportConfig(boolean zeroCopyEnabled, int zeroCopyThreshold, boolean fallbackOnCopied,
                              int connectTimeoutMs, int sendTimeoutMs, int closeTimeoutMs,
                              int sendBufferBytes, int receiveBufferBytes, boolean dualStack) {

    public static final int DEFAULT_ZERO_COPY_THRESHOLD = 16384;

    /** Defaults: zero-copy on at 16 KiB, fall back when the kernel copies. */
    public static TransportConfig defaults() {
        return new TransportConfig(true, DEFAULT_ZERO_COPY_THRESHOLD, true, 10_000, 30_000, 5_000, -1, -1, false);
    }

    /** A copy with other zero-copy settings. */
    public TransportConfig withZeroCopy(boolean enabled, int threshold, boolean fallbackOnCopied) {
        return new TransportConfig(enabled, threshold, fallbackOnCopied, connectTimeoutMs, sendTimeoutMs,
                closeTimeoutMs, sendBufferBytes, receiveBufferBytes, dualStack);
    }

    /** A copy with other connect and send timeouts (ms). */
    public TransportConfig withTimeouts(int connectTimeoutMs, int sendTimeoutMs) {
        return new TransportConfig(zeroCopyEnabled, zeroCopyThreshold, fallbackOnCopied, connectTimeoutMs, sendTimeoutMs,
                closeTimeoutMs, sendBufferBytes, receiveBufferBytes, dualStack);
    }

    /** A copy with other SO_SNDBUF / SO_RCVBUF sizes (-1: kernel default). */
    public TransportConfig withBuffers(int sendBufferBytes, int receiveBufferBytes) {
        return new TransportConfig(zeroCopyEnabled, zeroCopyThreshold, fallbackOnCopied, connectTimeoutMs, sendTimeoutMs,
                closeTimeoutMs, sendBufferBytes, receiveBufferBytes, dualStack);
    }

    /** A copy that opens AF_INET6 sockets for IPv4 peers too. */
    public TransportConfig withDualStack(boolean dualStack) {
        return new TransportConfig(zeroCopyEnabled, zeroCopyThreshold, fallbackOnCopied, connectTimeoutMs, sendTimeoutMs,
                closeTimeoutMs, sendBufferBytes, receiveBufferBytes, dualStack);
    }
}
