package io.spool.client.internals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.spool.client.NetworkException;
import io.spool.client.buffer.PooledBuffer;
import io.spool.client.net.Transport;
import io.spool.client.net.TransportConfig;
import io.spool.client.net.Transports;
import io.spool.client.net.ZeroCopyStats;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.ByteBufRecords;
import io.spool.protocol.Errors;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.RequestHeader;
import io.spool.protocol.ResponseHeader;
import io.spool.protocol.message.ApiVersionsRequest;
import io.spool.protocol.message.ApiVersionsResponse;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Kafka-protocol connection to one broker: pipelined requests, responses matched in order
 * by correlation id on a reader thread of its own.
 *
 * <p>Any thread may call {@link #send}; writes are serialised by a lock. Record payloads that lie
 * in a {@link PooledBuffer} are handed to the transport by reference (MSG_ZEROCOPY when large
 * enough); the framing bytes around them are copied into a native scratch buffer.
 */
public final class KafkaConnection implements AutoCloseable {
    /** Larger frames close the connection: fetch responses stay well below (fetch.max.bytes, 50 MiB). */
    private static final int MAX_RESPONSE_BYTES = 128 << 20;

    private final int nodeId;
    private final InetSocketAddress address;
    private final Transport transport;
    private final String clientId;
    private final int requestTimeoutMs;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final Arena arena = Arena.ofShared();
    private MemorySegment scratch;
    private int correlationId;
    private volatile boolean closed;
    private volatile Throwable closeCause;
    private final Thread reader;
    private final Map<ApiKeys, Short> versions = new EnumMap<>(ApiKeys.class);

    private record InFlight(int correlationId, ApiKeys key, short version, ResponseDecoder<?> decoder,
                            CompletableFuture<Object> future, long deadlineNanos) {
    }

    private KafkaConnection(int nodeId, InetSocketAddress address, Transport transport, String clientId, int requestTimeoutMs) {
        this.nodeId = nodeId;
        this.address = address;
        this.transport = transport;
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.scratch = arena.allocate(64 * 1024, 8);
        this.reader = Thread.ofPlatform().daemon().name("spool-conn-" + nodeId + "-" + address).unstarted(this::readLoop);
    }

    /**
     * Connects, starts the reader and negotiates API versions (ApiVersions v3); blocks up to the
     * request timeout.
     */
    public static KafkaConnection open(int nodeId, InetSocketAddress address, TransportConfig config,
                                       ZeroCopyStats stats, String clientId, int requestTimeoutMs) throws IOException {
        Transport t = Transports.connect(address, config, stats);
        KafkaConnection c = new KafkaConnection(nodeId, address, t, clientId, requestTimeoutMs);
        c.reader.start();
        try {
            ApiVersionsRequest req = new ApiVersionsRequest();
            req.clientSoftwareName = "spool-java";
            req.clientSoftwareVersion = "0.1.0";
            ApiVersionsResponse resp = c.send(req, ApiKeys.API_VERSIONS, (short) 3, null, ApiVersionsResponse::read)
                    .get(requestTimeoutMs, TimeUnit.MILLISECONDS);
            if (resp.errorCode != 0) {
                throw new IOException("ApiVersions failed on " + address + ": " + Errors.forCode(resp.errorCode));
            }
            for (ApiVersionsResponse.ApiVersion v : resp.apiKeys) {
                ApiKeys key = ApiKeys.forId(v.apiKey());
                if (key == null) {
                    continue;
                }
                short max = (short) Math.min(v.maxVersion(), key.maxVersion);
                short min = (short) Math.max(v.minVersion(), key.minVersion);
                if (min <= max) {
                    c.versions.put(key, max);
                }
            }
            return c;
        } catch (Exception e) {
            c.close();
            throw e instanceof IOException io ? io : new IOException("connection setup with " + address + " failed: " + e, e);
        }
    }

    /** The broker's node id (negative for a bootstrap connection). */
    public int nodeId() {
        return nodeId;
    }

    /** The version to use for {@code key}: the highest both sides implement. */
    public short version(ApiKeys key) {
        Short v = versions.get(key);
        if (v == null) {
            throw new UnsupportedOperationException("broker " + address + " supports no version of " + key.apiName
                    + " that this client implements (" + key.minVersion + ".." + key.maxVersion + ")");
        }
        return v;
    }

    /** Whether the broker supports {@code key} in a version this client implements. */
    public boolean supports(ApiKeys key) {
        return versions.containsKey(key);
    }

    /**
     * Sends {@code request} at {@code version}; the future completes on the reader thread with the
     * decoded response, or exceptionally with a {@link NetworkException}. With {@code decoder == null}
     * no response is expected (acks=0) and the future completes once the bytes are written.
     *
     * @param owners the pooled buffers the request's record ByteBufs wrap (see {@link #wrap}); may be null
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> send(ApiMessage request, ApiKeys key, short version,
                                         Map<ByteBuf, PooledBuffer> owners, ResponseDecoder<T> decoder) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        writeLock.lock();
        try {
            if (closed) {
                future.completeExceptionally(new NetworkException("connection to node " + nodeId + " (" + address + ") is closed", closeCause));
                return (CompletableFuture<T>) future;
            }
            int id = correlationId++;
            MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
            new RequestHeader(key.id, version, id, clientId).write(w);
            request.write(w, version);
            List<Object> parts = w.finish();
            if (decoder != null) {
                synchronized (inFlight) {
                    inFlight.addLast(new InFlight(id, key, version, decoder, future,
                            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs)));
                }
            }
            try {
                writeParts(parts, owners);
            } catch (IOException | RuntimeException e) {
                fail(new NetworkException("send to node " + nodeId + " (" + address + ") failed: " + e.getMessage(), e));
                future.completeExceptionally(new NetworkException("send failed: " + e.getMessage(), e));
            } finally {
                for (Object p : parts) {
                    if (p instanceof ByteBuf b) {
                        b.release();
                    }
                }
            }
            if (decoder == null) {
                future.complete(null);
            }
        } finally {
            writeLock.unlock();
        }
        return (CompletableFuture<T>) future;
    }

    /** Wraps {@code length} bytes of a pooled buffer as a ByteBuf for a request, without copying. */
    public static ByteBuf wrap(PooledBuffer buffer, int length) {
        return Unpooled.wrappedBuffer(buffer.segment().asSlice(0, length).asByteBuffer());
    }

    /**
     * Writes one request: framing chunks are copied into the scratch buffer, record payloads in
     * pooled buffers are passed by reference. Runs of pieces that are not zero-copied go out in one
     * gathering write; each zero-copy payload in a send of its own (MSG_MORE while more follows).
     */
    private void writeParts(List<Object> parts, Map<ByteBuf, PooledBuffer> owners) throws IOException {
        MemorySegment[] segs = new MemorySegment[parts.size() + 1];
        PooledBuffer[] segOwners = new PooledBuffer[segs.length];
        int count = 0;
        long pos = 0;
        long runStart = 0;
        for (Object p : parts) {
            if (p instanceof ByteBuf b) {
                pos = copyToScratch(pos, b);
                continue;
            }
            ByteBuf records = ((ByteBufRecords) p).buffer();
            ByteBuf root = records.unwrap() != null ? records.unwrap() : records;
            PooledBuffer owner = owners == null ? null : owners.get(root);
            if (owner == null) {
                pos = copyToScratch(pos, records);
                continue;
            }
            if (pos > runStart) {
                segs[count++] = scratch.asSlice(runStart, pos - runStart);
                runStart = pos;
            }
            // The slice starts at the wrapper's reader index, which maps to the same offset in the buffer.
            segOwners[count] = owner;
            segs[count++] = owner.segment().asSlice(root.readerIndex(), records.readableBytes());
        }
        if (pos > runStart) {
            segs[count++] = scratch.asSlice(runStart, pos - runStart);
        }
        int i = 0;
        while (i < count) {
            if (segOwners[i] != null && transport.zeroCopyFor(segs[i].byteSize())) {
                transport.write(segs[i], segOwners[i], i < count - 1);
                i++;
                continue;
            }
            int j = i;
            while (j < count && !(segOwners[j] != null && transport.zeroCopyFor(segs[j].byteSize()))) {
                j++;
            }
            if (j - i == 1) {
                transport.write(segs[i], null, j < count);
            } else {
                transport.writeGather(java.util.Arrays.copyOfRange(segs, i, j), j - i, j < count);
            }
            i = j;
        }
    }

    private long copyToScratch(long pos, ByteBuf b) {
        int n = b.readableBytes();
        if (pos + n > scratch.byteSize()) {
            MemorySegment bigger = arena.allocate(Math.max(scratch.byteSize() * 2, pos + n), 8);
            MemorySegment.copy(scratch, 0, bigger, 0, pos);
            scratch = bigger;
        }
        b.getBytes(b.readerIndex(), scratch.asSlice(pos, n).asByteBuffer());
        return pos + n;
    }

    private void readLoop() {
        Throwable cause = null;
        try (Arena local = Arena.ofConfined()) {
            MemorySegment sizeBuf = local.allocate(4, 4);
            for (;;) {
                if (!readFully(sizeBuf)) {
                    cause = new NetworkException("connection to node " + nodeId + " (" + address + ") closed by the peer");
                    break;
                }
                int size = sizeBuf.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
                if (size < 4 || size > MAX_RESPONSE_BYTES) {
                    cause = new NetworkException("bad response size from " + address + ": size=" + size);
                    break;
                }
                ByteBuffer body = ByteBuffer.allocateDirect(size);
                if (!readFully(MemorySegment.ofBuffer(body))) {
                    cause = new NetworkException("connection to " + address + " closed mid-response");
                    break;
                }
                dispatch(Unpooled.wrappedBuffer(body));
            }
        } catch (IOException | RuntimeException e) {
            cause = closed ? new NetworkException("connection closed", e) : e;
        }
        fail(cause instanceof NetworkException ne ? ne : new NetworkException(
                "connection to node " + nodeId + " (" + address + ") failed: " + cause, cause));
    }

    private boolean readFully(MemorySegment dst) throws IOException {
        long off = 0;
        while (off < dst.byteSize()) {
            int n = transport.read(dst.asSlice(off));
            if (n < 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    private void dispatch(ByteBuf frame) {
        InFlight f;
        synchronized (inFlight) {
            f = inFlight.pollFirst();
        }
        try {
            if (f == null) {
                throw new NetworkException("unexpected response from " + address + " with nothing in flight");
            }
            int id = ResponseHeader.read(frame, f.key.responseHeaderVersion(f.version));
            if (id != f.correlationId) {
                NetworkException e = new NetworkException("correlation id mismatch from " + address
                        + ": expected=" + f.correlationId + ", got=" + id);
                f.future.completeExceptionally(e);
                throw e;
            }
            try {
                f.future.complete(f.decoder.decode(frame, f.version));
            } catch (RuntimeException e) {
                f.future.completeExceptionally(new NetworkException("cannot decode " + f.key.apiName + " v" + f.version
                        + " response from " + address + ": " + e.getMessage(), e));
            }
        } finally {
            frame.release();
        }
    }

    /** Fails the oldest request if it is overdue (closing the connection); returns whether it did. */
    public boolean expireOverdue(long nowNanos) {
        InFlight head;
        synchronized (inFlight) {
            head = inFlight.peekFirst();
        }
        if (head != null && nowNanos - head.deadlineNanos > 0) {
            fail(new NetworkException("request " + head.key.apiName + " to node " + nodeId + " (" + address
                    + ") timed out after request.timeout.ms=" + requestTimeoutMs, new TimeoutException()));
            return true;
        }
        return false;
    }

    /** Requests awaiting a response. */
    public int inFlightCount() {
        synchronized (inFlight) {
            return inFlight.size();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** The transport (for zero-copy diagnostics). */
    public Transport transport() {
        return transport;
    }

    private void fail(NetworkException cause) {
        List<InFlight> pending;
        synchronized (inFlight) {
            if (!closed) {
                closed = true;
                closeCause = cause;
            }
            pending = new ArrayList<>(inFlight);
            inFlight.clear();
        }
        transport.close();
        for (InFlight f : pending) {
            f.future.completeExceptionally(cause);
        }
    }

    /** Closes the connection; requests in flight fail with a {@link NetworkException}. */
    @Override
    public void close() {
        fail(new NetworkException("connection to node " + nodeId + " (" + address + ") closed by the client"));
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writeLock.lock();
        try {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Identity map for {@link #send}'s owners argument. */
    public static Map<ByteBuf, PooledBuffer> owners() {
        return new IdentityHashMap<>();
    }
}
