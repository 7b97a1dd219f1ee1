package io.spool.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.io.ByteArrayOutputStream;

/** A plain java.net.ServerSocket that accepts one connection and keeps every byte it receives. */
final class LoopbackSink implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final CountDownLatch startReading = new CountDownLatch(1);
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicLong count = new AtomicLong();
    private volatile Socket socket;

    LoopbackSink(InetAddress bind, int receiveBuffer, boolean readAtOnce) throws IOException {
        server = new ServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer);
        }
        server.bind(new InetSocketAddress(bind, 0));
        if (readAtOnce) {
            startReading.countDown();
        }
        thread = Thread.ofPlatform().daemon().name("loopback-sink").start(this::run);
    }

    private void run() {
        try (Socket s = server.accept()) {
            socket = s;
            startReading.await(30, TimeUnit.SECONDS);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (received) {
                    received.write(buf, 0, n);
                }
                count.addAndGet(n);
            }
        } catch (IOException | InterruptedException e) {
            // closed by the test
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    void startReading() {
        startReading.countDown();
    }

    long count() {
        return count.get();
    }

    byte[] bytes() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        thread.join(5000);
    }
}
