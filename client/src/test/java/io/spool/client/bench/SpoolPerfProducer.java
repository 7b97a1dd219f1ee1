package io.spool.client.bench;

import io.spool.client.ProducerRecord;
import io.spool.client.Serializer;
import io.spool.client.SpoolProducer;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Spool's producer under exactly the load of {@link KafkaPerfProducer}, measured the same way. Same args. */
public final class SpoolPerfProducer {
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
        try (SpoolProducer<byte[], byte[]> p = new SpoolProducer<>(props, Serializer.bytes(), Serializer.bytes())) {
            p.partitionCount(args[1]);
            long cpu0 = KafkaPerfProducer.cpuNanos();
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(args[1], null, null, null, payload, null)).whenComplete((m, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                    }
                });
            }
            p.flush();
            KafkaPerfProducer.report(n, size, System.nanoTime() - t0, KafkaPerfProducer.cpuNanos() - cpu0, errors.get());
            System.out.println("zero-copy: " + p.zeroCopyStats());
        }
    }
}
