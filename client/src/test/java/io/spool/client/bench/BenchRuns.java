package io.spool.client.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs one perf producer main in a child JVM and reads its RESULT line; medians of repeated runs. */
final class BenchRuns {
    private static final Pattern RESULT = Pattern.compile("RESULT records/s=(\\S+) MB/s=(\\S+) cpu-s/GB=(\\S+) errors=(\\d+)");

    private BenchRuns() {
    }

    /** One run's figures, plus the zero-copy counter line when the producer printed one. */
    record Result(double mbPerSec, double cpuSecPerGb, long errors, String zeroCopy) {
    }

    /** Runs {@code main} with {@code args}, optionally behind a command prefix (e.g. {@code ip netns exec ns}). */
    static Result run(List<String> prefix, Class<?> main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN",
                main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException(main.getSimpleName() + " printed no RESULT line: " + out);
        }
        String zc = "";
        for (String line : out.split("\n")) {
            if (line.startsWith("zero-copy")) {
                zc = line.trim();
            }
        }
        return new Result(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), Long.parseLong(m.group(4)), zc);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Prints per-run figures, medians and the ratio a/b of the medians. */
    static void summarise(String nameA, List<Result> a, String nameB, List<Result> b) {
        List<Double> mbA = a.stream().map(Result::mbPerSec).toList();
        List<Double> mbB = b.stream().map(Result::mbPerSec).toList();
        List<Double> cpuA = a.stream().map(Result::cpuSecPerGb).toList();
        List<Double> cpuB = b.stream().map(Result::cpuSecPerGb).toList();
        System.out.printf(Locale.ROOT, "%-28s MB/s %s  cpu-s/GB %s%n", nameA, mbA, cpuA);
        System.out.printf(Locale.ROOT, "%-28s MB/s %s  cpu-s/GB %s%n", nameB, mbB, cpuB);
        System.out.printf(Locale.ROOT, "MEDIAN %s: %.1f MB/s, %.2f cpu-s/GB | %s: %.1f MB/s, %.2f cpu-s/GB | "
                        + "ratio %s/%s: throughput %.2f, cpu per GB %.2f%n",
                nameA, median(mbA), median(cpuA), nameB, median(mbB), median(cpuB), nameA, nameB,
                median(mbA) / median(mbB), median(cpuA) / median(cpuB));
    }
}
