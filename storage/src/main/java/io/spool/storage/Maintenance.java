package io.spool.storage;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The storage engine's background threads, so that none of this runs on an appending event loop: one for
 * sealing, flushing, index writes and retention, and one for space (reservation and prefaulting of the next
 * chunk, preparing the next segment), so that the appender's next pages are never queued behind the force of a
 * sealed segment. Tasks that throw report to the error handler (which takes the log directory offline) and never
 * kill a thread.
 */
final class Maintenance implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService space;
    private final Consumer<Throwable> onError;

    Maintenance(String name, Consumer<Throwable> onError) {
        this.onError = onError;
        this.executor = singleThread(name);
        this.space = singleThread(name + "-space");
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
        execute(executor, task);
    }

    /** Runs {@code task} soon on the space thread (reservation, prefaulting); dropped silently once closing. */
    void executeSpace(Runnable task) {
        execute(space, task);
    }

    private void execute(ScheduledExecutorService on, Runnable task) {
        try {
            on.execute(() -> run(task));
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
        space.shutdown();
        executor.shutdown();
        try {
            if (!space.awaitTermination(30, TimeUnit.SECONDS) || !executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("maintenance threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
