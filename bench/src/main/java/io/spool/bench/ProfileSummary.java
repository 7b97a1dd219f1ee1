package io.spool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a collapsed-stack CPU profile (async-profiler / jfrconv {@code -o collapsed --threads --dot}: one line per
 * distinct stack, {@code [thread tid=N];frame;...;leaf count}) into Markdown tables of percentages: by thread group,
 * by category of the self (leaf) frame, by owning application package, the top self frames and the top inclusive
 * application methods. Pure function of the file; not thread-safe.
 * Usage: {@code bench/profile-summary FILE.collapsed [top-N]}.
 */
public final class ProfileSummary {
    private static final Pattern THREAD = Pattern.compile("^\\[(.*?)(?: tid=\\d+)?\\]$");
    private static final Pattern SUFFIX = Pattern.compile("_\\[(\\w+)\\]$");

    /** One stack: thread name, frames root first (annotation stripped), frame kinds ('j','i','k','0','1', or '' native). */
    private record Stack(String thread, List<String> frames, List<String> kinds, long count) {
    }

    private final List<Stack> stacks = new ArrayList<>();
    private long total;

    /** Parses {@code text} (the whole collapsed file). */
    public static ProfileSummary parse(String text) {
        ProfileSummary s = new ProfileSummary();
        for (String line : text.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(sp + 1).trim());
            } catch (NumberFormatException notAStack) {
                continue;
            }
            String[] parts = line.substring(0, sp).split(";");
            String thread = "(no thread)";
            int from = 0;
            Matcher tm = THREAD.matcher(parts[0]);
            if (tm.matches()) {
                thread = tm.group(1);
                from = 1;
            }
            List<String> frames = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            for (int i = from; i < parts.length; i++) {
                Matcher m = SUFFIX.matcher(parts[i]);
                if (m.find()) {
                    frames.add(parts[i].substring(0, m.start()));
                    kinds.add(m.group(1));
                } else {
                    frames.add(parts[i]);
                    kinds.add("");
                }
            }
            s.stacks.add(new Stack(thread, frames, kinds, count));
            s.total += count;
        }
        return s;
    }

    /** Total samples in the profile. */
    public long total() {
        return total;
    }

    /** A thread name with numbers folded ({@code kafka-request-handler-3} → {@code kafka-request-handler-#}). */
    static String threadGroup(String thread) {
        return thread.replaceAll("\\d+", "#");
    }

    /** Coarse category of one sample: JIT/GC threads by name, otherwise by the leaf frame (kernel by what it serves). */
    static String category(String thread, List<String> frames, List<String> kinds) {
        if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
            return "JIT compiler threads (C1/C2)";
        }
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.equals("VM Thread")
                || thread.startsWith("VM Periodic")) {
            return "GC and VM threads (GC workers, VM Thread: safepoints, Serial GC)";
        }
        if (frames.isEmpty()) {
            return "unknown";
        }
        int leaf = frames.size() - 1;
        String kind = kinds.get(leaf);
        if (kind.equals("k")) {
            String k = kernelPath(frames, kinds);
            if (k.matches(".*(exc_page_fault|handle_mm_fault|do_anonymous_page|do_fault|clear_page|filemap_fault).*")) {
                return "kernel: page faults";
            }
            if (k.matches(".*(tcp_|sock_|inet_|ip_|__sys_sendto|__sys_recvfrom|sendmsg|recvmsg|skb|loopback|net_rx|napi|netif|__dev_queue_xmit).*")) {
                return "kernel: network (TCP/loopback)";
            }
            if (k.matches(".*(futex|epoll|schedule|finish_task_switch|nanosleep|select|poll_).*")) {
                return "kernel: futex/epoll/scheduling";
            }
            if (k.matches(".*(vfs_write|vfs_read|ext4|filemap|iomap|generic_perform_write|fsync|msync|pwrite|fallocate|writeback|copy_page_to_iter|copy_page_from_iter).*")) {
                return "kernel: file I/O";
            }
            if (k.matches(".*(mmap|munmap|madvise|mprotect).*")) {
                return "kernel: mmap/madvise";
            }
            return "kernel: other";
        }
        String f = frames.get(leaf);
        if (kind.equals("0")) {
            return "interpreter (not yet compiled Java)";
        }
        if (kind.equals("j") || kind.equals("i") || kind.equals("1")) {
            return "Java: " + packageGroup(f);
        }
        if (f.contains("::") || f.startsWith("JVM_") || f.startsWith("Unsafe_") || f.startsWith("jni_")) {
            return "JVM runtime (native C++)";
        }
        return "native libraries (libc, zlib, rocksdb, ...)";
    }

    /** The kernel frames of a stack joined, for keyword matching. */
    private static String kernelPath(List<String> frames, List<String> kinds) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < frames.size(); i++) {
            if (kinds.get(i).equals("k")) {
                b.append(frames.get(i)).append(';');
            }
        }
        return b.toString();
    }

    /** Package bucket of a Java frame: the issue-6 groups first, else the first three package components. */
    static String packageGroup(String frame) {
        String[] prefixes = {"io.spool.", "kafka.", "org.apache.kafka.clients.producer.", "org.apache.kafka.clients.consumer.",
                "org.apache.kafka.common.record.", "org.apache.kafka.common.network.", "org.apache.kafka.common.",
                "org.apache.kafka.storage.", "org.apache.kafka.server.", "org.apache.kafka.", "io.netty.", "org.rocksdb.",
                "java.", "jdk.", "sun."};
        for (String p : prefixes) {
            if (frame.startsWith(p)) {
                return p + "*";
            }
        }
        String[] parts = frame.split("\\.");
        return parts.length > 3 ? String.join(".", parts[0], parts[1], parts[2]) + ".*" : frame;
    }

    private static boolean isApplicationJava(String frame, String kind) {
        return !kind.isEmpty() && !kind.equals("k") && !frame.startsWith("java.") && !frame.startsWith("jdk.")
                && !frame.startsWith("sun.");
    }

    /** Samples by thread group, descending. */
    public Map<String, Long> byThreadGroup() {
        Map<String, Long> m = new HashMap<>();
        stacks.forEach(s -> m.merge(threadGroup(s.thread()), s.count(), Long::sum));
        return sorted(m);
    }

    /** Samples by {@link #category}, descending. */
    public Map<String, Long> byCategory() {
        Map<String, Long> m = new HashMap<>();
        stacks.forEach(s -> m.merge(category(s.thread(), s.frames(), s.kinds()), s.count(), Long::sum));
        return sorted(m);
    }

    /**
     * Samples by the innermost application (non-JDK Java) frame's package group: who caused the time, kernel and JDK
     * time under it included. JIT/GC threads keep their category.
     */
    public Map<String, Long> byOwner() {
        Map<String, Long> m = new HashMap<>();
        for (Stack s : stacks) {
            String c = category(s.thread(), s.frames(), s.kinds());
            String owner = c;
            if (!c.startsWith("JIT") && !c.startsWith("GC")) {
                owner = "no application frame (JDK / JVM / kernel only)";
                for (int i = s.frames().size() - 1; i >= 0; i--) {
                    if (isApplicationJava(s.frames().get(i), s.kinds().get(i))) {
                        owner = packageGroup(s.frames().get(i));
                        break;
                    }
                }
            }
            m.merge(owner, s.count(), Long::sum);
        }
        return sorted(m);
    }

    private static boolean isJitOrGc(Stack s) {
        String c = category(s.thread(), List.of(), List.of());
        return c.startsWith("JIT") || c.startsWith("GC");
    }

    /** Samples outside the JIT compiler and GC/VM threads: the work the program itself does. */
    public long applicationTotal() {
        return stacks.stream().filter(s -> !isJitOrGc(s)).mapToLong(Stack::count).sum();
    }

    /** Samples by leaf frame (self time) outside JIT/GC threads, descending. */
    public Map<String, Long> bySelfFrame() {
        Map<String, Long> m = new HashMap<>();
        for (Stack s : stacks) {
            if (isJitOrGc(s)) {
                continue;
            }
            String leaf = s.frames().isEmpty() ? "(none)" : s.frames().get(s.frames().size() - 1);
            String kind = s.frames().isEmpty() ? "" : s.kinds().get(s.kinds().size() - 1);
            m.merge(leaf + (kind.equals("k") ? " [kernel]" : kind.equals("0") ? " [interpreted]" : ""), s.count(), Long::sum);
        }
        return sorted(m);
    }

    /**
     * Inclusive samples of each broker/client method (io.spool, kafka, org.apache.kafka; Netty's plumbing left out),
     * each counted once per stack.
     */
    public Map<String, Long> byInclusiveMethod() {
        Map<String, Long> m = new HashMap<>();
        for (Stack s : stacks) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < s.frames().size(); i++) {
                String f = s.frames().get(i);
                boolean ours = f.startsWith("io.spool.") || f.startsWith("kafka.") || f.startsWith("org.apache.kafka.");
                if (ours && isApplicationJava(f, s.kinds().get(i)) && seen.add(f)) {
                    m.merge(f, s.count(), Long::sum);
                }
            }
        }
        return sorted(m);
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Share of samples (0..100) whose category starts with {@code prefix}. */
    public double percentOf(String prefix) {
        long n = byCategory().entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
        return total == 0 ? 0 : 100.0 * n / total;
    }

    /** The tables as Markdown; {@code intervalMs} converts samples to CPU ms. */
    public String markdown(String title, int topN, double intervalMs) {
        StringBuilder b = new StringBuilder();
        long app = applicationTotal();
        b.append(String.format(Locale.ROOT, "#### %s%n%n%,d samples (~%.2f CPU s at one sample per %.1f ms of CPU); "
                        + "outside JIT/GC/VM threads %,d (%.1f%%)%n%n",
                title, total, total * intervalMs / 1000, intervalMs, app, total == 0 ? 0 : 100.0 * app / total));
        table(b, "thread group", byThreadGroup(), topN, -1);
        table(b, "category (self time)", byCategory(), topN, -1);
        table(b, "owning package (innermost non-JDK Java frame)", byOwner(), topN, -1);
        table(b, "self frame (outside JIT/GC/VM threads)", bySelfFrame(), topN, app);
        table(b, "io.spool / kafka / org.apache.kafka method (inclusive)", byInclusiveMethod(), topN, app);
        return b.toString();
    }

    /** One Markdown table; with {@code appTotal >= 0} a second column of shares outside JIT/GC threads. */
    private void table(StringBuilder b, String what, Map<String, Long> rows, int topN, long appTotal) {
        b.append("| ").append(what).append(" | samples | % of all |").append(appTotal >= 0 ? " % outside JIT/GC |" : "")
                .append("\n|---|---:|---:|").append(appTotal >= 0 ? "---:|" : "").append('\n');
        rows.entrySet().stream().limit(topN).forEach(e -> {
            b.append(String.format(Locale.ROOT, "| `%s` | %,d | %.1f |", e.getKey().replace("|", "/").replace("`", "'"),
                    e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total));
            if (appTotal >= 0) {
                b.append(String.format(Locale.ROOT, " %.1f |", appTotal == 0 ? 0 : 100.0 * e.getValue() / appTotal));
            }
            b.append('\n');
        });
        b.append('\n');
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ProfileSummary FILE.collapsed [top-N] [interval-ms]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        double interval = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        System.out.print(parse(Files.readString(file)).markdown(file.getFileName().toString(), top, interval));
    }
}
