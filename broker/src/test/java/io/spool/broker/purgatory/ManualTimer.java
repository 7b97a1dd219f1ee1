package io.spool.broker.purgatory;

import java.util.ArrayList;
import java.util.List;

/** A {@link DelayTimer} whose clock moves only when the test calls {@link #advance}; tasks run on the caller. */
final class ManualTimer implements DelayTimer {
    private record Task(long dueMs, Runnable task, boolean[] cancelled) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowMs;

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMs) {
        boolean[] cancelled = {false};
        tasks.add(new Task(nowMs + delayMs, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock and runs the tasks now due, in deadline order. */
    void advance(long ms) {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            nowMs += ms;
            tasks.removeIf(t -> {
                if (t.dueMs <= nowMs) {
                    due.add(t);
                    return true;
                }
                return false;
            });
        }
        due.sort((a, b) -> Long.compare(a.dueMs, b.dueMs));
        for (Task t : due) {
            if (!t.cancelled[0]) {
                t.task.run();
            }
        }
    }

    synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled[0]).count();
    }

    @Override
    public void close() {
    }
}
