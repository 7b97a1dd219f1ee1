package io.spool.broker.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.spool.broker.network.PendingResponse;
import io.spool.broker.network.ResponseSend;
import io.spool.broker.network.SegmentFileRegion;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.RecordsPayload;
import io.spool.protocol.RequestHeader;
import io.spool.protocol.ResponseHeader;
import java.util.ArrayList;
import java.util.List;

/** One decoded request in flight: its header, the listener it came in on, and the way to answer it. */
public final class RequestContext {
    private final RequestHeader header;
    private final ApiKeys apiKey;
    private final String listenerName;
    private final PendingResponse pending;
    private final ByteBufAllocator alloc;

    public RequestContext(RequestHeader header, ApiKeys apiKey, String listenerName, PendingResponse pending,
                          ByteBufAllocator alloc) {
        this.header = header;
        this.apiKey = apiKey;
        this.listenerName = listenerName;
        this.pending = pending;
        this.alloc = alloc;
    }

    public RequestHeader header() {
        return header;
    }

    public ApiKeys apiKey() {
        return apiKey;
    }

    public short version() {
        return header.apiVersion();
    }

    /** Name of the listener the connection was accepted on (to pick the advertised address). */
    public String listenerName() {
        return listenerName;
    }

    /** The connection's event loop, where parked work for this request runs. */
    public EventLoop eventLoop() {
        return pending.eventLoop();
    }

    /** The client's address as Kafka shows it in DescribeGroups ({@code /127.0.0.1}); "" when unknown. */
    public String clientHost() {
        return pending.channel().remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? "/" + a.getAddress().getHostAddress() : "";
    }

    /** Client id and remote address for log lines. */
    public String describeClient() {
        return "clientId=" + header.clientId() + ", remote=" + pending.channel().remoteAddress();
    }

    /**
     * Encodes {@code body} at the request's version behind the right response header and queues it in request
     * order. Records payloads of type {@link SegmentRecords} become sendfile regions (their reference moves to
     * the region). Any thread.
     */
    public void respond(ApiMessage body) {
        pending.send(encode(alloc, header.correlationId(), apiKey.responseHeaderVersion(version()), body, version()));
    }

    /** Encodes a response frame: length, header of {@code headerVersion}, body at {@code version}. */
    static ResponseSend encode(ByteBufAllocator alloc, int correlationId, short headerVersion, ApiMessage body, short version) {
        MessageWriter w = MessageWriter.framed(alloc);
        List<Object> parts;
        try {
            ResponseHeader.write(w, correlationId, headerVersion);
            body.write(w, version);
            parts = w.finish();
        } catch (RuntimeException e) {
            try {
                for (Object p : w.finish()) {
                    if (p instanceof ByteBuf b) {
                        ReferenceCountUtil.safeRelease(b);
                    }
                }
            } catch (IllegalStateException alreadyFinished) {
                // nothing more to release
            }
            throw e;
        }
        List<Object> wire = new ArrayList<>(parts.size());
        for (Object p : parts) {
            if (p instanceof ByteBuf b) {
                wire.add(b);
            } else if (p instanceof SegmentRecords r) {
                wire.add(new SegmentFileRegion(r.segment(), r.position(), r.length()));
            } else {
                throw new IllegalStateException("records payload the broker cannot send: " + ((RecordsPayload) p).getClass());
            }
        }
        return new ResponseSend(wire);
    }

    /** Completes without a response (acks=0 produce). */
    public void noResponse() {
        pending.noResponse();
    }

    /** Closes the connection instead of answering (acks=0 failure). */
    public void closeConnection(String reason) {
        pending.closeConnection(reason);
    }
}
