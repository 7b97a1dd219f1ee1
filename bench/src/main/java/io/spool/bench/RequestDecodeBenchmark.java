package io.spool.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.message.FetchRequest;
import io.spool.protocol.message.Messages;
import io.spool.protocol.message.ProduceRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Request body decoding as the broker does it, from a pre-encoded direct {@link ByteBuf} (readerIndex reset per
 * op): Produce v9 (flexible; one topic, {@code partitions} x one 16 KiB batch; records become retained slices,
 * released per op) and Fetch v12 (flexible, topics by name; one topic, {@code partitions}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE, JvmFlags.XMS, JvmFlags.XMX})
public class RequestDecodeBenchmark {
    static final short PRODUCE_VERSION = 9;
    static final short FETCH_VERSION = 12;

    @Param({"1", "6"})
    public int partitions;

    private ByteBuf produce;
    private ByteBuf fetch;

    @Setup(Level.Trial)
    public void setup() {
        ProduceRequest p = new ProduceRequest();
        p.acks = 1;
        p.timeoutMs = 30_000;
        List<ProduceRequest.PartitionData> pds = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            pds.add(new ProduceRequest.PartitionData(i, Unpooled.wrappedBuffer(Batches.batchOfSize(16, 16 * 1024))));
        }
        p.topics.add(new ProduceRequest.TopicData("bench-topic", pds));
        produce = encode(p, PRODUCE_VERSION);
        p.release();

        FetchRequest f = new FetchRequest();
        f.maxWaitMs = 500;
        f.minBytes = 1;
        f.maxBytes = 50 << 20;
        List<FetchRequest.FetchPartition> fps = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            FetchRequest.FetchPartition fp = new FetchRequest.FetchPartition();
            fp.partition = i;
            fp.fetchOffset = 1_000_000L * (i + 1);
            fp.partitionMaxBytes = 1 << 20;
            fps.add(fp);
        }
        f.topics.add(new FetchRequest.FetchTopic("bench-topic", fps));
        fetch = encode(f, FETCH_VERSION);
        System.out.println("request bytes: produce=" + produce.readableBytes() + " fetch=" + fetch.readableBytes());
    }

    private static ByteBuf encode(ApiMessage m, short version) {
        MessageWriter w = MessageWriter.unframed();
        m.write(w, version);
        ByteBuf heap = w.toByteBuf();
        ByteBuf direct = Unpooled.directBuffer(heap.readableBytes()).writeBytes(heap);
        heap.release();
        return direct;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        produce.release();
        fetch.release();
    }

    @Benchmark
    public ApiMessage produce() {
        produce.readerIndex(0);
        ProduceRequest m = (ProduceRequest) Messages.readRequest(ApiKeys.PRODUCE, produce, PRODUCE_VERSION);
        m.release();
        return m;
    }

    @Benchmark
    public ApiMessage fetch() {
        fetch.readerIndex(0);
        return Messages.readRequest(ApiKeys.FETCH, fetch, FETCH_VERSION);
    }
}
