package io.spool.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

    private static List<Integer> drain(InFlightRequests q) {
        List<Integer> out = new ArrayList<>();
        q.drain(r -> {
            out.add((int) r.sizeInBytes());
            r.release();
        });
        return out;
    }

    @Test
    void responsesLeaveInRequestOrderWhateverOrderTheyComplete() {
        InFlightRequests q = new InFlightRequests();
        InFlightRequests.Slot a = q.add(1);
        InFlightRequests.Slot b = q.add(2);
        InFlightRequests.Slot c = q.add(3);
        List<Integer> order = new ArrayList<>();
        q.complete(c, ResponseSend.of(Unpooled.buffer().writeInt(3)));
        q.complete(b, ResponseSend.of(Unpooled.buffer().writeInt(2)));
        assertEquals(0, q.drain(r -> order.add(1)));
        assertEquals(3, q.size());
        q.complete(a, ResponseSend.of(Unpooled.buffer().writeInt(1)));
        assertEquals(3, q.drain(r -> order.add(0)));
        assertEquals(3, order.size());
        assertEquals(0, q.size());
    }

    @Test
    void drainWritesEachResponseOnceInOrder() {
        InFlightRequests q = new InFlightRequests();
        List<InFlightRequests.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slots.add(q.add(i));
        }
        int[] completeOrder = {4, 1, 0, 3, 2};
        List<Integer> written = new ArrayList<>();
        for (int i : completeOrder) {
            q.complete(slots.get(i), ResponseSend.of(Unpooled.buffer().writeInt(i)));
            q.drain(r -> written.add(0));
        }
        assertEquals(5, written.size());
    }

    @Test
    void noResponseSlotsAreSkippedButKeepTheirPlace() {
        InFlightRequests q = new InFlightRequests();
        InFlightRequests.Slot produceAcks0 = q.add(1);
        InFlightRequests.Slot fetch = q.add(2);
        List<ByteBuf> written = new ArrayList<>();
        ByteBuf fetchResponse = Unpooled.buffer().writeInt(2);
        q.complete(fetch, ResponseSend.of(fetchResponse));
        q.drain(r -> written.add(fetchResponse));
        assertEquals(0, written.size(), "the fetch waits for the acks=0 produce before it");
        q.complete(produceAcks0, null);
        assertEquals(2, q.drain(r -> written.add(fetchResponse)));
        assertEquals(1, written.size());
    }

    @Test
    void secondCompletionIsRefusedAndClearReleasesHeldResponses() {
        InFlightRequests q = new InFlightRequests();
        InFlightRequests.Slot a = q.add(1);
        InFlightRequests.Slot b = q.add(2);
        ByteBuf held = Unpooled.buffer().writeInt(2);
        q.complete(b, ResponseSend.of(held));
        assertFalse(q.complete(b, null));
        q.clear();
        assertEquals(0, held.refCnt());
        assertFalse(q.complete(a, null));
        assertEquals(0, drain(q).size());
    }
}
