package io.spool.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical limits a broker on this machine works under, measured in the same run as the comparison:
 * loopback TCP throughput of a plain socket pair (one writer thread, one reader thread, 1 MiB buffers) and
 * memory copy bandwidth (off-heap to off-heap, 64 MiB blocks, pages already touched).
 */
final class PhysicalLimits {
    private PhysicalLimits() {
    }

    /** Loopback TCP throughput in MB/s (10^6 bytes) over {@code millis}. */
    static double loopbackMBps(long millis) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            AtomicLong received = new AtomicLong();
            Thread reader = Thread.ofPlatform().name("loopback-reader").start(() -> {
                try (SocketChannel in = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        received.addAndGet(n);
                        buf.clear();
                    }
                } catch (IOException ignored) {
                    // the writer closed the connection: done
                }
            });
            ByteBuffer out = ByteBuffer.allocateDirect(1 << 20);
            long start;
            long bytesAtStart;
            long end;
            long bytesAtEnd;
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                long warmupEnd = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < warmupEnd) {
                    out.clear();
                    client.write(out);
                }
                start = System.nanoTime();
                bytesAtStart = received.get();
                long deadline = start + millis * 1_000_000L;
                while (System.nanoTime() < deadline) {
                    out.clear();
                    client.write(out);
                }
                end = System.nanoTime();
                bytesAtEnd = received.get();
            }
            reader.join(5_000);
            return (bytesAtEnd - bytesAtStart) / ((end - start) / 1e9) / 1e6;
        }
    }

    /** Memory copy bandwidth in GB/s (10^9 bytes copied per second) over {@code millis}. */
    static double memcpyGBps(long millis) {
        long block = 64L << 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(block, 4096);
            MemorySegment b = arena.allocate(block, 4096);
            a.fill((byte) 1);
            b.fill((byte) 2);
            for (int i = 0; i < 3; i++) {
                MemorySegment.copy(a, 0, b, 0, block);
            }
            long copied = 0;
            long start = System.nanoTime();
            long deadline = start + millis * 1_000_000L;
            while (System.nanoTime() < deadline) {
                MemorySegment.copy(a, 0, b, 0, block);
                copied += block;
            }
            return copied / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }
}
