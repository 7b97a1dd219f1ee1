package io.spool.storage;

import java.nio.file.Path;

/**
 * A child process for {@link SigkillRecoveryTest}: appends batches forever and prints {@code ACK <lastOffset>}
 * after each append returns, until it is killed.
 */
public final class AppendingChild {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        LogConfig cfg = TestBatches.config(256 << 10);
        LogManager manager = LogManager.open(dir, cfg);
        PartitionLog log = manager.getOrCreate("kill", 0, 5L, cfg);
        long next = log.logEndOffset();
        System.out.println("START " + next);
        System.out.flush();
        while (true) {
            AppendResult r = log.appendAsLeader(TestBatches.batch("o" + next, 4, 200, next), 1);
            if (r.status() != AppendResult.Status.APPENDED || r.baseOffset() != next) {
                System.out.println("FAIL " + r);
                System.out.flush();
                System.exit(2);
            }
            next = r.lastOffset() + 1;
            System.out.println("ACK " + r.lastOffset());
            System.out.flush();
        }
    }
}
