package io.spool.storage;

import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.spool.storage.TestBatches.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A child JVM appending in a loop is killed with SIGKILL; every append it acknowledged survives (the page
 * cache outlives the process) and the reopened log continues at the right offset.
 */
class SigkillRecoveryTest {
    @TempDir
    Path dir;

    private Process startChild() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java,
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                AppendingChild.class.getName(), dir.toString()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the child's acknowledgements until {@code target} offsets are acknowledged, then kills it. */
    private long runAndKill(long target) throws Exception {
        Process child = startChild();
        long acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Long.parseLong(line.substring(4));
                    if (acked >= target) {
                        break;
                    }
                } else if (line.startsWith("FAIL")) {
                    fail("child failed: " + line);
                }
            }
            // SIGKILL while it keeps appending
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
        } finally {
            child.destroyForcibly();
        }
        return acked;
    }

    @Test
    void killedAppenderLosesNothingAcknowledgedAndContinuesAtTheRightOffset() throws Exception {
        long acked = runAndKill(6_000);
        assertTrue(acked >= 6_000, "acked=" + acked);
        long firstEnd;
        try (DefaultLogManager manager = DefaultLogManager.open(dir, config(256 << 10), options())) {
            assertTrue(manager.recoveredUnclean());
            PartitionLog log = manager.get("kill", 0);
            firstEnd = log.logEndOffset();
            assertTrue(firstEnd > acked, "logEnd=" + firstEnd + ", acked=" + acked);
            assertEquals(0, firstEnd % 4, "whole batches only");
            verify(log, firstEnd);
        }
        // a second run continues where the recovered log ends, and survives a second kill
        long acked2 = runAndKill(firstEnd + 2_000);
        try (DefaultLogManager manager = DefaultLogManager.open(dir, config(256 << 10), options())) {
            PartitionLog log = manager.get("kill", 0);
            assertTrue(log.logEndOffset() > acked2);
            verify(log, log.logEndOffset());
            assertEquals(log.logEndOffset(), log.appendAsLeader(batch("after", 1), 2).baseOffset());
        }
    }

    /** Offsets dense from 0 and each batch's values name the offset it was appended at. */
    private static void verify(PartitionLog log, long end) {
        long next = 0;
        while (next < end) {
            ReadResult read = log.read(next, end, 1 << 20, true);
            assertTrue(read.length() > 0, "empty read at " + next);
            for (MutableRecordBatch batch : records(read).batches()) {
                batch.ensureValid();
                assertEquals(next, batch.baseOffset());
                int i = 0;
                for (Record record : batch) {
                    String value = StandardCharsets.UTF_8.decode(record.value()).toString();
                    assertTrue(value.startsWith("o" + batch.baseOffset() + "-" + i), "offset " + record.offset() + ": " + value);
                    assertEquals(next++, record.offset());
                    i++;
                }
            }
        }
    }
}
