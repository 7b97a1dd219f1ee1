package io.spool.broker.purgatory;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * {@link DelayTimer} on Netty's {@link HashedWheelTimer}: O(1) insert and cancel, deadlines rounded up to
 * the tick. Tasks run on the wheel's own thread and must only post work elsewhere.
 */
public final class WheelTimer implements DelayTimer {
    private final HashedWheelTimer wheel;

    /** {@code tickMs}: the wheel's resolution (a deadline fires at most one tick late). */
    public WheelTimer(long tickMs) {
        this.wheel = new HashedWheelTimer(new DefaultThreadFactory("spool-purgatory-timer", true),
                tickMs, TimeUnit.MILLISECONDS, 512);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        Timeout t = wheel.newTimeout(timeout -> task.run(), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return t::cancel;
    }

    @Override
    public void close() {
        wheel.stop();
    }
}
