package io.spool.storage;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The storage engine's background threads, so that none of this runs on an appending event loop: the
 * maintenance thread (space reservation and prefaulting, preparing segments, index writes and the periodic
 * tick), the I/O thread (sealing rolled segments, flushes and retention: work that mostly waits for the disk)
 * and the unlink thread (unmapping rolled segments, deleting retired segment files). Why three: a seal's fsync waits ~150 ms for the disk
 * per 256 MiB and an unlink of a written 256 MiB file takes ~60 ms; queued on one thread they fell behind a
 * 1.3 GB/s appender, and the prefault queued behind them came too late, so the appender took the page faults
 * itself (measured in docs/benchmarks.md, storage run of 09:00-10:00 UTC). Tasks that throw report to the error
 * handler (which takes the log directory offline) and never kill a thread.
 */
final class Maintenance implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService io;
    private final ScheduledExecutorService unlinker;
    private final Consumer<Throwable> onError;

    Maintenance(String name, Consumer<Throwable> onError) {
        this.onError = onError;
        this.executor = singleThread(name);
        this.io = singleThread(name + "-io");
        this.unlinker = singleThread(name + "-rm");
    }

    /**
     * Runs {@code task} (an unlink of a deleted segment, or the unmap of a rolled one) on its own thread, so that
     * freeing a big file's page cache or page tables overlaps the I/O thread's seals instead of queueing behind or
     * ahead of them.
     */
    void executeUnlink(Runnable task) {
        try {
            unlinker.execute(() -> run(task));
        } catch (RejectedExecutionException closing) {
            task.run();
        }
    }

    private static ScheduledExecutorService singleThread(String name) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return pool;
    }

    /** Runs {@code task} soon on the I/O thread (in submission order); dropped silently once closing. */
    void executeIo(Runnable task) {
        try {
            io.execute(() -> run(task));
        } catch (RejectedExecutionException closing) {
            // shutting down: close() seals and flushes everything itself
        }
    }

    /** Runs {@code task} soon on the maintenance thread; dropped silently once closing. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException closing) {
            // shutting down: close() seals and flushes everything itself
        }
    }

    void scheduleEvery(long periodMs, Runnable task) {
        executor.scheduleWithFixedDelay(() -> run(task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            onError.accept(t);
        }
    }

    /**
     * Stops the thread after the queued tasks; periodic ones stop. No interrupt: an interrupt would close the
     * FileChannel a task is forcing.
     */
    @Override
    public void close() {
        executor.shutdown();
        io.shutdown();
        try {
            boolean stopped = executor.awaitTermination(30, TimeUnit.SECONDS) && io.awaitTermination(30, TimeUnit.SECONDS);
            unlinker.shutdown(); // after the others: their last retention may still hand it unlinks
            if (!stopped || !unlinker.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("maintenance threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
