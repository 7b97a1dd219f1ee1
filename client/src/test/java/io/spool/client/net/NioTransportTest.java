package io.spool.client.net;

import io.spool.client.buffer.BufferPool;
import io.spool.client.buffer.PooledBuffer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The fallback transport where FFM sockets are unavailable: plain sends, counted as "unavailable". */
class NioTransportTest {

    @Test
    void sendsPlainlyAndCountsZeroCopyAsUnavailable() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), -1, true);
             BufferPool pool = new BufferPool(1 << 20, 65536);
             NioTransport t = NioTransport.connect(sink.address(), TransportConfig.defaults(), stats);
             Arena arena = Arena.ofConfined()) {
            assertEquals(1, stats.unavailable(), "zero-copy was asked for but is not available");
            assertFalse(t.zeroCopyFor(1 << 20));
            PooledBuffer b = pool.allocate(65536, 0);
            b.segment().fill((byte) 7);
            t.write(b.segment(), b, false);
            b.release();
            assertEquals(0, pool.outstanding(), "nothing is held back on the plain path");
            MemorySegment a = arena.allocate(10);
            a.fill((byte) 8);
            t.writeGather(new MemorySegment[] {a, a}, 2, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == 65536 + 20);
            byte[] got = sink.bytes();
            assertEquals(7, got[65535]);
            assertEquals(8, got[65536 + 19]);
            assertEquals(0, stats.zeroCopySends());
            assertTrue(t.awaitCompletions(0));
        }
    }
}
