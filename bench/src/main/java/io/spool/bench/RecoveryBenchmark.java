package io.spool.bench;

import io.spool.storage.LogManager;
import io.spool.storage.PartitionLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Recovery scan after an unclean stop, from the page cache: a child JVM appends {@code megabytes} MiB to one
 * partition and is killed with SIGKILL (nothing flushed, recovery point 0); each iteration copies that directory
 * (sparse, so the copy is in the page cache) and times {@link LogManager#open}, which walks every batch header
 * and checks every CRC. Rate in MB/s = megabytes * 1.048576 / score (s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE, JvmFlags.XMS, JvmFlags.XMX})
public class RecoveryBenchmark {
    @Param({"512"})
    public int megabytes;

    private Path root;
    private Path template;
    private Path work;
    private LogManager opened;
    private long expectedEnd;

    @Setup(Level.Trial)
    public void writeCrashedLog() throws Exception {
        root = Dirs.fresh("spool-recovery-");
        template = root.resolve("crashed");
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, JvmFlags.EXPORTS, JvmFlags.NATIVE, JvmFlags.UNSAFE,
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                template.toString(), Long.toString((long) megabytes << 20)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (line == null || !line.startsWith("APPENDED ")) {
                throw new IllegalStateException("crashing writer failed: " + line);
            }
            expectedEnd = Long.parseLong(line.split(" ")[2]);
        } finally {
            child.destroyForcibly(); // SIGKILL: no clean-shutdown marker, no flush
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Setup(Level.Iteration)
    public void copyCrashedLog() throws Exception {
        work = root.resolve("work");
        Dirs.delete(work);
        Process cp = new ProcessBuilder("cp", "-a", "--sparse=always", template.toString(), work.toString())
                .inheritIO().start();
        if (cp.waitFor() != 0) {
            throw new IOException("cp failed: from=" + template + ", to=" + work);
        }
    }

    /** The timed part: open = lock, RocksDB open, walk + CRC of every batch, index rebuild. */
    @Benchmark
    public long recover() {
        opened = LogManager.open(work, CrashingWriter.config());
        PartitionLog log = opened.get("bench", 0);
        if (log == null || log.logEndOffset() != expectedEnd) {
            throw new IllegalStateException("recovered wrong end: expected=" + expectedEnd + ", got="
                    + (log == null ? -1 : log.logEndOffset()));
        }
        return log.logEndOffset();
    }

    @TearDown(Level.Iteration)
    public void closeRecovered() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
        Dirs.delete(work);
    }

    @TearDown(Level.Trial)
    public void deleteAll() {
        Dirs.delete(root);
    }
}
