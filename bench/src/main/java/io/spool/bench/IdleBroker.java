package io.spool.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 3 "Show 6": starts {@code bin/spool server} with default settings (a temp data dir and a free port via
 * {@code --override}) several times and reports, per start and as medians, the time from process start to the
 * first accepted TCP connection, and the idle memory (VmRSS, RssAnon, RssFile from /proc/PID/status) after a
 * quiet period. One warm-up start (which also builds the broker if needed) is not counted.
 * Usage: {@code IdleBroker <spool-home> [starts=5] [idleSeconds=5]}.
 */
public final class IdleBroker {
    private IdleBroker() {
    }

    /**
     * @param acceptMs   process start to first accepted connection, launcher included
     * @param mainMs      what the broker logs as "started in": main() entry to listening (-1 if the line was not found)
     * @param launcherMs {@code bin/spool java-home} alone: the launcher's JDK search, paid before the JVM starts
     */
    record Sample(long acceptMs, long mainMs, long launcherMs, Map<String, Long> memoryKb) {
    }

    private static final Pattern STARTED_IN = Pattern.compile("started in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int starts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println("warm-up start (not counted) ...");
        measure(home, 1, 120_000);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Sample s = measure(home, idleSeconds, 30_000);
            samples.add(s);
            System.out.printf("start %d: accept %d ms (main() to bound: %d ms; launcher alone %d ms), %s (kB)%n",
                    i + 1, s.acceptMs(), s.mainMs(), s.launcherMs(), s.memoryKb());
        }
        System.out.printf("median of %d: accept %d ms (main() to bound %d ms, launcher alone %d ms), VmRSS %.1f MB, RssAnon %.1f MB, RssFile %.1f MB, RssShmem %.1f MB%n",
                starts, median(samples.stream().mapToLong(Sample::acceptMs).toArray()),
                median(samples.stream().mapToLong(Sample::mainMs).toArray()),
                median(samples.stream().mapToLong(Sample::launcherMs).toArray()),
                medianKb(samples, "VmRSS") / 1024.0, medianKb(samples, "RssAnon") / 1024.0,
                medianKb(samples, "RssFile") / 1024.0, medianKb(samples, "RssShmem") / 1024.0);
    }

    private static long medianKb(List<Sample> samples, String key) {
        return median(samples.stream().mapToLong(s -> s.memoryKb().getOrDefault(key, -1L)).toArray());
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One start: time to the first accepted connection, then memory after {@code idleSeconds}; stops with SIGTERM. */
    static Sample measure(Path home, int idleSeconds, long deadlineMs) throws Exception {
        Path dataDir = Dirs.fresh("spool-idle-");
        int port = freePort();
        List<String> command = List.of(home.resolve("bin/spool").toString(), "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir);
        Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".out");
        long t0 = System.nanoTime();
        Process broker = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        try {
            long acceptMs = waitForAccept(broker, port, t0, deadlineMs, logFile);
            Thread.sleep(idleSeconds * 1000L);
            // bin/spool execs java, so the launcher's pid is the broker JVM's pid
            Map<String, Long> memory = memoryKb(broker.pid());
            Matcher m = STARTED_IN.matcher(Files.readString(logFile));
            long mainMs = m.find() ? Long.parseLong(m.group(1)) : -1;
            return new Sample(acceptMs, mainMs, launcherMs(home), memory);
        } finally {
            broker.destroy(); // SIGTERM: clean shutdown
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor();
            }
            Dirs.delete(dataDir);
            Files.deleteIfExists(logFile);
        }
    }

    private static long waitForAccept(Process broker, int port, long t0, long deadlineMs, Path logFile) throws Exception {
        long deadline = t0 + deadlineMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("broker exited: code=" + broker.exitValue() + "\n" + Files.readString(logFile));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return (System.nanoTime() - t0) / 1_000_000;
            } catch (IOException notYet) {
                Thread.sleep(2);
            }
        }
        throw new IllegalStateException("broker not accepting after " + deadlineMs + " ms\n" + Files.readString(logFile));
    }

    /** VmRSS, VmHWM (peak), RssAnon, RssFile, RssShmem (kB) of {@code pid}. */
    static Map<String, Long> memoryKb(long pid) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] kv = line.split(":\\s+");
            if (kv.length == 2 && (kv[0].equals("VmRSS") || kv[0].equals("VmHWM") || kv[0].startsWith("Rss"))) {
                out.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").trim()));
            }
        }
        return out;
    }

    private static long launcherMs(Path home) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(home.resolve("bin/spool").toString(), "java-home")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
