package io.spool.client.net;

import io.spool.client.buffer.BufferPool;
import io.spool.client.buffer.PooledBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@EnabledOnOs(OS.LINUX)
class NativeTransportTest {
    private static final int CHUNK = 64 * 1024;

    private static TransportConfig keepZeroCopy() {
        return TransportConfig.defaults().withZeroCopy(true, 16384, false);
    }

    private static void fill(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, pattern(seed, i));
        }
    }

    private static byte pattern(int seed, long i) {
        return (byte) (seed * 31 + i * 7 + (i >>> 9));
    }

    private static void assertPattern(byte[] got, int chunks, int chunkSize) {
        assertEquals((long) chunks * chunkSize, got.length, "received length");
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < chunkSize; i++) {
                byte expected = pattern(c, i);
                if (got[c * chunkSize + i] != expected) {
                    fail("byte " + i + " of chunk " + c + " differs: expected=" + expected + ", got=" + got[c * chunkSize + i]);
                }
            }
        }
    }

    @Test
    void largeSendsCarryMsgZeroCopyAndEveryOneCompletes() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), -1, true);
             BufferPool pool = new BufferPool(4L << 20, CHUNK);
             NativeTransport t = NativeTransport.connect(sink.address(), keepZeroCopy(), stats)) {
            int chunks = 40;
            for (int c = 0; c < chunks; c++) {
                PooledBuffer b = pool.allocate(CHUNK, 10_000);
                fill(b.segment(), c);
                t.write(b.segment(), b, false);
                b.release();
            }
            assertTrue(t.awaitCompletions(10_000), "completions outstanding: " + t.pendingCompletions());
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == (long) chunks * CHUNK);
            assertTrue(stats.zeroCopySends() >= chunks, stats.toString());
            assertEquals(stats.zeroCopySends(), stats.completedSends(), "every send has a completion: " + stats);
            assertEquals((long) chunks * CHUNK, stats.zeroCopyBytes());
            assertEquals(0, stats.copySends(), stats.toString());
            assertEquals(0, pool.outstanding(), "every buffer is back in the pool");
            assertEquals(Native.SOL_IP, t.lastCompletionLevel(), "AF_INET completions arrive as SOL_IP/IP_RECVERR");
            // Loopback delivers into a local socket, so the kernel always copies.
            assertEquals(stats.completedSends(), stats.copiedSends(), stats.toString());
            assertEquals(0, stats.fallbacks(), "fallback is off in this test");
            assertTrue(t.zeroCopyActive());
            assertPattern(sink.bytes(), chunks, CHUNK);
        }
    }

    @Test
    void smallSendsAndUnownedMemoryAreCopied() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), -1, true);
             BufferPool pool = new BufferPool(1L << 20, CHUNK);
             NativeTransport t = NativeTransport.connect(sink.address(), keepZeroCopy(), stats);
             Arena arena = Arena.ofConfined()) {
            PooledBuffer b = pool.allocate(CHUNK, 1000);
            fill(b.segment(), 0);
            t.write(b.segment().asSlice(0, 16383), b, false); // below the threshold
            MemorySegment transient_ = arena.allocate(CHUNK);
            t.write(transient_, null, false); // no owner: must copy
            b.release();
            assertEquals(0, stats.zeroCopySends(), stats.toString());
            assertEquals(2, stats.copySends(), stats.toString());
            assertEquals(0, pool.outstanding());
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == 16383 + CHUNK);
        }
    }

    @Test
    void copiedCompletionOnLoopbackTriggersFallback() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        TransportConfig config = TransportConfig.defaults(); // fallback on COPIED is the default
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), -1, true);
             BufferPool pool = new BufferPool(1L << 20, CHUNK);
             NativeTransport t = NativeTransport.connect(sink.address(), config, stats)) {
            assertTrue(t.zeroCopyActive(), "SO_ZEROCOPY is available on this kernel");
            PooledBuffer b = pool.allocate(CHUNK, 1000);
            fill(b.segment(), 0);
            t.write(b.segment(), b, false);
            assertEquals(1, stats.zeroCopySends());
            assertTrue(t.awaitCompletions(10_000));
            assertEquals(1, stats.copiedSends(), "loopback reports SO_EE_CODE_ZEROCOPY_COPIED: " + stats);
            assertEquals(1, stats.fallbacks(), stats.toString());
            assertFalse(t.zeroCopyActive(), "connection fell back to plain sends");

            fill(b.segment(), 1);
            t.write(b.segment(), b, false);
            b.release();
            assertEquals(1, stats.zeroCopySends(), "no MSG_ZEROCOPY after the fallback");
            assertEquals(CHUNK, stats.copyBytes());
            assertEquals(0, pool.outstanding());
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == 2L * CHUNK);
            assertPattern(sink.bytes(), 2, CHUNK);
        }
    }

    @Test
    void ipv6SocketsReportCompletionsOnSolIpv6() throws Exception {
        // Both a native ::1 peer and an IPv4 peer reached through a dual-stack AF_INET6 socket.
        boolean haveIpv6Loopback = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .anyMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress());
        InetAddress[] peers = haveIpv6Loopback
                ? new InetAddress[] {InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")}
                : new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        for (InetAddress peer : peers) {
            ZeroCopyStats stats = new ZeroCopyStats();
            try (LoopbackSink sink = new LoopbackSink(peer, -1, true);
                 BufferPool pool = new BufferPool(1L << 20, CHUNK);
                 NativeTransport t = NativeTransport.connect(sink.address(), keepZeroCopy().withDualStack(true), stats)) {
                for (int c = 0; c < 4; c++) {
                    PooledBuffer b = pool.allocate(CHUNK, 1000);
                    fill(b.segment(), c);
                    t.write(b.segment(), b, false);
                    b.release();
                }
                assertTrue(t.awaitCompletions(10_000), "peer " + peer + ": " + stats);
                assertEquals(Native.SOL_IPV6, t.lastCompletionLevel(), "peer " + peer);
                assertEquals(stats.zeroCopySends(), stats.completedSends());
                assertEquals(0, pool.outstanding());
                await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == 4L * CHUNK);
                assertPattern(sink.bytes(), 4, CHUNK);
            }
        }
    }

    /**
     * The pool scribbles on every buffer the moment it comes back. The receiver does not read
     * at first, so most of the data sits in the sender's queue still pointing at our pages; if a
     * buffer were released before its completion, the scribble would reach the wire.
     */
    @Test
    void buffersAreNotReusedBeforeTheirCompletion() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        int chunks = 48;
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), 32 * 1024, false);
             BufferPool pool = new BufferPool(8L << 20, CHUNK, seg -> seg.fill((byte) 0x5A));
             NativeTransport t = NativeTransport.connect(sink.address(),
                     keepZeroCopy().withBuffers(256 * 1024, -1), stats)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    for (int c = 0; c < chunks; c++) {
                        PooledBuffer b = pool.allocate(CHUNK, 10_000);
                        fill(b.segment(), c);
                        t.write(b.segment(), b, false);
                        b.release(); // our reference goes at once; the transport's stays
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            // While the receiver stalls, buffers we already released must still be held back.
            await().atMost(Duration.ofSeconds(10)).until(() -> t.pendingCompletions() >= 2 && pool.outstanding() >= 2);
            assertTrue(pool.outstanding() > 0);
            sink.startReading();
            sender.join(30_000);
            assertNull(failure.get());
            assertTrue(t.awaitCompletions(10_000), stats.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == (long) chunks * CHUNK);
            assertEquals(0, pool.outstanding());
            assertEquals(stats.zeroCopySends(), stats.completedSends());
            assertPattern(sink.bytes(), chunks, CHUNK);
        }
    }

    /**
     * Control for the test above: scribbling right after a raw MSG_ZEROCOPY send, without waiting
     * for the completion, does corrupt what the peer receives on this kernel, so the scribbler
     * test can catch an early release.
     */
    @Test
    void scribblingBeforeCompletionCorruptsTheStream() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        int length = 1 << 20;
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), 32 * 1024, false);
             NativeTransport t = NativeTransport.connect(sink.address(), keepZeroCopy(), stats);
             Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(length, 4096);
            fill(seg, 0);
            long sent = Native.send(t.fd(), seg, length, Native.MSG_ZEROCOPY | Native.MSG_DONTWAIT | Native.MSG_NOSIGNAL);
            assumeTrue(sent > 0, "raw MSG_ZEROCOPY send failed: errno=" + Native.errno());
            seg.fill((byte) 0x5A);
            sink.startReading();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == sent);
            byte[] got = sink.bytes();
            long scribbled = 0;
            for (byte b : got) {
                if (b == 0x5A) {
                    scribbled++;
                }
            }
            assertTrue(scribbled > sent / 4, "expected scribbled bytes on the wire, got " + scribbled + " of " + sent);
        }
    }

    @Test
    void gatheringWriteSendsEveryPieceInOrder() throws Exception {
        ZeroCopyStats stats = new ZeroCopyStats();
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), 16 * 1024, true);
             NativeTransport t = NativeTransport.connect(sink.address(), keepZeroCopy().withBuffers(16 * 1024, -1), stats);
             Arena arena = Arena.ofShared()) {
            int pieces = 40;
            MemorySegment[] parts = new MemorySegment[pieces];
            for (int c = 0; c < pieces; c++) {
                parts[c] = arena.allocate(CHUNK);
                fill(parts[c], c);
            }
            t.writeGather(parts, pieces, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == (long) pieces * CHUNK);
            assertPattern(sink.bytes(), pieces, CHUNK);
            assertEquals((long) pieces * CHUNK, stats.copyBytes());
            assertEquals(0, stats.zeroCopySends());
        }
    }
}
