package io.spool.client.net;

import io.spool.client.buffer.BufferPool;
import io.spool.client.buffer.PooledBuffer;

import java.net.InetSocketAddress;

/** Child process for {@link StraceZeroCopyTest}: sends {@code args[1]} 64 KiB buffers to port {@code args[0]}. */
public final class ZeroCopyProbe {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        ZeroCopyStats stats = new ZeroCopyStats();
        TransportConfig config = TransportConfig.defaults().withZeroCopy(true, 16384, false);
        try (BufferPool pool = new BufferPool(4L << 20, 65536);
             NativeTransport t = NativeTransport.connect(new InetSocketAddress("127.0.0.1", port), config, stats)) {
            for (int i = 0; i < count; i++) {
                PooledBuffer b = pool.allocate(65536, 10_000);
                b.segment().fill((byte) i);
                t.write(b.segment(), b, false);
                b.release();
            }
            if (!t.awaitCompletions(10_000)) {
                throw new IllegalStateException("completions outstanding: " + stats);
            }
        }
        System.out.println("STATS " + stats.zeroCopySends() + " " + stats.completedSends());
    }
}
