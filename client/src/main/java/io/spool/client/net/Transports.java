package io.spool.client.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Opens the best transport the platform offers: the FFM socket on Linux, NIO elsewhere. */
public final class Transports {
    private Transports() {
    }

    /** Connects to {@code address}; never returns null. */
    public static Transport connect(InetSocketAddress address, TransportConfig config, ZeroCopyStats stats)
            throws IOException {
        if (Native.isAvailable()) {
            return NativeTransport.connect(address, config, stats);
        }
        return NioTransport.connect(address, config, stats);
    }
}
