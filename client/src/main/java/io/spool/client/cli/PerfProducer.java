package io.spool.client.cli;

import io.spool.client.ProducerRecord;
import io.spool.client.Serializer;
import io.spool.client.SpoolProducer;
import io.spool.client.net.ZeroCopyStats;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code spool perf produce}: sends N records of a given size as fast as the producer takes them,
 * prints a progress line every 5 s and, at the end, throughput, latency percentiles, client CPU
 * time and the zero-copy counters.
 */
public final class PerfProducer {
    private PerfProducer() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.out));
    }

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args;
        String topic;
        long numRecords;
        int recordSize;
        try {
            args = new Args(argv, List.of());
            topic = args.required("topic");
            numRecords = args.getLong("num-records", -1);
            recordSize = (int) args.getLong("record-size", -1);
            if (numRecords <= 0 || recordSize < 0) {
                throw new IllegalArgumentException("--num-records (> 0) and --record-size (>= 0) are required");
            }
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println("usage: spool perf produce --bootstrap-server HOST:PORT --topic T --num-records N"
                    + " --record-size BYTES [--producer-property k=v ...]");
            return 2;
        }
        Map<String, Object> props = new HashMap<>(args.properties("producer-property"));
        props.put("bootstrap.servers", args.required("bootstrap-server"));
        byte[] payload = new byte[recordSize];
        new Random(1).nextBytes(payload);
        int sampleEvery = (int) Math.max(1, numRecords / 500_000);
        int[] latencies = new int[(int) (numRecords / sampleEvery) + 1];
        AtomicLong sampled = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong windowLatencyMs = new AtomicLong();
        AtomicLong windowCount = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        AtomicLong errors = new AtomicLong();
        long cpuStart = cpuNanos();
        long start = System.nanoTime();
        long lastReport = start;
        long lastAcked = 0;
        ZeroCopyStats stats;
        try (SpoolProducer<byte[], byte[]> producer = new SpoolProducer<>(props, Serializer.bytes(), Serializer.bytes())) {
            for (long i = 0; i < numRecords; i++) {
                long sendNanos = System.nanoTime();
                final long n = i;
                producer.send(new ProducerRecord<>(topic, null, null, null, payload, null)).whenComplete((m, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                        return;
                    }
                    long ms = (System.nanoTime() - sendNanos) / 1_000_000;
                    acked.incrementAndGet();
                    windowLatencyMs.addAndGet(ms);
                    windowCount.incrementAndGet();
                    if (n % sampleEvery == 0) {
                        long idx = sampled.getAndIncrement();
                        if (idx < latencies.length) {
                            latencies[(int) idx] = (int) ms;
                        }
                    }
                });
                long now = System.nanoTime();
                if (now - lastReport >= 5_000_000_000L) {
                    long a = acked.get();
                    long c = windowCount.getAndSet(0);
                    long l = windowLatencyMs.getAndSet(0);
                    double secs = (now - lastReport) / 1e9;
                    out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency%n",
                            a - lastAcked, (a - lastAcked) / secs, (a - lastAcked) * (double) recordSize / secs / 1e6,
                            c == 0 ? 0.0 : (double) l / c);
                    lastReport = now;
                    lastAcked = a;
                }
            }
            producer.flush();
            stats = producer.zeroCopyStats();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (cpuNanos() - cpuStart) / 1e9;
        long ok = acked.get();
        int[] lat = Arrays.copyOf(latencies, (int) Math.min(sampled.get(), latencies.length));
        Arrays.sort(lat);
        double gb = ok * (double) recordSize / 1e9;
        out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th, %d ms max%n",
                ok, ok / secs, ok * (double) recordSize / secs / 1e6,
                pct(lat, 0.5), pct(lat, 0.95), pct(lat, 0.99), pct(lat, 0.999), lat.length == 0 ? 0 : lat[lat.length - 1]);
        out.printf("client cpu: %.2f s (%.2f cpu-s per GB of record values)%n", cpuSecs, gb > 0 ? cpuSecs / gb : 0.0);
        out.println("zero-copy: " + stats);
        if (errors.get() > 0) {
            out.println(errors.get() + " records failed; first error: " + firstError.get());
            return 1;
        }
        return 0;
    }

    private static int pct(int[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
    }

    /** CPU time of this process, user + system, in ns. */
    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
