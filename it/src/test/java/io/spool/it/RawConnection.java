package io.spool.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking Kafka connection over a plain socket, for sending exactly the bytes a test wants.
 * Requests are encoded, and responses decoded, by kafka-clients' own generated message classes,
 * so the oracle is Kafka's. Single-threaded; every read has a deadline.
 */
final class RawConnection implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final String CLIENT_ID = "spool-it-raw";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawConnection open(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawConnection(s);
    }

    Socket socket() {
        return socket;
    }

    int nextCorrelationId() {
        return nextCorrelationId++;
    }

    /**
     * A complete frame (4-byte size prefix, request header, body) for {@code body} at
     * {@code version}, with the header version Kafka uses for it.
     */
    static byte[] frame(ApiKeys key, short version, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(correlationId)
                .setClientId(CLIENT_ID);
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buf);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("size mismatch: remaining=" + buf.remaining());
        }
        return buf.array();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code body} and returns the response body (header parsed, correlation id checked). */
    ByteBuffer roundTrip(ApiKeys key, short version, ApiMessage body) throws IOException {
        int correlationId = nextCorrelationId();
        write(frame(key, version, correlationId, body));
        ByteBuffer response = readFrame();
        if (response == null) {
            throw new AssertionError("connection closed instead of answering " + key + " v" + version);
        }
        ResponseHeader header = ResponseHeader.parse(response, key.responseHeaderVersion(version));
        if (header.correlationId() != correlationId) {
            throw new AssertionError("correlation id " + header.correlationId() + " != " + correlationId);
        }
        return response;
    }

    /**
     * Reads one response frame; null when the broker closed the connection (EOF or reset);
     * fails when neither happens within {@link #READ_TIMEOUT}.
     */
    ByteBuffer readFrame() throws IOException {
        try {
            int size = in.readInt();
            if (size < 0 || size > 256 * 1024 * 1024) {
                throw new AssertionError("implausible response size " + size);
            }
            byte[] bytes = new byte[size];
            in.readFully(bytes);
            return ByteBuffer.wrap(bytes);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker neither answered nor closed the connection within " + READ_TIMEOUT, e);
        } catch (SocketException e) {
            return null; // reset by the broker
        }
    }

    /** The broker's ApiVersions ranges (request v3, as kafka-clients 4.x sends it). */
    Map<ApiKeys, short[]> apiVersions() throws IOException {
        short version = 3;
        ByteBuffer body = roundTrip(ApiKeys.API_VERSIONS, version, new ApiVersionsRequestData()
                .setClientSoftwareName("spool-it").setClientSoftwareVersion("1.0"));
        ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(body), version);
        if (data.errorCode() != Errors.NONE.code()) {
            throw new AssertionError("ApiVersions failed: " + Errors.forCode(data.errorCode()));
        }
        Map<ApiKeys, short[]> ranges = new EnumMap<>(ApiKeys.class);
        for (ApiVersionsResponseData.ApiVersion v : data.apiKeys()) {
            if (ApiKeys.hasId(v.apiKey())) {
                ranges.put(ApiKeys.forId(v.apiKey()), new short[] {v.minVersion(), v.maxVersion()});
            }
        }
        return ranges;
    }

    /**
     * The highest version of {@code key} that both the broker and kafka-clients support, capped at
     * {@code cap} (e.g. to stay with topic names rather than topic IDs).
     */
    static short pick(Map<ApiKeys, short[]> ranges, ApiKeys key, int cap) {
        short[] range = ranges.get(key);
        if (range == null) {
            throw new AssertionError("the broker does not advertise " + key);
        }
        int version = Math.min(Math.min(range[1], key.latestVersion()), cap);
        if (version < Math.max(range[0], key.oldestVersion())) {
            throw new AssertionError("no common version of " + key + ": broker " + range[0] + "-" + range[1]
                    + ", client " + key.oldestVersion() + "-" + key.latestVersion() + ", cap " + cap);
        }
        return (short) version;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
