package io.spool.storage;

import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.spool.storage.TestBatches.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * 10,000 partitions open, append, recover after an unclean stop and reopen cleanly, with open files bounded:
 * a mapping keeps no file descriptor, read channels are opened on demand and idle ones closed beyond
 * {@code maxOpenReadChannels}, RocksDB keeps at most 256 files open. Prints the figures (time, fds, RSS).
 */
class TenThousandPartitionsTest {
    static final int PARTITIONS = 10_000;

    @TempDir
    Path dir;

    static LogConfig smallSegments() {
        return new LogConfig(1 << 20, Long.MAX_VALUE / 4, 4096, 1 << 20, -1, -1, Long.MAX_VALUE, Long.MAX_VALUE,
                false, 16 << 10);
    }

    static LogManagerOptions boundedOptions() {
        return LogManagerOptions.defaults().withMaintenanceIntervalMs(200).withMaxOpenReadChannels(1000);
    }

    @Test
    void tenThousandPartitionsOpenAppendAndRecoverWithBoundedFiles() throws Exception {
        LogConfig cfg = smallSegments();
        List<String> figures = new ArrayList<>();
        long t0 = System.nanoTime();
        DefaultLogManager manager = DefaultLogManager.open(dir, cfg, boundedOptions());
        try {
            for (int i = 0; i < PARTITIONS; i++) {
                manager.getOrCreate("topic" + (i / 100), i % 100, i + 1, cfg);
            }
            figures.add(String.format("create=%d ms", ms(t0)));
            long t1 = System.nanoTime();
            for (int i = 0; i < PARTITIONS; i++) {
                AppendResult r = manager.get("topic" + (i / 100), i % 100).appendAsLeader(batch("p" + i, 2, 100, i), 0);
                assertEquals(AppendResult.Status.APPENDED, r.status());
            }
            figures.add(String.format("append(1 batch each)=%d ms", ms(t1)));
            long t2 = System.nanoTime();
            for (int i = 0; i < PARTITIONS; i++) {
                PartitionLog log = manager.get("topic" + (i / 100), i % 100);
                int n = 0;
                for (Record ignored : records(log.read(0, log.logEndOffset(), 1 << 20, true)).records()) {
                    n++;
                }
                assertEquals(2, n);
            }
            figures.add(String.format("read(all)=%d ms", ms(t2)));
            figures.add("after reads: " + process() + ", openReadChannels=" + manager.openReadChannels());
            await().atMost(Duration.ofSeconds(20)).until(() -> manager.openReadChannels() <= 1000);
            figures.add("after trim: " + process() + ", openReadChannels=" + manager.openReadChannels());
            assertTrue(openFds() < 1500, "open fds=" + openFds());
        } finally {
            long stop = System.nanoTime();
            manager.closeUnclean();
            figures.add(String.format("unclean stop=%d ms", ms(stop)));
        }

        long t3 = System.nanoTime();
        DefaultLogManager recovered = DefaultLogManager.open(dir, cfg, boundedOptions());
        try {
            figures.add(String.format("unclean reopen (recovery)=%d ms", ms(t3)));
            assertTrue(recovered.recoveredUnclean());
            assertEquals(PARTITIONS, recovered.logs().size());
            long appendAgain = System.nanoTime();
            for (int i = 0; i < PARTITIONS; i++) {
                PartitionLog log = recovered.get("topic" + (i / 100), i % 100);
                assertEquals(2, log.logEndOffset());
                assertEquals(2, log.appendAsLeader(batch("q" + i, 1, 100, i), 1).baseOffset());
            }
            figures.add(String.format("append after recovery=%d ms", ms(appendAgain)));
            figures.add("after recovery + appends: " + process());
        } finally {
            long t4 = System.nanoTime();
            recovered.close();
            figures.add(String.format("clean close=%d ms", ms(t4)));
        }

        long t5 = System.nanoTime();
        try (DefaultLogManager clean = DefaultLogManager.open(dir, cfg, boundedOptions())) {
            figures.add(String.format("clean reopen=%d ms", ms(t5)));
            assertFalse(clean.recoveredUnclean());
            for (int i = 0; i < PARTITIONS; i += 97) {
                assertEquals(3, clean.get("topic" + (i / 100), i % 100).logEndOffset());
            }
            figures.add("after clean reopen: " + process());
            t5 = System.nanoTime();
        }
        figures.add(String.format("final clean close=%d ms", ms(t5)));
        System.out.println("TenThousandPartitionsTest figures:\n  " + String.join("\n  ", figures));
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Java heap in use after a GC, VmRSS, RssAnon, RssFile, mappings and fds of this process. */
    private static String process() throws IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        StringBuilder out = new StringBuilder("heapUsedAfterGc: " + (rt.totalMemory() - rt.freeMemory()) / 1024 + " kB, ");
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("RssAnon") || line.startsWith("RssFile")) {
                out.append(line.replaceAll("\\s+", " ")).append(", ");
            }
        }
        long maps;
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            maps = lines.count();
        }
        out.append("mappings=").append(maps).append(", fds=").append(openFds());
        return out.toString();
    }
}
