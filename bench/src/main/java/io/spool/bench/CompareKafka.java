package io.spool.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 6: the same Kafka client tools (ProducerPerformance, ConsumerPerformance, EndToEndLatency from
 * kafka-tools 4.4.0) against a single-node Apache Kafka 4.4.0 KRaft broker and a Spool broker, alternating
 * Kafka/Spool per pair, each run on a fresh broker with a fresh data dir. Broker pinned to CPU 0, client to CPU 1
 * (taskset), both brokers with a 1 GiB heap ({@code -Xms1g -Xmx1g}, Kafka's stock setting), 1 GiB segments,
 * no fsync per message. Reports medians per side, ratios Spool/Kafka, writes a Markdown section into
 * docs/benchmarks.md and a PNG chart. A run that fails (e.g. an API Spool does not implement yet) is reported
 * as such, never dropped silently.
 * Usage: {@code CompareKafka <spool-home> [--pairs N] [--scale F] [--drop-caches] [--no-docs]}.
 */
public final class CompareKafka {
    private static final Pattern PRODUCER_FINAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");
    private static final Pattern E2E_PERCENTILES = Pattern.compile(
            "Percentiles: 50th = ([\\d.]+), 99th = ([\\d.]+), 99.9th = ([\\d.]+)");
    private static final Pattern E2E_AVG = Pattern.compile("Avg latency: ([\\d.]+) ms");

    enum Kind { PRODUCE, CONSUME, E2E }

    record Workload(String name, Kind kind, int recordSize, int partitions, String acks, int records) {
    }

    /** One measured run: metrics by name (records/s, MB/s, p50 ms, ...), or the failure. */
    record Run(String side, Map<String, Double> metrics, String failure) {
    }

    private final Path home;
    private final Path javaBin;
    private final Path kafkaLib;
    private final boolean dropCaches;
    private final StringBuilder log = new StringBuilder();

    CompareKafka(Path home, boolean dropCaches) {
        this.home = home;
        this.javaBin = Path.of(ProcessHandle.current().info().command().orElseThrow());
        this.kafkaLib = home.resolve("bench/target/kafka-lib");
        this.dropCaches = dropCaches;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int pairs = 3;
        double scale = 1.0;
        boolean dropCaches = false;
        boolean docs = true;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--drop-caches" -> dropCaches = true;
                case "--no-docs" -> docs = false;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]
                        + " (allowed: --pairs N, --scale F, --drop-caches, --no-docs)");
            }
        }
        List<Workload> workloads = List.of(
                new Workload("produce 1 KiB, 1 partition, acks=1", Kind.PRODUCE, 1024, 1, "1", (int) (200_000 * scale)),
                new Workload("produce 100 B, 6 partitions, acks=1", Kind.PRODUCE, 100, 6, "1", (int) (1_000_000 * scale)),
                new Workload("produce 1 KiB, 1 partition, acks=all", Kind.PRODUCE, 1024, 1, "all", (int) (200_000 * scale)),
                new Workload("consume 1 KiB, 1 partition", Kind.CONSUME, 1024, 1, "1", (int) (200_000 * scale)),
                new Workload("end-to-end latency 1 KiB, acks=1", Kind.E2E, 1024, 1, "1", (int) (2_000 * scale)));
        CompareKafka c = new CompareKafka(home, dropCaches);
        String started = Instant.now().toString();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        double loopback = PhysicalLimits.loopbackMBps(2000);
        double memcpy = PhysicalLimits.memcpyGBps(1000);
        System.out.printf(Locale.ROOT, "physical limits: loopback TCP %.0f MB/s, memory copy %.1f GB/s%n", loopback, memcpy);
        Map<Workload, List<Run>> results = new LinkedHashMap<>();
        for (Workload w : workloads) {
            List<Run> runs = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                for (String side : List.of("kafka", "spool")) { // A/B/A/B: Kafka first in every pair
                    Run r = c.runOnce(side, w);
                    System.out.printf(Locale.ROOT, "%-40s %-5s pair %d: %s%n", w.name(), side, p + 1,
                            r.failure() != null ? "FAILED " + r.failure() : r.metrics());
                    runs.add(r);
                }
            }
            results.put(w, runs);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String table = c.table(results, pairs) + c.limits(results, loopback, memcpy);
        System.out.println(table);
        if (docs) {
            Path chart = home.resolve("docs/compare-kafka.png");
            Chart.write(chart, c.ratios(results));
            c.writeDocs(started, loadBefore, loadAfter, pairs, scale, table);
        }
    }

    /** Starts a fresh broker of {@code side}, runs the workload's client tool against it, stops the broker. */
    Run runOnce(String side, Workload w) throws Exception {
        Path dir = Dirs.fresh("spool-compare-" + side + "-");
        if (dropCaches) {
            new ProcessBuilder("sh", "-c", "sync; echo 1 > /proc/sys/vm/drop_caches").inheritIO().start().waitFor();
        }
        Broker broker = side.equals("kafka") ? startKafka(dir, w.partitions()) : startSpool(dir, w.partitions());
        try {
            String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Double> m = new LinkedHashMap<>();
            long cpu0;
            String out;
            switch (w.kind()) {
                case PRODUCE -> {
                    cpu0 = cpuTicks(broker.pid());
                    out = client(dir, "producer.out", producerArgs(broker, topic, w, w.records()));
                    Matcher pm = last(PRODUCER_FINAL, out);
                    if (pm == null) {
                        return new Run(side, m, "no ProducerPerformance summary: " + tail(out));
                    }
                    m.put("records/s", Double.parseDouble(pm.group(2)));
                    m.put("MB/s", Double.parseDouble(pm.group(3)));
                    m.put("p50 ms", Double.parseDouble(pm.group(6)));
                    m.put("p99 ms", Double.parseDouble(pm.group(8)));
                    m.put("p99.9 ms", Double.parseDouble(pm.group(9)));
                }
                case CONSUME -> {
                    out = client(dir, "fill.out", producerArgs(broker, topic, w, w.records()));
                    if (last(PRODUCER_FINAL, out) == null) {
                        return new Run(side, m, "could not produce the topic to consume: " + tail(out));
                    }
                    cpu0 = cpuTicks(broker.pid());
                    out = client(dir, "consumer.out", List.of("org.apache.kafka.tools.ConsumerPerformance",
                            "--bootstrap-server", broker.bootstrap(), "--topic", topic,
                            "--messages", Integer.toString(w.records()), "--timeout", "30000"));
                    double[] row = consumerRow(out);
                    if (row == null) {
                        return new Run(side, m, "no ConsumerPerformance result: " + tail(out));
                    }
                    m.put("MB/s", row[3]);
                    m.put("records/s", row[5]);
                    m.put("rebalance ms", row[6]);
                    m.put("fetch MB/s", row[8]); // excluding the group join

                }
                case E2E -> {
                    // the topic exists before the tool starts (Spool has no CreateTopics yet; auto-creation does it)
                    client(dir, "create.out", producerArgs(broker, topic, w, 1));
                    cpu0 = cpuTicks(broker.pid());
                    out = client(dir, "e2e.out", List.of("org.apache.kafka.tools.EndToEndLatency",
                            "--bootstrap-server", broker.bootstrap(), "--topic", topic,
                            "--num-records", Integer.toString(w.records()), "--producer-acks", w.acks(),
                            "--record-size", Integer.toString(w.recordSize())));
                    Matcher pm = last(E2E_PERCENTILES, out);
                    Matcher am = last(E2E_AVG, out);
                    if (pm == null || am == null) {
                        return new Run(side, m, "no EndToEndLatency result: " + tail(out));
                    }
                    m.put("avg ms", Double.parseDouble(am.group(1)));
                    m.put("p50 ms", Double.parseDouble(pm.group(1)));
                    m.put("p99 ms", Double.parseDouble(pm.group(2)));
                    m.put("p99.9 ms", Double.parseDouble(pm.group(3)));
                }
                default -> throw new IllegalStateException();
            }
            double cpuSeconds = (cpuTicks(broker.pid()) - cpu0) / 100.0; // USER_HZ
            m.put("broker CPU s", cpuSeconds);
            if (w.kind() != Kind.E2E) {
                double gb = (double) w.records() * w.recordSize() / 1e9;
                m.put("CPU s/GB", cpuSeconds / gb);
            }
            Map<String, Long> mem = IdleBroker.memoryKb(broker.pid());
            m.put("peak RSS MB", mem.getOrDefault("VmHWM", -1L) / 1024.0);
            m.put("RssAnon MB", mem.getOrDefault("RssAnon", -1L) / 1024.0);
            return new Run(side, m, null);
        } finally {
            broker.stop();
            Dirs.delete(dir);
        }
    }

    private List<String> producerArgs(Broker b, String topic, Workload w, int records) {
        return List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", Integer.toString(w.recordSize()),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + b.bootstrap(), "acks=" + w.acks(),
                "batch.size=65536", "linger.ms=5");
    }

    /** Runs a kafka-tools main pinned to CPU 1; returns its combined output. */
    private String client(Path dir, String logName, List<String> mainAndArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "1", javaBin.toString(), "-Xmx512m",
                "-Dlog4j2.level=WARN", "-cp", kafkaLib + "/*"));
        cmd.addAll(mainAndArgs);
        Path out = dir.resolve(logName);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return Files.readString(out);
    }

    // ------------------------------------------------------------------------------------------ brokers

    interface Broker {
        long pid();

        String bootstrap();

        void stop() throws Exception;
    }

    private record Started(Process process, int port, Path logFile) implements Broker {
        public long pid() {
            return process.pid();
        }

        public String bootstrap() {
            return "127.0.0.1:" + port;
        }

        public void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    Broker startKafka(Path dir, int partitions) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + partitions,
                "auto.create.topics.enable=true",
                "log.segment.bytes=1073741824",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        List<String> jvm = List.of(javaBin.toString(), "-Xmx1G", "-Xms1G", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dlog4j2.level=WARN", "-cp", kafkaLib + "/*");
        List<String> format = new ArrayList<>(jvm.subList(0, 1));
        format.addAll(List.of("-cp", kafkaLib + "/*", "kafka.tools.StorageTool", "format", "-t",
                randomClusterId(), "-c", props.toString()));
        Process f = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(dir.resolve("format.out").toFile()).start();
        if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.out")));
        }
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "0"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("kafka.Kafka", props.toString()));
        return await(new Started(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.out").toFile()).start(), port, dir.resolve("broker.out")));
    }

    Broker startSpool(Path dir, int partitions) throws Exception {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("taskset", "-c", "0", home.resolve("bin/spool").toString(), "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir.resolve("data"),
                "--override", "num.partitions=" + partitions,
                "--override", "log.segment.bytes=1073741824",
                "--override", "group.initial.rebalance.delay.ms=0"); // as the Kafka side: no 3 s join delay
        pb.environment().put("SPOOL_HEAP_OPTS", "-Xms1g -Xmx1g");
        return await(new Started(pb.redirectErrorStream(true).redirectOutput(dir.resolve("broker.out").toFile()).start(),
                port, dir.resolve("broker.out")));
    }

    private static Started await(Started s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!s.process().isAlive()) {
                throw new IllegalStateException("broker exited: " + Files.readString(s.logFile()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 200);
                return s;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        s.stop();
        throw new IllegalStateException("broker not accepting after 120 s: " + Files.readString(s.logFile()));
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding. */
    private static String randomClusterId() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    // ------------------------------------------------------------------------------------------ parsing

    /** The last match of {@code p} in {@code text} (tools print periodic lines before the summary), or null. */
    private static Matcher last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int start = -1;
        while (m.find()) {
            start = m.start();
        }
        if (start < 0) {
            return null;
        }
        Matcher found = p.matcher(text);
        found.find(start);
        return found;
    }

    /** ConsumerPerformance's CSV data row (start, end, MB, MB/s, nMsg, nMsg/s, ...) as numbers from column 2 on. */
    private static double[] consumerRow(String out) {
        for (String line : out.split("\n")) {
            String[] cols = line.split(",\\s*");
            if (cols.length >= 6 && cols[0].matches("\\d{4}-.*")) {
                try {
                    double[] v = new double[cols.length];
                    for (int i = 2; i < cols.length; i++) {
                        v[i] = Double.parseDouble(cols[i].trim());
                    }
                    return v;
                } catch (NumberFormatException ignored) {
                    // not the data row
                }
            }
        }
        return null;
    }

    private static String tail(String out) {
        String[] lines = out.strip().split("\n");
        return String.join(" | ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
    }

    /** utime + stime of {@code pid} in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------ report

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Map<String, Double> medians(List<Run> runs, String side) {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (Run r : runs) {
            if (r.side().equals(side) && r.failure() == null) {
                r.metrics().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        all.forEach((k, v) -> out.put(k, median(v)));
        return out;
    }

    String table(Map<Workload, List<Run>> results, int pairs) {
        StringBuilder t = new StringBuilder();
        t.append("| workload | metric | Kafka | Spool | Spool/Kafka |\n|---|---|---|---|---|\n");
        for (var e : results.entrySet()) {
            Map<String, Double> k = medians(e.getValue(), "kafka");
            Map<String, Double> s = medians(e.getValue(), "spool");
            long kFail = e.getValue().stream().filter(r -> r.side().equals("kafka") && r.failure() != null).count();
            long sFail = e.getValue().stream().filter(r -> r.side().equals("spool") && r.failure() != null).count();
            List<String> metrics = new ArrayList<>(k.keySet());
            s.keySet().stream().filter(x -> !metrics.contains(x)).forEach(metrics::add);
            for (String metric : metrics) {
                Double kv = k.get(metric);
                Double sv = s.get(metric);
                t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", e.getKey().name(), metric,
                        fmt(kv), fmt(sv), kv != null && sv != null && kv != 0 ? String.format(Locale.ROOT, "%.2f", sv / kv) : "n/a"));
            }
            if (kFail + sFail > 0) {
                String why = e.getValue().stream().filter(r -> r.failure() != null).map(r -> r.side() + ": " + r.failure())
                        .findFirst().orElse("");
                t.append(String.format(Locale.ROOT, "| %s | failed runs | %d of %d | %d of %d | %s |%n", e.getKey().name(),
                        kFail, pairs, sFail, pairs, why.replace("|", "/").replace("\n", " ")));
            }
        }
        return t.toString();
    }

    /** The physical limits and consume MB/s as a fraction of the loopback limit, as Markdown lines. */
    String limits(Map<Workload, List<Run>> results, double loopbackMBps, double memcpyGBps) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "%nPhysical limits measured at the start of this run (harness JVM, not pinned): loopback TCP of a plain "
                        + "socket pair **%.0f MB/s**, memory copy **%.1f GB/s**.", loopbackMBps, memcpyGBps));
        for (var e : results.entrySet()) {
            if (e.getKey().kind() == Kind.CONSUME) {
                Double k = medians(e.getValue(), "kafka").get("MB/s");
                Double s = medians(e.getValue(), "spool").get("MB/s");
                t.append(String.format(Locale.ROOT, " Consume as a fraction of loopback: Kafka %s, Spool %s.",
                        k == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * k / loopbackMBps),
                        s == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * s / loopbackMBps)));
            }
        }
        return t.append("\n").toString();
    }

    /** The issue-6 target ratios (label, measured ratio, goal, higher is better). */
    List<Chart.Bar> ratios(Map<Workload, List<Run>> results) {
        List<Chart.Bar> bars = new ArrayList<>();
        Map<String, Double[]> cpu = new HashMap<>();
        double peakK = 0;
        double peakS = 0;
        double anonK = 0;
        double anonS = 0;
        for (var e : results.entrySet()) {
            Map<String, Double> k = medians(e.getValue(), "kafka");
            Map<String, Double> s = medians(e.getValue(), "spool");
            Workload w = e.getKey();
            switch (w.kind()) {
                case PRODUCE -> bars.add(new Chart.Bar(w.name() + ": records/s", ratio(s, k, "records/s"), 1.5, true));
                case CONSUME -> bars.add(new Chart.Bar(w.name() + ": MB/s", ratio(s, k, "MB/s"), 1.5, true));
                case E2E -> bars.add(new Chart.Bar(w.name() + ": p99", ratio(s, k, "p99 ms"), 0.5, false));
            }
            if (w.kind() == Kind.PRODUCE || w.kind() == Kind.CONSUME) {
                cpu.put(w.name(), new Double[] {k.get("CPU s/GB"), s.get("CPU s/GB")});
            }
            peakK = Math.max(peakK, k.getOrDefault("peak RSS MB", 0.0));
            peakS = Math.max(peakS, s.getOrDefault("peak RSS MB", 0.0));
            anonK = Math.max(anonK, k.getOrDefault("RssAnon MB", 0.0));
            anonS = Math.max(anonS, s.getOrDefault("RssAnon MB", 0.0));
        }
        double kSum = 0;
        double sSum = 0;
        for (Double[] v : cpu.values()) {
            if (v[0] != null && v[1] != null) {
                kSum += v[0];
                sSum += v[1];
            }
        }
        bars.add(new Chart.Bar("broker CPU s per GB (sum over workloads)", kSum > 0 ? sSum / kSum : Double.NaN, 0.6, false));
        bars.add(new Chart.Bar("broker peak RSS (VmHWM, incl. mapped file pages)", peakK > 0 && peakS > 0 ? peakS / peakK : Double.NaN, 0.5, false));
        // DESIGN.md section 7: pages written through the mapping count as RssFile, memory targets apply to RssAnon
        bars.add(new Chart.Bar("broker RssAnon (end of run)", anonK > 0 && anonS > 0 ? anonS / anonK : Double.NaN, 0.5, false));
        return bars;
    }

    private static double ratio(Map<String, Double> s, Map<String, Double> k, String metric) {
        Double sv = s.get(metric);
        Double kv = k.get(metric);
        return sv == null || kv == null || kv == 0 ? Double.NaN : sv / kv;
    }

    private static String fmt(Double v) {
        if (v == null) {
            return "—";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    void writeDocs(String started, String loadBefore, String loadAfter, int pairs, double scale, String table) throws Exception {
        Path docs = home.resolve("docs/benchmarks.md");
        String begin = "<!-- compare-kafka:begin (written by bench/compare-kafka) -->";
        String end = "<!-- compare-kafka:end -->";
        String section = begin + "\n"
                + "Command: `bench/compare-kafka --pairs " + pairs + (scale != 1.0 ? " --scale " + scale : "") + "`"
                + (dropCaches ? " (with --drop-caches)" : "") + "  \n"
                + "Started " + started + "; machine: " + MachineFacts.describe() + "  \n"
                + "Load average (1/5/15 min, runnable/total, last pid) before: `" + loadBefore + "`, after: `" + loadAfter + "`  \n"
                + "Medians over " + pairs + " Kafka/Spool pairs (Kafka first in each pair); broker on CPU 0, client on CPU 1.\n\n"
                + table + "\n![Spool/Kafka ratios](compare-kafka.png)\n" + end;
        String text = Files.exists(docs) ? Files.readString(docs) : "# Benchmarks\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + end.length())
                : text + "\n## Side by side with Apache Kafka 4.4.0\n\n" + section + "\n";
        Files.writeString(docs, text);
        System.out.println("wrote " + docs + " and docs/compare-kafka.png");
    }
}
