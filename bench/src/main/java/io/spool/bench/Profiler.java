package io.spool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * async-profiler 4.2 for bench/compare-kafka {@code --profile}: the native agent ({@code -agentpath}, CPU samples
 * from JVM start to exit into a .jfr) and its jfrconv, which cuts a wall-clock window out of a recording and writes
 * collapsed stacks (split by thread, dotted names) and an HTML flame graph. Both are unpacked from Maven Central by
 * the bench pom into {@code bench/target/async-profiler}. Called from the harness thread only.
 */
final class Profiler {
    private final Path agent;
    private final Path converter;
    private final Path javaBin;
    private final String interval;

    private Profiler(Path agent, Path converter, Path javaBin, String interval) {
        this.agent = agent;
        this.converter = converter;
        this.javaBin = javaBin;
        this.interval = interval;
    }

    /** The profiler unpacked under {@code home}, sampling CPU every {@code interval} (async-profiler syntax: 1ms, 500us). */
    static Profiler locate(Path home, Path javaBin, String interval) {
        Path dir = home.resolve("bench/target/async-profiler");
        Path agent = dir.resolve("linux-x64/libasyncProfiler.so");
        Path converter = dir.resolve("jfr-converter.jar");
        if (!Files.isRegularFile(agent) || !Files.isRegularFile(converter)) {
            throw new IllegalStateException("async-profiler not unpacked: " + agent + " / " + converter
                    + " missing (run ./mvnw -pl bench -am package, which fetches tools.profiler:async-profiler:4.2)");
        }
        return new Profiler(agent, converter, javaBin, interval);
    }

    /** Sample interval in ms (one CPU sample per this much CPU time). */
    double intervalMs() {
        String v = interval.trim();
        if (v.endsWith("us")) {
            return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000;
        }
        if (v.endsWith("ms")) {
            return Double.parseDouble(v.substring(0, v.length() - 2));
        }
        return Double.parseDouble(v) / 1e6; // bare number: nanoseconds
    }

    /** The JVM option that starts CPU profiling at JVM start and writes {@code jfr} when the JVM exits. */
    String agentOption(Path jfr) {
        return "-agentpath:" + agent + "=start,event=cpu,interval=" + interval + ",file=" + jfr;
    }

    /**
     * Converts the samples of {@code jfr} between epoch millis {@code fromMs} and {@code toMs} (0 = whole recording)
     * to {@code base.collapsed} and {@code base.html}; returns the collapsed file.
     */
    Path convert(Path jfr, long fromMs, long toMs, Path base, String title) throws Exception {
        awaitFile(jfr);
        Path collapsed = Path.of(base + ".collapsed");
        run(List.of("-o", "collapsed", "--threads", "--dot"), jfr, fromMs, toMs, collapsed, null);
        run(List.of("-o", "html", "--threads", "--dot", "--minwidth", "0.2"), jfr, fromMs, toMs, Path.of(base + ".html"), title);
        return collapsed;
    }

    private void run(List<String> format, Path jfr, long fromMs, long toMs, Path out, String title) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-cp", converter.toString(), "Main"));
        cmd.addAll(format);
        if (fromMs > 0) {
            cmd.addAll(List.of("--from", Long.toString(fromMs), "--to", Long.toString(toMs)));
        }
        if (title != null) {
            cmd.addAll(List.of("--title", title));
        }
        cmd.addAll(List.of(jfr.toString(), out.toString()));
        Path log = Path.of(out + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(out)) {
            p.destroyForcibly();
            throw new IllegalStateException("jfrconv failed for " + jfr + ": " + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    /** The agent writes the recording while the JVM exits; the process may be reaped just before the file is complete. */
    private static void awaitFile(Path jfr) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long size = Files.exists(jfr) ? Files.size(jfr) : -1;
            if (size > 0 && size == last) {
                return;
            }
            last = size;
            Thread.sleep(200);
        }
        if (!Files.exists(jfr)) {
            throw new IllegalStateException("no profile written: " + jfr);
        }
    }
}
