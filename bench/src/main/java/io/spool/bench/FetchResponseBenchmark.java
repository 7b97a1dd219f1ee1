package io.spool.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.MessageWriter;
import io.spool.protocol.RecordsPayload;
import io.spool.protocol.ResponseHeader;
import io.spool.protocol.message.FetchResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetch response assembly as the broker does it: a framed Fetch v12 response (header v1) with one topic and
 * {@code partitions} partitions, each holding a 16 KiB {@link RecordsPayload} written by reference (the broker's
 * are segment file ranges sent with sendfile; here a size-only payload, so no record bytes are touched), on
 * Netty's default (pooled) allocator; the header chunks are released per op. The response object is built once
 * (the broker builds it per fetch; that cost is in the handler, not in assembly).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE, JvmFlags.XMS, JvmFlags.XMX})
public class FetchResponseBenchmark {
    static final short VERSION = 12;

    /** A segment range stand-in: only its size matters to the writer. */
    record FileRange(long position, int length) implements RecordsPayload {
        @Override
        public int sizeInBytes() {
            return length;
        }
    }

    @Param({"1", "6"})
    public int partitions;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final short headerVersion = ApiKeys.FETCH.responseHeaderVersion(VERSION);
    private FetchResponse response;
    private int correlationId;

    @Setup
    public void setup() {
        response = new FetchResponse();
        List<FetchResponse.PartitionData> pds = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            FetchResponse.PartitionData p = new FetchResponse.PartitionData();
            p.partitionIndex = i;
            p.highWatermark = 2_000_000L;
            p.lastStableOffset = 2_000_000L;
            p.logStartOffset = 0L;
            p.records = new FileRange(1_000_000L * i, 16 * 1024);
            pds.add(p);
        }
        response.responses.add(new FetchResponse.FetchableTopicResponse("bench-topic", pds));
    }

    @Benchmark
    public int assemble() {
        MessageWriter w = MessageWriter.framed(alloc);
        ResponseHeader.write(w, correlationId++, headerVersion);
        response.write(w, VERSION);
        int size = 0;
        for (Object part : w.finish()) {
            if (part instanceof ByteBuf b) {
                size += b.readableBytes();
                b.release();
            } else {
                size += ((RecordsPayload) part).sizeInBytes();
            }
        }
        return size;
    }
}
