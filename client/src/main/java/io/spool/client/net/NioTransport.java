package io.spool.client.net;

import io.spool.client.buffer.PooledBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain NIO transport: used where the FFM socket is unavailable (non-Linux, no native access). */
public final class NioTransport implements Transport {
    private final SocketChannel channel;
    private final ZeroCopyStats stats;

    private NioTransport(SocketChannel channel, ZeroCopyStats stats) {
        this.channel = channel;
        this.stats = stats;
    }

    /** Connects a blocking SocketChannel to {@code address}. */
    public static NioTransport connect(InetSocketAddress address, TransportConfig config, ZeroCopyStats stats)
            throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (config.sendBufferBytes() > 0) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
            }
            if (config.receiveBufferBytes() > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            }
            ch.socket().connect(address, config.connectTimeoutMs());
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (config.zeroCopyEnabled()) {
            stats.unavailable.increment();
        }
        return new NioTransport(ch, stats);
    }

    @Override
    public void write(MemorySegment bytes, PooledBuffer owner, boolean more) throws IOException {
        ByteBuffer bb = bytes.asByteBuffer();
        while (bb.hasRemaining()) {
            int n = channel.write(bb);
            stats.copySends.increment();
            stats.copyBytes.add(n);
        }
    }

    @Override
    public void writeGather(MemorySegment[] parts, int count, boolean more) throws IOException {
        ByteBuffer[] bbs = new ByteBuffer[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            bbs[i] = parts[i].asByteBuffer();
            total += bbs[i].remaining();
        }
        while (total > 0) {
            long n = channel.write(bbs);
            total -= n;
            stats.copySends.increment();
            stats.copyBytes.add(n);
        }
    }

    @Override
    public int read(MemorySegment dst) throws IOException {
        return channel.read(dst.asByteBuffer());
    }

    @Override
    public boolean awaitCompletions(long timeoutMs) {
        return true;
    }

    @Override
    public int pendingCompletions() {
        return 0;
    }

    @Override
    public boolean zeroCopyFor(long length) {
        return false;
    }

    @Override
    public boolean zeroCopyActive() {
        return false;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to report to
        }
    }
}
