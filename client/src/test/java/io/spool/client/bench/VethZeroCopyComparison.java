package io.spool.client.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual benchmark, not a test (issue 5, benchmark item 3): Spool's producer with and without
 * MSG_ZEROCOPY across a veth pair. The Spool broker runs in network namespace {@code spc-b} behind
 * {@code spc-vb} (10.232.0.2), the producer in namespace {@code spc-a} behind {@code spc-va}
 * (10.232.0.1), so every byte crosses the veth pair; pairs alternate which mode goes first. Needs
 * root and {@code ip netns}; prints a SKIPPED line and exits 0 without them. Removes what it created.
 * Args: numRecords recordSize pairs [k=v producer settings ...].
 */
public final class VethZeroCopyComparison {
    private static final String NS_BROKER = "spc-b";
    private static final String NS_CLIENT = "spc-a";
    private static final String BROKER_IP = "10.232.0.2";
    private static final int PORT = 19092;

    public static void main(String[] args) throws Exception {
        String n = args[0];
        String size = args[1];
        int pairs = Integer.parseInt(args[2]);
        List<String> settings = List.of(args).subList(3, args.length);
        if (sh("ip", "netns", "list") != 0) {
            System.out.println("SKIPPED: `ip netns` is not available here (needs iproute2 and root)");
            return;
        }
        cleanup();
        Path dir = Files.createTempDirectory("spool-veth-");
        Process broker = null;
        try {
            for (String[] c : new String[][] {
                    {"ip", "netns", "add", NS_BROKER}, {"ip", "netns", "add", NS_CLIENT},
                    {"ip", "link", "add", "spc-va", "type", "veth", "peer", "name", "spc-vb"},
                    {"ip", "link", "set", "spc-va", "netns", NS_CLIENT}, {"ip", "link", "set", "spc-vb", "netns", NS_BROKER},
                    {"ip", "-n", NS_CLIENT, "addr", "add", "10.232.0.1/24", "dev", "spc-va"},
                    {"ip", "-n", NS_BROKER, "addr", "add", BROKER_IP + "/24", "dev", "spc-vb"},
                    {"ip", "-n", NS_CLIENT, "link", "set", "spc-va", "up"}, {"ip", "-n", NS_BROKER, "link", "set", "spc-vb", "up"},
                    {"ip", "-n", NS_CLIENT, "link", "set", "lo", "up"}, {"ip", "-n", NS_BROKER, "link", "set", "lo", "up"}}) {
                if (sh(c) != 0) {
                    System.out.println("SKIPPED: cannot set up the veth pair (" + String.join(" ", c) + " failed)");
                    return;
                }
            }
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", NS_BROKER,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "io.spool.broker.Main", "--override", "listeners=PLAINTEXT://" + BROKER_IP + ":" + PORT,
                    "--override", "log.dirs=" + dir.resolve("data"), "--override", "num.partitions=1"));
            broker = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
            awaitListening(broker, dir.resolve("broker.log"));
            List<String> inClient = List.of("ip", "netns", "exec", NS_CLIENT);
            List<BenchRuns.Result> zc = new ArrayList<>();
            List<BenchRuns.Result> plain = new ArrayList<>();
            for (int r = 0; r < pairs; r++) {
                for (boolean zero : r % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
                    List<String> a = new ArrayList<>(List.of(BROKER_IP + ":" + PORT, "veth-" + zero + "-" + r, n, size));
                    a.addAll(settings);
                    // keep zero-copy on even when completions say COPIED: otherwise the first one ends it
                    a.addAll(zero ? List.of("zerocopy.enable=true", "zerocopy.fallback.on.copied=false")
                            : List.of("zerocopy.enable=false"));
                    BenchRuns.Result res = BenchRuns.run(inClient, SpoolPerfProducer.class, a);
                    System.out.printf("pair %d %-9s %.1f MB/s %.2f cpu-s/GB errors=%d %s%n", r, zero ? "zerocopy" : "plain",
                            res.mbPerSec(), res.cpuSecPerGb(), res.errors(), res.zeroCopy());
                    (zero ? zc : plain).add(res);
                }
            }
            BenchRuns.summarise("zerocopy", zc, "plain", plain);
        } finally {
            if (broker != null) {
                broker.destroy();
                broker.waitFor();
            }
            cleanup();
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    private static void awaitListening(Process broker, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("broker exited: " + Files.readString(log));
            }
            // the root namespace cannot reach 10.232.0.2; ask from the client namespace
            if (sh("ip", "netns", "exec", NS_CLIENT, "bash", "-c", "exec 3<>/dev/tcp/" + BROKER_IP + "/" + PORT) == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("broker did not listen within 60 s: " + Files.readString(log));
    }

    private static void cleanup() throws Exception {
        sh("ip", "netns", "del", NS_BROKER); // deleting a namespace deletes its end of the veth pair, and so both
        sh("ip", "netns", "del", NS_CLIENT);
    }

    private static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0 && !cmd[cmd.length - 1].startsWith("exec 3") && !(cmd.length > 2 && cmd[2].equals("del"))) {
            System.err.println(String.join(" ", cmd) + ": " + out.trim());
        }
        return rc;
    }
}
