package io.spool.client.net;

import io.spool.client.buffer.BufferPool;
import io.spool.client.buffer.PooledBuffer;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link EnobufsTest}, run inside a network namespace whose
 * {@code net.core.optmem_max} is tiny: sends pooled buffers with MSG_ZEROCOPY to a local sink and
 * prints the counters and whether every byte arrived intact.
 */
public final class EnobufsProbe {
    public static void main(String[] args) throws Exception {
        int chunks = Integer.parseInt(args[0]);
        int size = 64 * 1024;
        ZeroCopyStats stats = new ZeroCopyStats();
        TransportConfig config = TransportConfig.defaults().withZeroCopy(true, 1, false);
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), -1, false);
             BufferPool pool = new BufferPool(64L << 20, size, seg -> seg.fill((byte) 0x5A));
             NativeTransport t = NativeTransport.connect(sink.address(), config, stats)) {
            // The sink reads only once the sender has hit ENOBUFS (or after 10 s): until then no
            // send completes, so notification memory runs out deterministically.
            Thread.ofPlatform().daemon().start(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stats.enobufs() == 0 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                sink.startReading();
            });
            for (int c = 0; c < chunks; c++) {
                PooledBuffer b = pool.allocate(size, 10_000);
                b.segment().fill((byte) c);
                t.write(b.segment(), b, false);
                b.release();
            }
            boolean completed = t.awaitCompletions(20_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (sink.count() < (long) chunks * size && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            byte[] got = sink.bytes();
            boolean intact = got.length == chunks * size;
            for (int i = 0; intact && i < got.length; i++) {
                intact = got[i] == (byte) (i / size);
            }
            System.out.println("RESULT enobufs=" + stats.enobufs() + " zeroCopySends=" + stats.zeroCopySends()
                    + " completedSends=" + stats.completedSends() + " copySends=" + stats.copySends()
                    + " completed=" + completed + " outstanding=" + pool.outstanding() + " intact=" + intact);
        }
    }
}
