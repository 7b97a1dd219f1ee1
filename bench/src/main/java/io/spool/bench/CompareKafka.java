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
 * Every run also records each process's CPU use over the client run (utime + stime / wall time of the client tool:
 * 100% = one core busy), and the broker's CPU in its JIT compiler and GC threads.
 * Usage: {@code CompareKafka <spool-home> [--pairs N] [--scale F] [--drop-caches] [--no-docs] [--profile]
 * [--profile-interval I] [--warmup] [--unpinned] [--producers N] [--only REGEX]}; any option after
 * {@code --no-docs} in that list is a different set-up, whose table goes to bench/results instead of docs/benchmarks.md.
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

    /** The options of one invocation (see the class comment). */
    record Options(int pairs, double scale, boolean dropCaches, boolean docs, boolean profile, String profileInterval,
                   boolean warmup, boolean pinned, int producers, Pattern only) {
        /** A set-up other than the documented default: its table goes to bench/results, not into docs/benchmarks.md. */
        boolean nonDefault() {
            return profile || warmup || !pinned || producers != 1 || only != null;
        }

        String command() {
            return "bench/compare-kafka --pairs " + pairs + (scale != 1.0 ? " --scale " + scale : "")
                    + (dropCaches ? " --drop-caches" : "") + (profile ? " --profile --profile-interval " + profileInterval : "")
                    + (warmup ? " --warmup" : "") + (pinned ? "" : " --unpinned")
                    + (producers != 1 ? " --producers " + producers : "") + (only != null ? " --only '" + only + "'" : "");
        }
    }

    /** Client tool output and its process's cost over the run (all processes, when several run at once). */
    record ClientRun(List<String> outputs, double wallSeconds, double cpuSeconds, long startMs, long endMs) {
        String output() {
            return outputs.getFirst();
        }
    }

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$");

    private final Path home;
    private final Path javaBin;
    private final Path kafkaLib;
    private final Options opt;
    private final Profiler profiler;
    private final Path profileDir;
    private final StringBuilder profileReport = new StringBuilder();

    CompareKafka(Path home, Options opt, Path profileDir) {
        this.home = home;
        this.javaBin = Path.of(ProcessHandle.current().info().command().orElseThrow());
        this.kafkaLib = home.resolve("bench/target/kafka-lib");
        this.opt = opt;
        this.profiler = opt.profile() ? Profiler.locate(home, javaBin, opt.profileInterval()) : null;
        this.profileDir = profileDir;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int pairs = 3;
        double scale = 1.0;
        boolean dropCaches = false;
        boolean docs = true;
        boolean profile = false;
        String interval = "1ms";
        boolean warmup = false;
        boolean pinned = true;
        int producers = 1;
        Pattern only = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--drop-caches" -> dropCaches = true;
                case "--no-docs" -> docs = false;
                case "--profile" -> profile = true;
                case "--profile-interval" -> interval = args[++i];
                case "--warmup" -> warmup = true;
                case "--unpinned" -> pinned = false;
                case "--producers" -> producers = Integer.parseInt(args[++i]);
                case "--only" -> only = Pattern.compile(args[++i]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]
                        + " (allowed: --pairs N, --scale F, --drop-caches, --no-docs, --profile, --profile-interval I,"
                        + " --warmup, --unpinned, --producers N, --only REGEX)");
            }
        }
        if (producers < 1) {
            throw new IllegalArgumentException("--producers must be at least 1, was " + producers);
        }
        Options opt = new Options(pairs, scale, dropCaches, docs, profile, interval, warmup, pinned, producers, only);
        List<Workload> all = List.of(
                new Workload("produce 1 KiB, 1 partition, acks=1", Kind.PRODUCE, 1024, 1, "1", (int) (200_000 * scale)),
                new Workload("produce 100 B, 6 partitions, acks=1", Kind.PRODUCE, 100, 6, "1", (int) (1_000_000 * scale)),
                new Workload("produce 1 KiB, 1 partition, acks=all", Kind.PRODUCE, 1024, 1, "all", (int) (200_000 * scale)),
                new Workload("consume 1 KiB, 1 partition", Kind.CONSUME, 1024, 1, "1", (int) (200_000 * scale)),
                new Workload("end-to-end latency 1 KiB, acks=1", Kind.E2E, 1024, 1, "1", (int) (2_000 * scale)));
        List<Workload> workloads = all.stream().filter(w -> opt.only() == null || opt.only().matcher(w.name()).find()).toList();
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(java.time.ZoneOffset.UTC)
                .format(Instant.now());
        Path profileDir = home.resolve("bench/target/profiles/" + stamp);
        if (profile) {
            Files.createDirectories(profileDir);
        }
        CompareKafka c = new CompareKafka(home, opt, profileDir);
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
                    Run r = c.runOnce(side, w, profile && p == 0);
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
        if (opt.nonDefault()) {
            // another set-up: keep the documented default table, write this one next to the raw results
            Path out = home.resolve("bench/results/compare-kafka-" + stamp + ".md");
            Files.writeString(out, c.header(started, loadBefore, loadAfter) + table
                    + (profile ? "\nProfiles (collapsed stacks, HTML flame graphs): `" + home.relativize(profileDir) + "`\n\n"
                    + c.profileReport : ""));
            System.out.println("wrote " + out);
        } else if (docs) {
            Path chart = home.resolve("docs/compare-kafka.png");
            Chart.write(chart, c.ratios(results));
            c.writeDocs(started, loadBefore, loadAfter, table);
        }
    }

    /**
     * Starts a fresh broker of {@code side}, runs the workload's client tool against it (after one untimed run of the
     * same tool with {@code --warmup}), stops the broker. With {@code profile}, broker and client run under
     * async-profiler and the measured window of each is summarised into {@link #profileReport}.
     */
    Run runOnce(String side, Workload w, boolean profile) throws Exception {
        Path dir = Dirs.fresh("spool-compare-" + side + "-");
        if (opt.dropCaches()) {
            new ProcessBuilder("sh", "-c", "sync; echo 1 > /proc/sys/vm/drop_caches").inheritIO().start().waitFor();
        }
        String base = slug(w.name()) + "-" + side;
        Path brokerJfr = profile ? profileDir.resolve(base + "-broker.jfr") : null;
        Path clientJfr = profile ? profileDir.resolve(base + "-client.jfr") : null;
        String agent = profile ? profiler.agentOption(brokerJfr) : null;
        Broker broker = side.equals("kafka") ? startKafka(dir, w.partitions(), agent) : startSpool(dir, w.partitions(), agent);
        long[] window = new long[2];
        Run run;
        try {
            double settle = -1;
            if (opt.warmup()) {
                Run warm = measure(side, broker, w, dir, "warmup-", null, new long[2]);
                if (warm.failure() != null) {
                    return warm;
                }
                settle = awaitJitQuiet(broker.pid());
            }
            run = measure(side, broker, w, dir, "", clientJfr, window);
            if (settle >= 0) {
                run.metrics().put("JIT settle s", settle);
            }
        } finally {
            broker.stop();
            Dirs.delete(dir);
        }
        if (profile && run.failure() == null) {
            summarise(w, side, "broker", brokerJfr, window[0], window[1]);
            summarise(w, side, "client", clientJfr, 0, 0);
        }
        return run;
    }

    private void summarise(Workload w, String side, String process, Path jfr, long fromMs, long toMs) throws Exception {
        String title = w.name() + " - " + side + " " + process + (fromMs > 0 ? " (client run window)" : " (whole process)");
        Path collapsed = profiler.convert(jfr, fromMs, toMs, Path.of(jfr.toString().replace(".jfr", "")), title);
        ProfileSummary summary = ProfileSummary.parse(Files.readString(collapsed));
        profileReport.append(summary.markdown(title + ": `" + home.relativize(collapsed) + "`", 12, profiler.intervalMs()));
        System.out.printf(Locale.ROOT, "profile %-45s %,8d samples, JIT %.1f%%, GC/VM %.1f%%, kernel %.1f%%, interpreter %.1f%%%n",
                title, summary.total(), summary.percentOf("JIT"), summary.percentOf("GC"), summary.percentOf("kernel"),
                summary.percentOf("interpreter"));
        Files.deleteIfExists(jfr); // large; the collapsed stacks and the flame graph stay
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /**
     * One client run of the workload against {@code broker} (topics prefixed {@code topicPrefix}); fills
     * {@code window} with the client run's wall-clock start and end (epoch ms).
     */
    private Run measure(String side, Broker broker, Workload w, Path dir, String topicPrefix, Path clientJfr, long[] window)
            throws Exception {
        String topic = topicPrefix + "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Double> m = new LinkedHashMap<>();
        String log = topicPrefix;
        long cpu0;
        Map<Long, ThreadCpu> threads0;
        ClientRun cr;
        switch (w.kind()) {
            case PRODUCE -> {
                cpu0 = cpuTicks(broker.pid());
                threads0 = threadTicks(broker.pid());
                cr = client(dir, log + "producer.out", producerArgs(broker, topic, w, w.records()), opt.producers(), clientJfr);
                double recordsPerSec = 0;
                double mbPerSec = 0;
                double[] pct = new double[3];
                for (String out : cr.outputs()) {
                    Matcher pm = last(PRODUCER_FINAL, out);
                    if (pm == null) {
                        return new Run(side, m, "no ProducerPerformance summary: " + tail(out));
                    }
                    recordsPerSec += Double.parseDouble(pm.group(2)); // aggregate over concurrent producers
                    mbPerSec += Double.parseDouble(pm.group(3));
                    pct[0] = Math.max(pct[0], Double.parseDouble(pm.group(6))); // worst producer's percentiles
                    pct[1] = Math.max(pct[1], Double.parseDouble(pm.group(8)));
                    pct[2] = Math.max(pct[2], Double.parseDouble(pm.group(9)));
                }
                m.put("records/s", recordsPerSec);
                m.put("MB/s", mbPerSec);
                if (opt.producers() > 1) {
                    // conservative aggregate: all records over the wall time until the last producer exited (JVM starts included)
                    m.put("records/s over wall", (double) w.records() * opt.producers() / cr.wallSeconds());
                }
                m.put("p50 ms", pct[0]);
                m.put("p99 ms", pct[1]);
                m.put("p99.9 ms", pct[2]);
            }
            case CONSUME -> {
                ClientRun fill = client(dir, log + "fill.out", producerArgs(broker, topic, w, w.records()), 1, null);
                if (last(PRODUCER_FINAL, fill.output()) == null) {
                    return new Run(side, m, "could not produce the topic to consume: " + tail(fill.output()));
                }
                cpu0 = cpuTicks(broker.pid());
                threads0 = threadTicks(broker.pid());
                cr = client(dir, log + "consumer.out", List.of("org.apache.kafka.tools.ConsumerPerformance",
                        "--bootstrap-server", broker.bootstrap(), "--topic", topic,
                        "--messages", Integer.toString(w.records()), "--timeout", "30000"), 1, clientJfr);
                double[] row = consumerRow(cr.output());
                if (row == null) {
                    return new Run(side, m, "no ConsumerPerformance result: " + tail(cr.output()));
                }
                m.put("MB/s", row[3]);
                m.put("records/s", row[5]);
                m.put("rebalance ms", row[6]);
                m.put("fetch MB/s", row[8]); // excluding the group join
            }
            case E2E -> {
                // the topic exists before the tool starts (Spool has no CreateTopics yet; auto-creation does it)
                client(dir, log + "create.out", producerArgs(broker, topic, w, 1), 1, null);
                cpu0 = cpuTicks(broker.pid());
                threads0 = threadTicks(broker.pid());
                cr = client(dir, log + "e2e.out", List.of("org.apache.kafka.tools.EndToEndLatency",
                        "--bootstrap-server", broker.bootstrap(), "--topic", topic,
                        "--num-records", Integer.toString(w.records()), "--producer-acks", w.acks(),
                        "--record-size", Integer.toString(w.recordSize())), 1, clientJfr);
                Matcher pm = last(E2E_PERCENTILES, cr.output());
                Matcher am = last(E2E_AVG, cr.output());
                if (pm == null || am == null) {
                    return new Run(side, m, "no EndToEndLatency result: " + tail(cr.output()));
                }
                m.put("avg ms", Double.parseDouble(am.group(1)));
                m.put("p50 ms", Double.parseDouble(pm.group(1)));
                m.put("p99 ms", Double.parseDouble(pm.group(2)));
                m.put("p99.9 ms", Double.parseDouble(pm.group(3)));
            }
            default -> throw new IllegalStateException();
        }
        window[0] = cr.startMs();
        window[1] = cr.endMs();
        double cpuSeconds = (cpuTicks(broker.pid()) - cpu0) / 100.0; // USER_HZ
        m.put("broker CPU s", cpuSeconds);
        if (w.kind() != Kind.E2E) {
            int processes = w.kind() == Kind.PRODUCE ? opt.producers() : 1;
            double gb = (double) w.records() * processes * w.recordSize() / 1e9;
            m.put("CPU s/GB", cpuSeconds / gb);
        }
        // whether a core is saturated: 100% = one core busy for the whole client run (JVM start of the client included)
        m.put("client wall s", cr.wallSeconds());
        m.put("client CPU s", cr.cpuSeconds());
        m.put("client core %", 100 * cr.cpuSeconds() / cr.wallSeconds());
        m.put("broker core %", 100 * cpuSeconds / cr.wallSeconds());
        Map<Long, ThreadCpu> threads1 = threadTicks(broker.pid());
        double[] jitGc = jitAndGcSeconds(threads0, threads1);
        m.put("broker JIT CPU s", jitGc[0]);
        m.put("broker GC+VM CPU s", jitGc[1]);
        // what the broker does for the load itself, without warm-up (JIT) and GC. Per-thread /proc figures count a
        // thread's long system calls in full, which the profiler undersamples (measured 09:37 UTC)
        m.put("broker CPU s without JIT/GC", cpuSeconds - jitGc[0] - jitGc[1]);
        Map<String, Double> groups = threadGroupSeconds(threads0, threads1);
        System.out.printf(Locale.ROOT, "  %s broker threads (CPU s over the client run): %s%n", side, groups.entrySet().stream()
                .limit(8).map(e -> String.format(Locale.ROOT, "%s=%.2f", e.getKey(), e.getValue())).toList());
        Map<String, Long> mem = IdleBroker.memoryKb(broker.pid());
        m.put("peak RSS MB", mem.getOrDefault("VmHWM", -1L) / 1024.0);
        m.put("RssAnon MB", mem.getOrDefault("RssAnon", -1L) / 1024.0);
        return new Run(side, m, null);
    }

    private List<String> producerArgs(Broker b, String topic, Workload w, int records) {
        return List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", Integer.toString(w.recordSize()),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + b.bootstrap(), "acks=" + w.acks(),
                "batch.size=65536", "linger.ms=5");
    }

    /** {@code taskset -c cpu}, or nothing with {@code --unpinned}. */
    private List<String> pin(int cpu) {
        return opt.pinned() ? List.of("taskset", "-c", Integer.toString(cpu)) : List.of();
    }

    /**
     * Runs {@code processes} copies of a kafka-tools main at once (pinned to CPU 1 unless unpinned), each under
     * {@code sh -c '...; times'} so its user + system CPU time is known after it exits; the first copy under the
     * profiler when {@code jfr} is set. Returns their outputs, the wall time until the last one exited and their CPU.
     */
    private ClientRun client(Path dir, String logName, List<String> mainAndArgs, int processes, Path jfr) throws Exception {
        List<Process> started = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        List<Path> times = new ArrayList<>();
        long startMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        for (int i = 0; i < processes; i++) {
            List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\"; rc=$?; times > \"$SPOOL_TIMES\"; exit $rc", "sh"));
            cmd.addAll(pin(1));
            cmd.addAll(List.of(javaBin.toString(), "-Xmx512m", "-Dlog4j2.level=WARN"));
            if (jfr != null && i == 0) {
                cmd.add(profiler.agentOption(jfr));
            }
            cmd.addAll(List.of("-cp", kafkaLib + "/*"));
            cmd.addAll(mainAndArgs);
            String name = processes == 1 ? logName : logName.replace(".out", "-" + i + ".out");
            Path out = dir.resolve(name);
            Path t = dir.resolve(name + ".times");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("SPOOL_TIMES", t.toString());
            started.add(pb.start());
            outs.add(out);
            times.add(t);
        }
        for (Process p : started) {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long endMs = System.currentTimeMillis();
        List<String> texts = new ArrayList<>();
        double cpu = 0;
        for (int i = 0; i < processes; i++) {
            texts.add(Files.readString(outs.get(i)));
            cpu += childCpuSeconds(times.get(i));
        }
        return new ClientRun(texts, wall, cpu, startMs, endMs);
    }

    /** The children's user + system seconds from the second line of a POSIX {@code times} output, or NaN. */
    static double childCpuSeconds(Path timesFile) throws IOException {
        if (!Files.exists(timesFile)) {
            return Double.NaN;
        }
        String[] lines = Files.readString(timesFile).strip().split("\n");
        Matcher m = TIMES.matcher(lines[lines.length - 1]);
        if (lines.length < 2 || !m.find()) {
            return Double.NaN;
        }
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }

    /** One thread's name and utime + stime ticks. */
    record ThreadCpu(String name, long ticks) {
    }

    /** Every thread of {@code pid} by tid (a thread that ends between two snapshots takes its ticks with it). */
    static Map<Long, ThreadCpu> threadTicks(long pid) {
        Map<Long, ThreadCpu> out = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(Long.parseLong(t.getFileName().toString()),
                            new ThreadCpu(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while listing
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return out;
    }

    /**
     * Waits (at most 20 s) until the broker's JIT compiler threads have used no CPU for 500 ms: a pinned broker's
     * compile queue after the warm-up run otherwise drains during the measured run. Returns the seconds waited.
     */
    static double awaitJitQuiet(long pid) throws InterruptedException {
        long t0 = System.nanoTime();
        double last = jitAndGcSeconds(Map.of(), threadTicks(pid))[0];
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(250);
            double now = jitAndGcSeconds(Map.of(), threadTicks(pid))[0];
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU seconds between two snapshots per thread name with digits folded to '#', largest first. */
    static Map<String, Double> threadGroupSeconds(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Double> g = new HashMap<>();
        after.forEach((tid, t) -> {
            ThreadCpu b = before.get(tid);
            long d = t.ticks() - (b != null && b.name().equals(t.name()) ? b.ticks() : 0);
            if (d > 0) {
                g.merge(t.name().replaceAll("\\d+", "#"), d / 100.0, Double::sum);
            }
        });
        Map<String, Double> out = new LinkedHashMap<>();
        g.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** CPU seconds between two snapshots in JIT compiler threads and in GC/VM threads. */
    static double[] jitAndGcSeconds(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        double[] s = new double[2];
        after.forEach((tid, t) -> {
            ThreadCpu b = before.get(tid);
            long d = t.ticks() - (b != null && b.name().equals(t.name()) ? b.ticks() : 0);
            if (t.name().startsWith("C1 CompilerThre") || t.name().startsWith("C2 CompilerThre")) {
                s[0] += d / 100.0;
            } else if (t.name().startsWith("GC Thread") || t.name().startsWith("G1 ") || t.name().equals("VM Thread")) {
                s[1] += d / 100.0;
            }
        });
        return s;
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

    Broker startKafka(Path dir, int partitions, String agent) throws Exception {
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
        List<String> cmd = new ArrayList<>(pin(0));
        cmd.addAll(jvm);
        if (agent != null) {
            cmd.add(cmd.size() - 2, agent); // before -cp
        }
        cmd.addAll(List.of("kafka.Kafka", props.toString()));
        return await(new Started(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.out").toFile()).start(), port, dir.resolve("broker.out")));
    }

    Broker startSpool(Path dir, int partitions, String agent) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(pin(0));
        cmd.addAll(List.of(home.resolve("bin/spool").toString(), "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir.resolve("data"),
                "--override", "num.partitions=" + partitions,
                "--override", "log.segment.bytes=1073741824",
                "--override", "group.initial.rebalance.delay.ms=0", // as the Kafka side: no 3 s join delay
                // as the Kafka side: one __consumer_offsets partition (the default 50 are created and loaded while the
                // first client run is going, measured 09:08 UTC: 3-4% of Spool's broker CPU in the produce runs)
                "--override", "offsets.topic.num.partitions=1"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPOOL_HEAP_OPTS", "-Xms1g -Xmx1g");
        if (agent != null) {
            String jvmOpts = pb.environment().getOrDefault("SPOOL_JVM_OPTS", "");
            pb.environment().put("SPOOL_JVM_OPTS", (jvmOpts + " " + agent).trim());
        }
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

    /**
     * A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-' (the storage tool's
     * argument parser would take it for an option; about one id in 64 did).
     */
    private static String randomClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
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

    /** Command, date, machine, load and set-up lines above a table. */
    String header(String started, String loadBefore, String loadAfter) {
        return "Command: `" + opt.command() + "`  \n"
                + "Started " + started + "; machine: " + MachineFacts.describe() + "  \n"
                + "Load average (1/5/15 min, runnable/total, last pid) before: `" + loadBefore + "`, after: `" + loadAfter + "`  \n"
                + "Medians over " + opt.pairs() + " Kafka/Spool pairs (Kafka first in each pair); "
                + (opt.pinned() ? "broker on CPU 0, client on CPU 1" : "broker and client unpinned (both share both cores)")
                + (opt.producers() != 1 ? "; " + opt.producers() + " ProducerPerformance processes at once (records/s and MB/s summed, "
                        + "latency percentiles of the worst)" : "")
                + (opt.warmup() ? "; one untimed run of the same tool against each broker before the measured one, then a wait"
                        + " until the broker's JIT compiler threads were idle for 500 ms (`JIT settle s`)" : "")
                + (opt.profile() ? "; **under async-profiler** (CPU, " + opt.profileInterval() + ")" : "") + ".\n\n";
    }

    void writeDocs(String started, String loadBefore, String loadAfter, String table) throws Exception {
        Path docs = home.resolve("docs/benchmarks.md");
        String begin = "<!-- compare-kafka:begin (written by bench/compare-kafka) -->";
        String end = "<!-- compare-kafka:end -->";
        String section = begin + "\n" + header(started, loadBefore, loadAfter) + table + "\n![Spool/Kafka ratios](compare-kafka.png)\n" + end;
        String text = Files.exists(docs) ? Files.readString(docs) : "# Benchmarks\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + end.length())
                : text + "\n## Side by side with Apache Kafka 4.4.0\n\n" + section + "\n";
        Files.writeString(docs, text);
        System.out.println("wrote " + docs + " and docs/compare-kafka.png");
    }
}
