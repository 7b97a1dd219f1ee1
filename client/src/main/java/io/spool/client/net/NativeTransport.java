package io.spool.client.net;

import io.spool.client.buffer.PooledBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static io.spool.client.net.MsgHdrDescriptor.*;

/**
 * A TCP socket of our own, driven through FFM, that sends large pooled buffers with MSG_ZEROCOPY.
 *
 * <p>Why our own socket rather than a NIO channel's fd: the JDK does not expose a SocketChannel's
 * fd without opening {@code sun.nio.ch}, and NIO's own writes would interleave with ours. Owning
 * the fd keeps send-call counting exact: the kernel numbers every successful MSG_ZEROCOPY send
 * call on the socket 0, 1, 2, ..., and notifications name ranges of those numbers.
 *
 * <p>The socket is blocking (SO_SNDTIMEO bounds a stuck send). Completions are drained from the
 * error queue by whichever thread gets there first: the writer after each zero-copy send and on
 * ENOBUFS, the reader whenever poll(2) reports POLLERR. A buffer is retained once per zero-copy
 * send call and released when that call's number is covered by a completion.
 */
public final class NativeTransport implements Transport {
    private static final int CONTROL_LENGTH = 256;
    private static final int MAX_ENOBUFS_RETRIES = 1000;
    private static final int IOV_MAX = 1024;

    private final int fd;
    private final TransportConfig config;
    private final ZeroCopyStats stats;
    private final String peer;
    private volatile boolean zeroCopy;
    private volatile int lastCompletionLevel = -1;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment msghdr;
    private final MemorySegment control;
    private final MemorySegment readerPollFd;
    /** iovec array and msghdr for gathering writes; writer-owned. */
    private MemorySegment iov;
    private final MemorySegment writerMsghdr;

    private final ReentrantLock completionLock = new ReentrantLock();
    /** Send-call number -> buffer retained for it; guarded by completionLock. */
    private final Map<Integer, PooledBuffer> pending = new HashMap<>();
    /** Number the kernel will give the next successful MSG_ZEROCOPY send; writer-owned. */
    private int nextSendId;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** 1 while open plus one per call in progress; the fd is closed when it drops to 0. */
    private final AtomicInteger users = new AtomicInteger(1);

    private NativeTransport(int fd, TransportConfig config, ZeroCopyStats stats, String peer, boolean zeroCopy) {
        this.fd = fd;
        this.config = config;
        this.stats = stats;
        this.peer = peer;
        this.zeroCopy = zeroCopy;
        this.msghdr = arena.allocate(MSGHDR_LENGTH, 8);
        this.control = arena.allocate(CONTROL_LENGTH, 8);
        this.readerPollFd = arena.allocate(POLLFD_LENGTH, 8);
        this.writerMsghdr = arena.allocate(MSGHDR_LENGTH, 8);
    }

    /**
     * Connects to {@code address}. SO_ZEROCOPY is switched on when the config asks for it; if the
     * kernel refuses (ENOPROTOOPT on kernels before 4.14), the connection uses plain sends and
     * {@link ZeroCopyStats#unavailable()} counts it.
     */
    public static NativeTransport connect(InetSocketAddress address, TransportConfig config, ZeroCopyStats stats)
            throws IOException {
        if (!Native.isAvailable()) {
            throw new IOException("FFM sockets are not available on this platform");
        }
        if (address.isUnresolved()) {
            address = new InetSocketAddress(InetAddress.getByName(address.getHostString()), address.getPort());
        }
        InetAddress ip = address.getAddress();
        boolean inet6 = ip instanceof Inet6Address || config.dualStack();
        int fd = Native.socket(inet6 ? Native.AF_INET6 : Native.AF_INET, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw error("socket", Native.errno(), address.toString());
        }
        try (Arena tmp = Arena.ofConfined()) {
            setInt(tmp, fd, Native.IPPROTO_TCP, Native.TCP_NODELAY, 1);
            if (config.sendBufferBytes() > 0) {
                setInt(tmp, fd, Native.SOL_SOCKET, Native.SO_SNDBUF, config.sendBufferBytes());
            }
            if (config.receiveBufferBytes() > 0) {
                setInt(tmp, fd, Native.SOL_SOCKET, Native.SO_RCVBUF, config.receiveBufferBytes());
            }
            boolean zeroCopy = false;
            if (config.zeroCopyEnabled()) {
                MemorySegment one = tmp.allocate(ValueLayout.JAVA_INT);
                one.set(ValueLayout.JAVA_INT, 0, 1);
                if (Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_ZEROCOPY, one, 4) == 0) {
                    zeroCopy = true;
                } else {
                    stats.unavailable.increment();
                }
            }
            // Linux bounds connect(2) by SO_SNDTIMEO, then we set it to the send timeout.
            setTimeout(tmp, fd, Native.SO_SNDTIMEO, config.connectTimeoutMs());
            MemorySegment sockaddr = sockaddr(tmp, ip, address.getPort(), inet6);
            for (;;) {
                if (Native.connect(fd, sockaddr, (int) sockaddr.byteSize()) == 0) {
                    break;
                }
                int errno = Native.errno();
                if (errno == Native.EINTR) {
                    continue;
                }
                if (errno == Native.EINPROGRESS || errno == Native.EAGAIN) {
                    throw new SocketTimeoutException("connect to " + address + " timed out after "
                            + config.connectTimeoutMs() + " ms");
                }
                throw new ConnectException("connect to " + address + " failed: " + Native.strerror(errno)
                        + " (errno=" + errno + ")");
            }
            setTimeout(tmp, fd, Native.SO_SNDTIMEO, config.sendTimeoutMs());
            return new NativeTransport(fd, config, stats, address.toString(), zeroCopy);
        } catch (IOException | RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    @Override
    public void write(MemorySegment bytes, PooledBuffer owner, boolean more) throws IOException {
        if (!enter()) {
            throw new IOException("connection to " + peer + " is closed");
        }
        try {
            long length = bytes.byteSize();
            boolean zc = owner != null && zeroCopy && length >= config.zeroCopyThreshold();
            long offset = 0;
            int enobufs = 0;
            while (offset < length) {
                int flags = Native.MSG_NOSIGNAL | (more ? Native.MSG_MORE : 0);
                int id = 0;
                if (zc) {
                    flags |= Native.MSG_ZEROCOPY;
                    id = nextSendId;
                    // Register before the call: the reader may drain the completion before send returns.
                    completionLock.lock();
                    try {
                        pending.put(id, owner.retain());
                    } finally {
                        completionLock.unlock();
                    }
                }
                long n = Native.send(fd, bytes.asSlice(offset), length - offset, flags);
                int errno = n < 0 ? Native.errno() : 0;
                if (zc && n < 0) {
                    // A failed call consumes no number: the kernel takes it back.
                    unregister(id);
                }
                if (n >= 0) {
                    offset += n;
                    if (zc) {
                        nextSendId = id + 1;
                        stats.zeroCopySends.increment();
                        stats.zeroCopyBytes.add(n);
                    } else {
                        stats.copySends.increment();
                        stats.copyBytes.add(n);
                    }
                    continue;
                }
                if (errno == Native.EINTR) {
                    continue;
                }
                if (errno == Native.ENOBUFS && zc) {
                    // Notification memory (optmem) is full: read the error queue and try again.
                    stats.enobufs.increment();
                    if (drainCompletions() == 0) {
                        waitForErrorQueue(10);
                    }
                    if (++enobufs >= MAX_ENOBUFS_RETRIES) {
                        zc = false;
                    }
                    continue;
                }
                if (errno == Native.EAGAIN) {
                    throw new SocketTimeoutException("send to " + peer + " blocked for more than "
                            + config.sendTimeoutMs() + " ms");
                }
                throw error("send", errno, peer);
            }
            if (zc) {
                drainCompletions();
            }
        } finally {
            exit();
        }
    }

    @Override
    public void writeGather(MemorySegment[] parts, int count, boolean more) throws IOException {
        if (!enter()) {
            throw new IOException("connection to " + peer + " is closed");
        }
        try {
            if (iov == null || iov.byteSize() < 16L * count) {
                iov = arena.allocate(16L * Math.max(count, 16), 8);
            }
            long remaining = 0;
            for (int i = 0; i < count; i++) {
                iov.set(ValueLayout.ADDRESS, 16L * i, parts[i]);
                iov.set(ValueLayout.JAVA_LONG, 16L * i + 8, parts[i].byteSize());
                remaining += parts[i].byteSize();
            }
            int first = 0;
            while (remaining > 0) {
                while (iov.get(ValueLayout.JAVA_LONG, 16L * first + 8) == 0) {
                    first++;
                }
                int batch = Math.min(count - first, IOV_MAX);
                writerMsghdr.fill((byte) 0);
                writerMsghdr.set(ValueLayout.ADDRESS, MSG_IOV_OFFSET, iov.asSlice(16L * first));
                writerMsghdr.set(ValueLayout.JAVA_LONG, MSG_IOVLEN_OFFSET, batch);
                boolean last = first + batch == count;
                long n = Native.sendmsg(fd, writerMsghdr, Native.MSG_NOSIGNAL | (more || !last ? Native.MSG_MORE : 0));
                if (n < 0) {
                    int errno = Native.errno();
                    if (errno == Native.EINTR) {
                        continue;
                    }
                    if (errno == Native.EAGAIN) {
                        throw new SocketTimeoutException("send to " + peer + " blocked for more than "
                                + config.sendTimeoutMs() + " ms");
                    }
                    throw error("sendmsg", errno, peer);
                }
                stats.copySends.increment();
                stats.copyBytes.add(n);
                remaining -= n;
                // Advance past what was written: whole entries, then into a partial one.
                for (int i = first; n > 0; i++) {
                    long len = iov.get(ValueLayout.JAVA_LONG, 16L * i + 8);
                    long take = Math.min(len, n);
                    MemorySegment base = iov.get(ValueLayout.ADDRESS, 16L * i);
                    iov.set(ValueLayout.ADDRESS, 16L * i, base.reinterpret(len).asSlice(take));
                    iov.set(ValueLayout.JAVA_LONG, 16L * i + 8, len - take);
                    n -= take;
                }
            }
        } finally {
            exit();
        }
    }

    @Override
    public int read(MemorySegment dst) throws IOException {
        if (!enter()) {
            return -1;
        }
        try {
            readerPollFd.set(ValueLayout.JAVA_INT, POLLFD_FD_OFFSET, fd);
            for (;;) {
                readerPollFd.set(ValueLayout.JAVA_SHORT, POLLFD_EVENTS_OFFSET, Native.POLLIN);
                readerPollFd.set(ValueLayout.JAVA_SHORT, POLLFD_REVENTS_OFFSET, (short) 0);
                int r = Native.poll(readerPollFd, 1, 1000);
                if (r < 0) {
                    int errno = Native.errno();
                    if (errno == Native.EINTR) {
                        continue;
                    }
                    throw error("poll", errno, peer);
                }
                if (r == 0) {
                    if (closed.get()) {
                        return -1;
                    }
                    continue;
                }
                short revents = readerPollFd.get(ValueLayout.JAVA_SHORT, POLLFD_REVENTS_OFFSET);
                if ((revents & Native.POLLERR) != 0) {
                    drainCompletions();
                }
                long n = Native.recv(fd, dst, dst.byteSize(), Native.MSG_DONTWAIT);
                if (n > 0) {
                    return (int) n;
                }
                if (n == 0) {
                    return -1;
                }
                int errno = Native.errno();
                if (errno == Native.EAGAIN || errno == Native.EINTR) {
                    continue;
                }
                throw error("recv", errno, peer);
            }
        } finally {
            exit();
        }
    }

    /**
     * Reads every notification waiting on the error queue and releases the buffers of the send
     * calls they cover; returns the number of notifications read. Never blocks (beyond the lock).
     */
    public int drainCompletions() {
        List<PooledBuffer> toRelease = new ArrayList<>();
        int notifications = 0;
        completionLock.lock();
        try {
            if (pending.isEmpty()) {
                return 0;
            }
            ErrorQueueParser.Sink sink = new ErrorQueueParser.Sink() {
                @Override
                public void completion(ZeroCopyCompletion c) {
                    onCompletion(c, toRelease);
                }

                @Override
                public void otherError(int level, int type, int errno, int origin) {
                    // An ICMP error or similar: TCP handles it; nothing of ours to release.
                }
            };
            for (;;) {
                msghdr.fill((byte) 0);
                msghdr.set(ValueLayout.ADDRESS, MSG_CONTROL_OFFSET, control);
                msghdr.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN_OFFSET, CONTROL_LENGTH);
                long n = Native.recvmsg(fd, msghdr, Native.MSG_ERRQUEUE | Native.MSG_DONTWAIT);
                if (n < 0) {
                    int errno = Native.errno();
                    if (errno == Native.EINTR) {
                        continue;
                    }
                    break; // EAGAIN: queue empty
                }
                long controlLength = msghdr.get(ValueLayout.JAVA_LONG, MSG_CONTROLLEN_OFFSET);
                notifications += ErrorQueueParser.parse(control, controlLength, sink);
            }
        } finally {
            completionLock.unlock();
        }
        for (PooledBuffer b : toRelease) {
            b.release();
        }
        return notifications;
    }

    private void onCompletion(ZeroCopyCompletion c, List<PooledBuffer> toRelease) {
        long count = c.count();
        lastCompletionLevel = c.level();
        stats.completionNotifications.increment();
        stats.completedSends.add(count);
        if (c.copied()) {
            stats.copiedNotifications.increment();
            stats.copiedSends.add(count);
            if (config.fallbackOnCopied() && zeroCopy) {
                // The kernel copied anyway (loopback, or a NIC without scatter-gather/checksum
                // offload): pinning pages and reading notifications is then pure overhead.
                zeroCopy = false;
                stats.fallbacks.increment();
            }
        }
        int id = c.lo();
        for (long i = 0; i < count; i++, id++) {
            PooledBuffer b = pending.remove(id);
            if (b != null) {
                toRelease.add(b);
            }
        }
    }

    private void unregister(int id) {
        PooledBuffer b;
        completionLock.lock();
        try {
            b = pending.remove(id);
        } finally {
            completionLock.unlock();
        }
        if (b != null) {
            b.release();
        }
    }

    /** Blocks up to {@code timeoutMs} until the error queue has something (or the socket failed). */
    private void waitForErrorQueue(int timeoutMs) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment pfd = tmp.allocate(POLLFD_LENGTH, 8);
            pfd.set(ValueLayout.JAVA_INT, POLLFD_FD_OFFSET, fd);
            pfd.set(ValueLayout.JAVA_SHORT, POLLFD_EVENTS_OFFSET, (short) 0); // POLLERR is always reported
            Native.poll(pfd, 1, timeoutMs);
        }
    }

    @Override
    public boolean awaitCompletions(long timeoutMs) {
        if (!enter()) {
            return pendingCompletions() == 0;
        }
        try {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            for (;;) {
                drainCompletions();
                if (pendingCompletions() == 0) {
                    return true;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                waitForErrorQueue((int) Math.min(left, 100));
            }
        } finally {
            exit();
        }
    }

    @Override
    public int pendingCompletions() {
        completionLock.lock();
        try {
            return pending.size();
        } finally {
            completionLock.unlock();
        }
    }

    @Override
    public boolean zeroCopyFor(long length) {
        return zeroCopy && length >= config.zeroCopyThreshold();
    }

    @Override
    public boolean zeroCopyActive() {
        return zeroCopy;
    }

    /** cmsg level of the last completion: SOL_IP (0) on AF_INET sockets, SOL_IPV6 (41) on AF_INET6; -1 before any. */
    public int lastCompletionLevel() {
        return lastCompletionLevel;
    }

    /** The socket's file descriptor (for diagnostics and tests). */
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        awaitCompletions(config.closeTimeoutMs());
        Native.shutdown(fd, Native.SHUT_RDWR);
        exit();
    }

    private boolean enter() {
        for (;;) {
            int u = users.get();
            if (u == 0) {
                return false;
            }
            if (users.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    private void exit() {
        if (users.decrementAndGet() == 0) {
            destroy();
        }
    }

    private void destroy() {
        completionLock.lock();
        try {
            // Sends the kernel never confirmed: their pages may still be in flight, so those
            // buffers are abandoned (never reused) rather than returned to the pool.
            pending.clear();
        } finally {
            completionLock.unlock();
        }
        Native.close(fd);
        arena.close();
    }

    private static void setInt(Arena tmp, int fd, int level, int name, int value) throws IOException {
        MemorySegment v = tmp.allocate(ValueLayout.JAVA_INT);
        v.set(ValueLayout.JAVA_INT, 0, value);
        if (Native.setsockopt(fd, level, name, v, 4) != 0) {
            throw error("setsockopt(" + level + "," + name + ")", Native.errno(), "fd " + fd);
        }
    }

    private static void setTimeout(Arena tmp, int fd, int name, int timeoutMs) throws IOException {
        MemorySegment tv = tmp.allocate(16, 8); // struct timeval { long tv_sec; long tv_usec; }
        tv.set(ValueLayout.JAVA_LONG, 0, timeoutMs / 1000);
        tv.set(ValueLayout.JAVA_LONG, 8, (timeoutMs % 1000) * 1000L);
        if (Native.setsockopt(fd, Native.SOL_SOCKET, name, tv, 16) != 0) {
            throw error("setsockopt(SO_SNDTIMEO)", Native.errno(), "fd " + fd);
        }
    }

    /** struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes); an IPv4 peer on an IPv6 socket is IPv4-mapped. */
    static MemorySegment sockaddr(Arena arena, InetAddress ip, int port, boolean inet6) {
        ValueLayout.OfShort portLayout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        byte[] raw = ip.getAddress();
        if (!inet6) {
            MemorySegment s = arena.allocate(16, 8);
            s.set(ValueLayout.JAVA_SHORT, 0, (short) Native.AF_INET);
            s.set(portLayout, 2, (short) port);
            MemorySegment.copy(raw, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
            return s;
        }
        MemorySegment s = arena.allocate(28, 8);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Native.AF_INET6);
        s.set(portLayout, 2, (short) port);
        if (ip instanceof Inet4Address) {
            s.set(ValueLayout.JAVA_BYTE, 8 + 10, (byte) 0xFF);
            s.set(ValueLayout.JAVA_BYTE, 8 + 11, (byte) 0xFF);
            MemorySegment.copy(raw, 0, s, ValueLayout.JAVA_BYTE, 8 + 12, 4);
        } else {
            MemorySegment.copy(raw, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
            s.set(ValueLayout.JAVA_INT, 24, ((Inet6Address) ip).getScopeId());
        }
        return s;
    }

    private static IOException error(String call, int errno, String where) {
        return new IOException(call + " failed for " + where + ": " + Native.strerror(errno) + " (errno=" + errno + ")");
    }
}
