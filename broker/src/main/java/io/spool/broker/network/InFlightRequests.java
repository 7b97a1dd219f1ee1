package io.spool.broker.network;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The requests of one connection that have been read but whose responses are not yet written, in request
 * order. Responses complete in any order; {@link #drain} hands them out strictly in request order, skipping
 * slots that need no response (acks=0 produce). Event-loop confined, not thread-safe.
 */
final class InFlightRequests {

    /** One request's place in the response order. */
    static final class Slot {
        private final int correlationId;
        private ResponseSend response;
        private boolean done;

        private Slot(int correlationId) {
            this.correlationId = correlationId;
        }

        int correlationId() {
            return correlationId;
        }

        boolean isDone() {
            return done;
        }
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();

    /** Reserves the next place in the response order. */
    Slot add(int correlationId) {
        Slot s = new Slot(correlationId);
        slots.addLast(s);
        return s;
    }

    /** Completes {@code slot} with {@code response}, or with no response when it is null. Returns false if already completed. */
    boolean complete(Slot slot, ResponseSend response) {
        if (slot.done) {
            return false;
        }
        slot.done = true;
        slot.response = response;
        return true;
    }

    /** Passes the completed responses at the head, in order, to {@code out}; returns how many slots it removed. */
    int drain(Consumer<ResponseSend> out) {
        int n = 0;
        while (!slots.isEmpty() && slots.peekFirst().done) {
            Slot s = slots.pollFirst();
            n++;
            if (s.response != null) {
                ResponseSend r = s.response;
                s.response = null;
                out.accept(r);
            }
        }
        return n;
    }

    /** Requests read and not yet answered (including acks=0 requests still being appended). */
    int size() {
        return slots.size();
    }

    /** Releases every held response and forgets all slots (connection closed); later completions are released by the caller. */
    void clear() {
        for (Slot s : slots) {
            s.done = true;
            if (s.response != null) {
                s.response.release();
                s.response = null;
            }
        }
        slots.clear();
    }
}
