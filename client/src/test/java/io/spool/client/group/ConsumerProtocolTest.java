package io.spool.client.group;

import io.spool.client.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Our consumer-protocol bytes against kafka-clients' own (de)serialisation, both ways. */
class ConsumerProtocolTest {
    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void kafkaClientsReadsOurSubscription() {
        byte[] ours = ConsumerProtocol.encodeSubscription(List.of("a", "orders"), List.of(new TopicPartition("a", 2)));
        ConsumerPartitionAssignor.Subscription s = org.apache.kafka.clients.consumer.internals.ConsumerProtocol
                .deserializeSubscription(ByteBuffer.wrap(ours));
        assertEquals(List.of("a", "orders"), s.topics());
        assertNull(s.userData());
        assertEquals(List.of(new org.apache.kafka.common.TopicPartition("a", 2)), s.ownedPartitions());
    }

    @Test
    void weReadKafkaClientsSubscriptionOfEveryVersion() {
        var sub = new ConsumerPartitionAssignor.Subscription(List.of("t1", "t2"), ByteBuffer.wrap(new byte[] {1, 2, 3}),
                List.of(new org.apache.kafka.common.TopicPartition("t1", 0)), 7, java.util.Optional.of("rack-1"));
        for (short v = 0; v <= org.apache.kafka.common.message.ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION; v++) {
            byte[] theirs = bytes(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(sub, v));
            ConsumerProtocol.Subscription ours = ConsumerProtocol.decodeSubscription(theirs);
            assertEquals(List.of("t1", "t2"), ours.topics(), "version " + v);
            assertEquals(v >= 1 ? List.of(new TopicPartition("t1", 0)) : List.of(), ours.ownedPartitions(), "version " + v);
        }
    }

    @Test
    void assignmentsRoundTripWithKafkaClients() {
        List<TopicPartition> parts = List.of(new TopicPartition("b", 1), new TopicPartition("a", 0), new TopicPartition("b", 0));
        var theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(
                ByteBuffer.wrap(ConsumerProtocol.encodeAssignment(parts)));
        assertEquals(3, theirs.partitions().size());
        assertTrue(theirs.partitions().contains(new org.apache.kafka.common.TopicPartition("b", 1)));
        var back = new ConsumerPartitionAssignor.Assignment(theirs.partitions(), ByteBuffer.wrap(new byte[] {9}));
        for (short v = 0; v <= org.apache.kafka.common.message.ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION; v++) {
            List<TopicPartition> ours = ConsumerProtocol.decodeAssignment(
                    bytes(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(back, v)));
            assertEquals(new java.util.HashSet<>(parts), new java.util.HashSet<>(ours), "version " + v);
        }
        assertEquals(List.of(), ConsumerProtocol.decodeAssignment(new byte[0]), "a member left without partitions");
    }

    @Test
    void malformedBytesAreRejectedWithTheirLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConsumerProtocol.decodeSubscription(new byte[] {0, 0, 0, 0, 0, 9}));
        assertTrue(e.getMessage().contains("length="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsumerProtocol.decodeAssignment(new byte[] {-1, -1}));
    }
}
