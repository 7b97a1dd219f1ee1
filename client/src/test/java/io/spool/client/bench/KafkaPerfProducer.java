package io.spool.client.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kafka-clients' producer under the same load as {@code spool perf produce}; prints one
 * {@code RESULT} line: records/s, MB/s and CPU seconds per GB of record values (send loop + flush).
 * Args: bootstrap topic numRecords recordSize [k=v ...].
 */
public final class KafkaPerfProducer {
    public static void main(String[] args) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", args[0]);
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            props.put(kv[0], kv[1]);
        }
        long n = Long.parseLong(args[2]);
        int size = Integer.parseInt(args[3]);
        byte[] payload = new byte[size];
        new Random(1).nextBytes(payload);
        AtomicLong errors = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.partitionsFor(args[1]);
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(args[1], payload), (m, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                    }
                });
            }
            p.flush();
            report(n, size, System.nanoTime() - t0, cpuNanos() - cpu0, errors.get());
        }
    }

    static void report(long n, int size, long nanos, long cpuNanos, long errors) {
        double secs = nanos / 1e9;
        double gb = n * (double) size / 1e9;
        System.out.printf("RESULT records/s=%.0f MB/s=%.1f cpu-s/GB=%.2f errors=%d%n",
                n / secs, n * (double) size / secs / 1e6, cpuNanos / 1e9 / gb, errors);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
