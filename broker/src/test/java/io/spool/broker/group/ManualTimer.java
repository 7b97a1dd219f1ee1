package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import java.util.PriorityQueue;

/**
 * A {@link DelayTimer} and clock that move only when the test calls {@link #advance}; due tasks run on the
 * caller, in deadline order, including tasks scheduled by tasks that fall due within the same advance.
 */
final class ManualTimer implements DelayTimer {
    private record Task(long dueMs, long seq, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.dueMs != b.dueMs ? Long.compare(a.dueMs, b.dueMs) : Long.compare(a.seq, b.seq));
    private long nowMs;
    private long seq;

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMs) {
        boolean[] cancelled = {false};
        tasks.add(new Task(nowMs + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    synchronized long now() {
        return nowMs;
    }

    /** Moves the clock by {@code ms}, running every task due on the way at its own time. */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = nowMs + ms;
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.dueMs > target) {
                    nowMs = target;
                    return;
                }
                tasks.poll();
                nowMs = Math.max(nowMs, t.dueMs);
            }
            if (!t.cancelled[0]) {
                t.task.run();
            }
        }
    }

    @Override
    public void close() {
    }
}
