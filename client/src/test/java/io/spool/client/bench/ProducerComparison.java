package io.spool.client.bench;

import io.spool.client.it.SpoolBrokerProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * Manual benchmark, not a test (issue 5, benchmark item 3): Spool's producer vs kafka-clients'
 * producer against the same Spool broker process in one run, each run in a child JVM of its own,
 * pairs alternating which goes first, same settings; prints every run, the medians and the ratio.
 * CPU is the producer process's user+system time from the first send() to the end of flush().
 * Args: numRecords recordSize pairs [k=v producer settings ...]. Loopback only: see docs/benchmarks.md.
 */
public final class ProducerComparison {
    public static void main(String[] args) throws Exception {
        String n = args[0];
        String size = args[1];
        int pairs = Integer.parseInt(args[2]);
        List<String> settings = List.of(args).subList(3, args.length);
        List<BenchRuns.Result> spool = new ArrayList<>();
        List<BenchRuns.Result> kafka = new ArrayList<>();
        try (SpoolBrokerProcess broker = SpoolBrokerProcess.start("num.partitions=1")) {
            for (int r = 0; r < pairs; r++) {
                List<Class<?>> order = r % 2 == 0 ? List.of(SpoolPerfProducer.class, KafkaPerfProducer.class)
                        : List.of(KafkaPerfProducer.class, SpoolPerfProducer.class);
                for (Class<?> main : order) {
                    List<String> a = new ArrayList<>(List.of(broker.bootstrap(), "cmp-" + main.getSimpleName() + "-" + r, n, size));
                    a.addAll(settings);
                    BenchRuns.Result res = BenchRuns.run(List.of(), main, a);
                    System.out.printf("pair %d %-18s %.1f MB/s %.2f cpu-s/GB errors=%d %s%n", r, main.getSimpleName(),
                            res.mbPerSec(), res.cpuSecPerGb(), res.errors(), res.zeroCopy());
                    (main == SpoolPerfProducer.class ? spool : kafka).add(res);
                }
            }
        }
        BenchRuns.summarise("spool-producer", spool, "kafka-clients-producer", kafka);
    }
}
