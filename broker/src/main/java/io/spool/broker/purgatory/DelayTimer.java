package io.spool.broker.purgatory;

/** Runs tasks after a delay; the purgatory's clock, replaceable in tests. Thread-safe. */
public interface DelayTimer extends AutoCloseable {

    /** Runs {@code task} (on the timer's thread) after {@code delayMs}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delayMs);

    /** Stops the timer; pending tasks are dropped. */
    @Override
    void close();

    /** A scheduled task's handle. */
    interface Cancellable {
        void cancel();
    }
}
