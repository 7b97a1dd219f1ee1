package io.spool.client.net;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Downcalls into libc for the socket calls the zero-copy transport needs (Linux, LP64 only).
 *
 * <p>Every call returns the raw C result; on {@code -1} the caller reads {@link #errno()}, which
 * is captured by the linker right after the call on the calling thread (the JVM may clobber the
 * real errno between two Java statements, so it must be captured, never read later).
 */
public final class Native {
    // Linux generic values (x86_64 and aarch64 agree on all of these).
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_IP = 0;
    public static final int SOL_IPV6 = 41;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_ZEROCOPY = 60;
    public static final int IP_RECVERR = 11;
    public static final int IPV6_RECVERR = 25;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_ZEROCOPY = 0x4000000;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;
    public static final int SHUT_RDWR = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EPIPE = 32;
    public static final int ENOPROTOOPT = 92;
    public static final int EOPNOTSUPP = 95;
    public static final int ENOBUFS = 105;
    public static final int EINPROGRESS = 115;

    private static final boolean AVAILABLE;
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle SOCKET;
    private static final MethodHandle CONNECT;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle GETSOCKOPT;
    private static final MethodHandle SEND;
    private static final MethodHandle RECV;
    private static final MethodHandle SENDMSG;
    private static final MethodHandle RECVMSG;
    private static final MethodHandle POLL;
    private static final MethodHandle SHUTDOWN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle STRERROR;

    static {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean supported = os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
        MethodHandle socket = null, connect = null, setsockopt = null, getsockopt = null, send = null, recv = null, sendmsg = null,
                recvmsg = null, poll = null, shutdown = null, close = null, strerror = null;
        if (supported) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                ValueLayout.OfInt i = ValueLayout.JAVA_INT;
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
                ValueLayout p = ValueLayout.ADDRESS;
                socket = linker.downcallHandle(libc.find("socket").orElseThrow(), FunctionDescriptor.of(i, i, i, i), errno);
                connect = linker.downcallHandle(libc.find("connect").orElseThrow(), FunctionDescriptor.of(i, i, p, i), errno);
                setsockopt = linker.downcallHandle(libc.find("setsockopt").orElseThrow(), FunctionDescriptor.of(i, i, i, i, p, i), errno);
                getsockopt = linker.downcallHandle(libc.find("getsockopt").orElseThrow(), FunctionDescriptor.of(i, i, i, i, p, p), errno);
                send = linker.downcallHandle(libc.find("send").orElseThrow(), FunctionDescriptor.of(l, i, p, l, i), errno);
                recv = linker.downcallHandle(libc.find("recv").orElseThrow(), FunctionDescriptor.of(l, i, p, l, i), errno);
                sendmsg = linker.downcallHandle(libc.find("sendmsg").orElseThrow(), FunctionDescriptor.of(l, i, p, i), errno);
                recvmsg = linker.downcallHandle(libc.find("recvmsg").orElseThrow(), FunctionDescriptor.of(l, i, p, i), errno);
                poll = linker.downcallHandle(libc.find("poll").orElseThrow(), FunctionDescriptor.of(i, p, l, i), errno);
                shutdown = linker.downcallHandle(libc.find("shutdown").orElseThrow(), FunctionDescriptor.of(i, i, i), errno);
                close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(i, i), errno);
                strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(), FunctionDescriptor.of(p, i));
            } catch (RuntimeException | Error e) {
                // No native access (e.g. --enable-native-access denied): callers fall back to NIO.
                supported = false;
            }
        }
        AVAILABLE = supported;
        SOCKET = socket;
        CONNECT = connect;
        SETSOCKOPT = setsockopt;
        GETSOCKOPT = getsockopt;
        SEND = send;
        RECV = recv;
        SENDMSG = sendmsg;
        RECVMSG = recvmsg;
        POLL = poll;
        SHUTDOWN = shutdown;
        CLOSE = close;
        STRERROR = strerror;
    }

    private Native() {
    }

    /** True when this platform has the FFM socket calls (Linux, LP64) and native access is allowed. */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    /** errno captured by the last call made through this class on the current thread. */
    public static int errno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    /** Human-readable errno text, e.g. {@code "No buffer space available"}. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** int socket(domain, type, protocol): a new fd, or -1. */
    public static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(CAPTURE.get(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** int connect(fd, sockaddr, len): 0, or -1. */
    public static int connect(int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) CONNECT.invokeExact(CAPTURE.get(), fd, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** int setsockopt(fd, level, name, value, len): 0, or -1. */
    public static int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(CAPTURE.get(), fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** int getsockopt(fd, level, name, value, lenPtr): 0, or -1. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenPtr) {
        try {
            return (int) GETSOCKOPT.invokeExact(CAPTURE.get(), fd, level, name, value, lenPtr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ssize_t send(fd, buf, len, flags). */
    public static long send(int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(CAPTURE.get(), fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ssize_t recv(fd, buf, len, flags). */
    public static long recv(int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(CAPTURE.get(), fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ssize_t sendmsg(fd, msghdr, flags): a gathering send over msghdr's iovec array ({void* base; size_t len}). */
    public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(CAPTURE.get(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ssize_t recvmsg(fd, msghdr, flags). */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(CAPTURE.get(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** int poll(pollfd[], nfds, timeoutMs). */
    public static int poll(MemorySegment fds, long nfds, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(CAPTURE.get(), fds, nfds, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** int shutdown(fd, how): 0, or -1. */
    public static int shutdown(int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(CAPTURE.get(), fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** int close(fd): 0, or -1. */
    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(CAPTURE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
