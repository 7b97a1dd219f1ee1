package io.spool.bench;

import io.spool.storage.AppendResult;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.PartitionLog;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Child-process main for {@link RecoveryBenchmark}: appends {@code bytes} of 16 KiB batches to one partition
 * under {@code dir}, prints {@code APPENDED <bytes> <nextOffset>}, then waits to be killed with SIGKILL (so the
 * log is left unclean, with nothing flushed: recovery must walk all of it).
 * Usage: {@code CrashingWriter <dir> <bytes>}.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    static LogConfig config() {
        LogConfig d = LogConfig.defaults();
        // one segment (1 GiB) so that no roll forces anything and the recovery point stays at 0
        return new LogConfig(1 << 30, d.segmentMs(), d.indexIntervalBytes(), d.maxMessageBytes(), -1, -1,
                Long.MAX_VALUE, Long.MAX_VALUE, false, d.preallocBytes());
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long target = Long.parseLong(args[1]);
        ByteBuffer heap = Batches.batchOfSize(AppendBenchmark.RECORDS_PER_BATCH, AppendBenchmark.BATCH_BYTES);
        ByteBuffer batch = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
        LogManager manager = LogManager.open(dir, config()); // never closed: the process is killed
        PartitionLog log = manager.getOrCreate("bench", 0, 7, config());
        long written = 0;
        while (written < target) {
            Batches.resetForResend(batch);
            AppendResult r = log.appendAsLeader(batch.duplicate(), 0);
            if (r.status() != AppendResult.Status.APPENDED) {
                System.out.println("FAIL " + r.status() + " " + r.message());
                System.exit(1);
            }
            written += batch.remaining();
        }
        System.out.println("APPENDED " + written + " " + log.logEndOffset());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
