package io.spool.storage;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The storage engine's background threads, so that none of this runs on an appending event loop: the
 * maintenance thread (space reservation, preparing and prefaulting the next segment, sealing, flushing, index
 * writes, retention) and the unlink thread (unmapping rolled segments right after the roll, deleting retired
 * segment files). Why a second thread: an unlink of a written 256 MiB file takes ~60 ms and a munmap of its
 * mapping ~10 ms, which held up reservations and preparation. (Seals on a thread of their own, or on the unlink
 * thread, were measured too and made appends slower: docs/benchmarks.md, storage runs of 09:00-10:30 and
 * 11:00-13:12 UTC.) Tasks that throw report to the error handler (which takes the log directory offline) and
 * never kill a thread.
 */
final class Maintenance implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService unlinker;
    private final Consumer<Throwable> onError;

    Maintenance(String name, Consumer<Throwable> onError) {
        this.onError = onError;
        this.executor = singleThread(name);
        this.unlinker = singleThread(name + "-rm");
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

    /** Runs {@code task} soon on the maintenance thread; dropped silently once closing. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException closing) {
            // shutting down: close() seals and flushes everything itself
        }
    }

    /**
     * Runs {@code task} (an unlink of a deleted segment, or the unmap of a rolled one) on the unlink thread, so
     * that freeing a big file's page cache or page tables does not hold up the maintenance thread.
     * Runs it inline once closing (an unlink must not be lost).
     */
    void executeUnlink(Runnable task) {
        try {
            unlinker.execute(() -> run(task));
        } catch (RejectedExecutionException closing) {
            task.run();
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
     * Stops the threads after the queued tasks; periodic ones stop. No interrupt: an interrupt would close the
     * FileChannel a task is forcing. The unlink thread stops last: maintenance tasks may still hand it work.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            boolean stopped = executor.awaitTermination(30, TimeUnit.SECONDS);
            unlinker.shutdown();
            if (!stopped || !unlinker.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("maintenance threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
