package io.spool.broker.purgatory;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request parked until a condition holds or its deadline passes (a long-polling fetch, later an acks=all
 * produce). Every check and the completion run on the operation's own {@link #executor()} (the connection's
 * event loop), so subclasses need no locking of their own state; completion happens exactly once.
 */
public abstract class DelayedOperation {
    private final AtomicBoolean completed = new AtomicBoolean();
    private final Executor executor;
    private volatile DelayTimer.Cancellable timeout;
    /** The keys the purgatory watches this operation on, set before it is watched. */
    volatile java.util.Collection<?> watchedKeys = java.util.List.of();

    protected DelayedOperation(Executor executor) {
        this.executor = executor;
    }

    /** Where checks and completion run. */
    public final Executor executor() {
        return executor;
    }

    /** Checks the condition; when satisfied, calls {@link #forceComplete()} and returns true. Runs on the executor. */
    protected abstract boolean tryComplete();

    /** Produces the result (sends the response). Called exactly once, on the executor. */
    protected abstract void onComplete();

    /** Completes now whatever the condition; returns false if already completed. */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        DelayTimer.Cancellable t = timeout;
        if (t != null) {
            t.cancel();
        }
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    void armTimeout(DelayTimer.Cancellable t) {
        this.timeout = t;
        if (completed.get()) {
            t.cancel();
        }
    }
}
