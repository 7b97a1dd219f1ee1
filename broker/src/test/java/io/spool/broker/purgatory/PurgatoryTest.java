package io.spool.broker.purgatory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class PurgatoryTest {
    private final ManualTimer timer = new ManualTimer();
    private final Purgatory<String> purgatory = new Purgatory<>(timer);
    private final Executor direct = Runnable::run;

    /** Completes once the shared counter reaches its minimum; records how it completed. */
    private final class WaitForBytes extends DelayedOperation {
        final AtomicLong available;
        final long minBytes;
        final List<String> outcome = new ArrayList<>();

        WaitForBytes(AtomicLong available, long minBytes) {
            super(direct);
            this.available = available;
            this.minBytes = minBytes;
        }

        @Override
        protected boolean tryComplete() {
            return available.get() >= minBytes && forceComplete();
        }

        @Override
        protected void onComplete() {
            outcome.add(available.get() >= minBytes ? "satisfied" : "expired");
        }
    }

    @Test
    void satisfiedOperationCompletesAtOnceWithoutTimer() {
        WaitForBytes op = new WaitForBytes(new AtomicLong(10), 5);
        assertTrue(purgatory.tryCompleteElseWatch(op, 500, List.of("p0")));
        assertEquals(List.of("satisfied"), op.outcome);
        assertEquals(0, purgatory.watching("p0"));
        assertEquals(0, timer.pending());
    }

    @Test
    void appendWakesParkedOperationBeforeDeadline() {
        AtomicLong bytes = new AtomicLong();
        WaitForBytes op = new WaitForBytes(bytes, 5);
        assertFalse(purgatory.tryCompleteElseWatch(op, 500, List.of("p0", "p1")));
        assertEquals(1, purgatory.watching("p1"));
        bytes.set(3);
        purgatory.checkAndComplete("p0");
        assertTrue(op.outcome.isEmpty());
        bytes.set(6);
        purgatory.checkAndComplete("p1");
        assertEquals(List.of("satisfied"), op.outcome);
        assertEquals(0, purgatory.watching("p0"));
        assertEquals(0, purgatory.watching("p1"));
        timer.advance(1000);
        assertEquals(List.of("satisfied"), op.outcome, "the deadline must not complete it a second time");
    }

    @Test
    void unsatisfiedOperationIsAnsweredExactlyAtItsDeadline() {
        WaitForBytes op = new WaitForBytes(new AtomicLong(), 5);
        purgatory.tryCompleteElseWatch(op, 500, List.of("p0"));
        timer.advance(499);
        assertTrue(op.outcome.isEmpty());
        timer.advance(1);
        assertEquals(List.of("expired"), op.outcome);
        assertEquals(0, purgatory.watching("p0"));
    }

    @Test
    void wakeOfOtherKeyDoesNothing() {
        AtomicLong bytes = new AtomicLong(100);
        WaitForBytes op = new WaitForBytes(new AtomicLong(), 5);
        purgatory.tryCompleteElseWatch(op, 500, List.of("p0"));
        purgatory.checkAndComplete("other");
        assertTrue(op.outcome.isEmpty());
        assertEquals(100, bytes.get());
    }

    @Test
    void checksRunOnTheOperationsExecutor() {
        List<Runnable> posted = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        WaitForBytes op = new WaitForBytes(bytes, 1);
        DelayedOperation onLoop = new DelayedOperation(posted::add) {
            @Override
            protected boolean tryComplete() {
                return bytes.get() > 0 && forceComplete();
            }

            @Override
            protected void onComplete() {
                op.outcome.add("done");
            }
        };
        purgatory.tryCompleteElseWatch(onLoop, 500, List.of("p0"));
        bytes.set(1);
        purgatory.checkAndComplete("p0");
        assertTrue(op.outcome.isEmpty(), "nothing runs until the loop runs the posted check");
        assertEquals(1, posted.size());
        posted.get(0).run();
        assertEquals(List.of("done"), op.outcome);
    }

    @Test
    void wakeOnTheOperationsOwnLoopCompletesBeforeReturning() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            AtomicLong bytes = new AtomicLong();
            List<String> outcome = new ArrayList<>();
            DelayedOperation op = onLoop(loop, bytes, outcome);
            assertFalse(loop.submit(() -> purgatory.tryCompleteElseWatch(op, 500, List.of("p0"))).get(5, TimeUnit.SECONDS));
            bytes.set(1);
            List<String> seenRightAfter = loop.submit(() -> {
                purgatory.checkAndComplete("p0");
                return List.copyOf(outcome);
            }).get(5, TimeUnit.SECONDS);
            assertEquals(List.of("done"), seenRightAfter, "the appender on the same loop answers the parked op itself");
            assertEquals(0, purgatory.watching("p0"));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void wakeFromAnotherThreadIsPostedToTheOperationsLoop() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            AtomicLong bytes = new AtomicLong();
            List<String> outcome = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Boolean> completedOnLoop = java.util.Collections.synchronizedList(new ArrayList<>());
            DelayedOperation op = new DelayedOperation(loop) {
                @Override
                protected boolean tryComplete() {
                    return bytes.get() > 0 && forceComplete();
                }

                @Override
                protected void onComplete() {
                    completedOnLoop.add(loop.inEventLoop());
                    outcome.add("done");
                }
            };
            loop.submit(() -> purgatory.tryCompleteElseWatch(op, 500, List.of("p0"))).get(5, TimeUnit.SECONDS);
            bytes.set(1);
            purgatory.checkAndComplete("p0"); // from the test thread: must not run the check here
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> outcome.size() == 1);
            assertEquals(List.of(true), completedOnLoop);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void failingInlineCheckDoesNotFailTheAppender() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            AtomicLong bytes = new AtomicLong();
            DelayedOperation op = new DelayedOperation(loop) {
                @Override
                protected boolean tryComplete() {
                    if (bytes.get() > 0) {
                        throw new IllegalStateException("broken check");
                    }
                    return false;
                }

                @Override
                protected void onComplete() {
                }
            };
            loop.submit(() -> purgatory.tryCompleteElseWatch(op, 500, List.of("p0"))).get(5, TimeUnit.SECONDS);
            bytes.set(1);
            loop.submit(() -> purgatory.checkAndComplete("p0")).get(5, TimeUnit.SECONDS); // throws if the failure escaped
            assertFalse(op.isCompleted());
            timer.advance(500);
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(op::isCompleted);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static DelayedOperation onLoop(Executor loop, AtomicLong bytes, List<String> outcome) {
        return new DelayedOperation(loop) {
            @Override
            protected boolean tryComplete() {
                return bytes.get() > 0 && forceComplete();
            }

            @Override
            protected void onComplete() {
                outcome.add("done");
            }
        };
    }
}
