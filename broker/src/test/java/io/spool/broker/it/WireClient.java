package io.spool.broker.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.RequestHeader;
import io.spool.protocol.ResponseHeader;
import io.spool.protocol.message.Messages;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;

/** A blocking Kafka-protocol client over a plain socket, for wire-level tests with hand-made (and broken) requests. */
final class WireClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    WireClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code body} at {@code version} and returns the correlation id used. */
    int send(ApiMessage body, short version) throws IOException {
        int id = nextCorrelationId++;
        MessageWriter w = MessageWriter.framed(UnpooledByteBufAllocator.DEFAULT);
        new RequestHeader(body.apiKey().id, version, id, "wire-test").write(w);
        body.write(w, version);
        out.write(w.toByteArray());
        out.flush();
        return id;
    }

    /** Sends raw bytes as they are (frame length included or not, as the test wants). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response frame and decodes it as {@code key} at {@code version}; checks the correlation id. */
    ApiMessage receive(ApiKeys key, short version, int correlationId) throws IOException {
        ByteBuf frame = readFrame();
        int id = ResponseHeader.read(frame, key.responseHeaderVersion(version));
        if (id != correlationId) {
            throw new IOException("correlation id mismatch: expected=" + correlationId + ", got=" + id);
        }
        return Messages.readResponse(key, frame, version);
    }

    /** Sends and waits for the answer. */
    ApiMessage roundTrip(ApiMessage body, short version) throws IOException {
        return receive(body.apiKey(), version, send(body, version));
    }

    ByteBuf readFrame() throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return Unpooled.wrappedBuffer(bytes);
    }

    /** Reads up to {@code n} bytes of whatever arrives (a client that gives up mid-response). */
    void readPartial(int n) throws IOException {
        in.readNBytes(n);
    }

    /** True when the broker closed the connection (EOF or reset) before anything more was received. */
    boolean isClosedByBroker() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
