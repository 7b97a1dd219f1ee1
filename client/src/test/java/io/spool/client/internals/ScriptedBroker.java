package io.spool.client.internals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Frames;
import io.spool.protocol.RequestHeader;
import io.spool.protocol.message.ApiVersionsResponse;
import io.spool.protocol.message.InitProducerIdResponse;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;
import io.spool.protocol.message.ProduceRequest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A one-partition-per-topic "broker" on a real socket that speaks the protocol through protocol/'s
 * codecs and answers Produce requests with whatever the test scripts (null = never answer).
 * Used to drive the producer's retry, timeout and metadata paths deterministically.
 */
final class ScriptedBroker implements AutoCloseable {
    /**
     * A Produce request as received: which connection it came on, a copy of each partition's record
     * bytes, and how many Metadata requests had arrived before it.
     */
    record ReceivedProduce(int connection, ProduceRequest request, List<byte[]> records, int metadataRequestsBefore) {
    }

    private final ServerSocket server;
    private final BiFunction<ReceivedProduce, Integer, Object> produceHandler;
    private final List<ReceivedProduce> produces = new CopyOnWriteArrayList<>();
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private final AtomicInteger initProducerIdRequests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * {@code produceHandler} gets the request and its 0-based index among all Produce requests and
     * returns the response: an ApiMessage, raw bytes to write as they are (garbage), or null for none.
     */
    ScriptedBroker(BiFunction<ReceivedProduce, Integer, Object> produceHandler) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.produceHandler = produceHandler;
        this.acceptor = Thread.ofPlatform().daemon().name("scripted-broker").start(this::acceptLoop);
    }

    String bootstrap() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    List<ReceivedProduce> produces() {
        return produces;
    }

    int metadataRequests() {
        return metadataRequests.get();
    }

    int initProducerIdRequests() {
        return initProducerIdRequests.get();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                sockets.add(s);
                int id = connections.getAndIncrement();
                Thread.ofPlatform().daemon().name("scripted-conn-" + id).start(() -> serve(s, id));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                ByteBuf buf = Unpooled.wrappedBuffer(frame);
                RequestHeader h = RequestHeader.read(buf);
                ApiKeys key = ApiKeys.forId(h.apiKey());
                Object response = switch (key) {
                    case API_VERSIONS -> ApiVersionsResponse.forAllApis((short) 0);
                    case METADATA -> {
                        metadataRequests.incrementAndGet();
                        yield metadata(MetadataRequest.read(buf, h.apiVersion()));
                    }
                    case INIT_PRODUCER_ID -> {
                        InitProducerIdResponse r = new InitProducerIdResponse();
                        r.producerId = 1000 + initProducerIdRequests.incrementAndGet();
                        r.producerEpoch = 0;
                        yield r;
                    }
                    case PRODUCE -> {
                        ProduceRequest req = ProduceRequest.read(buf, h.apiVersion());
                        List<byte[]> records = new ArrayList<>();
                        for (ProduceRequest.TopicData t : req.topics) {
                            for (ProduceRequest.PartitionData p : t.partitions) {
                                records.add(ByteBufUtil.getBytes(p.records));
                            }
                        }
                        ReceivedProduce rp = new ReceivedProduce(connection, req, records, metadataRequests.get());
                        int index = produces.size();
                        produces.add(rp);
                        yield produceHandler.apply(rp, index);
                    }
                    default -> throw new IllegalStateException("unexpected request " + key);
                };
                if (response == null) {
                    continue; // scripted silence
                }
                if (response instanceof byte[] raw) {
                    out.write(raw);
                    out.flush();
                    continue;
                }
                for (Object part : Frames.encodeResponse(UnpooledByteBufAllocator.DEFAULT, h.correlationId(), h.apiVersion(),
                        (ApiMessage) response)) {
                    ByteBuf b = (ByteBuf) part;
                    out.write(ByteBufUtil.getBytes(b));
                    b.release();
                }
                out.flush();
            }
        } catch (IOException e) {
            // connection closed by the client
        }
    }

    private MetadataResponse metadata(MetadataRequest req) {
        MetadataResponse r = new MetadataResponse();
        r.brokers.add(new MetadataResponse.Broker(1, "127.0.0.1", server.getLocalPort(), null));
        r.clusterId = "scripted";
        r.controllerId = 1;
        if (req.topics != null) {
            for (MetadataRequest.Topic t : req.topics) {
                MetadataResponse.Topic topic = new MetadataResponse.Topic();
                topic.name = t.name();
                MetadataResponse.Partition p = new MetadataResponse.Partition();
                p.partitionIndex = 0;
                p.leaderId = 1;
                p.leaderEpoch = 0;
                p.replicaNodes = new int[] {1};
                p.isrNodes = new int[] {1};
                topic.partitions.add(p);
                r.topics.add(topic);
            }
        }
        return r;
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.join(2000);
    }
}
