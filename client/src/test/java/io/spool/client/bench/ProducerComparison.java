package io.spool.client.bench;

import io.spool.client.it.KafkaKraftBroker;
import io.spool.client.it.SpoolBrokerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual benchmark, not a test: Spool's producer vs kafka-clients' producer against the same
 * broker in one run, each in a child JVM of its own, alternating, same settings. Starts a Spool
 * broker and an Apache Kafka 4.4 broker (both from the test classpath) unless told otherwise.
 * Args: numRecords recordSize rounds [k=v producer settings ...]. Loopback: see docs/client.md.
 */
public final class ProducerComparison {
    public static void main(String[] args) throws Exception {
        String n = args[0];
        String size = args[1];
        int rounds = Integer.parseInt(args[2]);
        List<String> settings = List.of(args).subList(3, args.length);
        try (SpoolBrokerProcess spool = SpoolBrokerProcess.start("num.partitions=1")) {
            compare("spool broker", spool.bootstrap(), n, size, rounds, settings);
        }
        try (KafkaKraftBroker kafka = KafkaKraftBroker.start()) {
            compare("kafka 4.4 broker", kafka.bootstrap(), n, size, rounds, settings);
        }
    }

    private static void compare(String broker, String bootstrap, String n, String size, int rounds, List<String> settings)
            throws Exception {
        for (int r = 0; r < rounds; r++) {
            for (Class<?> main : List.of(SpoolPerfProducer.class, KafkaPerfProducer.class)) {
                List<String> args = new ArrayList<>(List.of(bootstrap, "cmp-" + main.getSimpleName() + "-" + r, n, size));
                args.addAll(settings);
                System.out.printf("%-16s round %d %-18s %s%n", broker, r, main.getSimpleName(), run(main, args));
            }
        }
    }

    private static String run(Class<?> main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN",
                main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        StringBuilder keep = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT") || line.startsWith("zero-copy")) {
                keep.append(line.replace("RESULT ", "")).append("  ");
            }
        }
        return keep.length() == 0 ? "FAILED: " + out : keep.toString().replaceAll(", (completedSends|completionNotifications|copiedSends|unavailable|enobufs|copySends|zeroCopyBytes)=\\d+", "");
    }
}
