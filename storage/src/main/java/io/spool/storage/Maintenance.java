package io.spool.storage;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The storage engine's one background thread: space reservation and prefaulting, preparing and sealing
 * segments, flushing and retention, so that none of it runs on an appending event loop. Tasks that throw report
 * to the error handler (which takes the log directory offline) and never kill the thread.
 */
final class Maintenance implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> onError;

    Maintenance(String name, Consumer<Throwable> onError) {
        this.onError = onError;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.executor = pool;
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
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("maintenance thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
