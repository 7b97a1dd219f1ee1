package io.spool.bench;

import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchView;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What the produce path does to every incoming batch: {@link RecordBatchView#validate} (header checks and
 * CRC-32C over attributes..end) of one client-built batch held in a direct buffer, as the request's records are.
 * {@code shape} is {@code <records>x<valueBytes>}: 16x1024 is a 16 589-byte batch, 10x100 a 1 151-byte one.
 * Each op validates the next of {@value #COPIES} copies laid end to end (a different offset every op, so the
 * JIT cannot hoist the CRC out of JMH's loop; 1 MiB in all for 16x1024, L2-resident). Throughput in ops/s;
 * MB/s = ops/s x batch bytes (printed once per fork).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE, JvmFlags.XMS, JvmFlags.XMX})
public class BatchValidationBenchmark {
    @Param({"16x1024", "10x100"})
    public String shape;

    static final int COPIES = 64;

    private final RecordBatchView view = new RecordBatchView();
    private ByteBuffer batch;
    private int size;
    private int next;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        ByteBuffer heap = Batches.batch(Integer.parseInt(p[0]), Integer.parseInt(p[1]), System.currentTimeMillis());
        size = heap.remaining();
        batch = ByteBuffer.allocateDirect(size * COPIES);
        for (int i = 0; i < COPIES; i++) {
            batch.put(heap.duplicate());
        }
        batch.flip();
        for (int i = 0; i < COPIES; i++) {
            if (view.wrap(batch, i * size).validate(size) != BatchStatus.VALID) {
                throw new IllegalStateException("benchmark batch does not validate: shape=" + shape + " copy=" + i);
            }
        }
        System.out.println("batch bytes: shape=" + shape + " size=" + size);
    }

    @Benchmark
    public BatchStatus validate() {
        int offset = next * size;
        next = (next + 1) & (COPIES - 1);
        return view.wrap(batch, offset).validate(size);
    }
}
