package io.spool.client.group;

import io.spool.client.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The range assignment equals kafka-clients' RangeAssignor's for the same members and topics. */
class RangeAssignorTest {
    @Test
    void sevenPartitionsOverThreeMembers() {
        var plan = RangeAssignor.assign(Map.of("c", List.of("t"), "a", List.of("t"), "b", List.of("t")), t -> 7);
        assertEquals(List.of(tp(0), tp(1), tp(2)), plan.get("a"));
        assertEquals(List.of(tp(3), tp(4)), plan.get("b"));
        assertEquals(List.of(tp(5), tp(6)), plan.get("c"));
    }

    @Test
    void membersBeyondThePartitionCountGetNothingAndUnknownTopicsAreSkipped() {
        var plan = RangeAssignor.assign(Map.of("a", List.of("t", "gone"), "b", List.of("t")), t -> t.equals("t") ? 1 : -1);
        assertEquals(List.of(tp(0)), plan.get("a"));
        assertEquals(List.of(), plan.get("b"));
    }

    @Test
    void sameAsKafkaClientsForRandomGroups() {
        for (long seed = 0; seed < 300; seed++) {
            java.util.Random random = new java.util.Random(seed);
            sameAsKafkaClients(1 + random.nextInt(6), 1 + random.nextInt(20), 1 + random.nextInt(20), random);
        }
    }

    private static void sameAsKafkaClients(int members, int partsA, int partsB, java.util.Random random) {
        Map<String, List<String>> subs = new HashMap<>();
        Map<String, ConsumerPartitionAssignor.Subscription> theirs = new HashMap<>();
        for (int i = 0; i < members; i++) {
            List<String> topics = random.nextBoolean() ? List.of("A", "B") : List.of(random.nextBoolean() ? "A" : "B");
            String id = "member-" + Long.toHexString(random.nextLong());
            subs.put(id, topics);
            theirs.put(id, new ConsumerPartitionAssignor.Subscription(topics));
        }
        Map<String, List<TopicPartition>> ours = RangeAssignor.assign(subs, t -> t.equals("A") ? partsA : partsB);
        Node node = new Node(1, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partsA; p++) {
            infos.add(new PartitionInfo("A", p, node, new Node[] {node}, new Node[] {node}));
        }
        for (int p = 0; p < partsB; p++) {
            infos.add(new PartitionInfo("B", p, node, new Node[] {node}, new Node[] {node}));
        }
        Cluster cluster = new Cluster("c", List.of(node), infos, Set.of(), Set.of());
        var kafka = new org.apache.kafka.clients.consumer.RangeAssignor()
                .assign(cluster, new ConsumerPartitionAssignor.GroupSubscription(theirs)).groupAssignment();
        for (String m : subs.keySet()) {
            Set<TopicPartition> expected = new HashSet<>();
            kafka.get(m).partitions().forEach(k -> expected.add(new TopicPartition(k.topic(), k.partition())));
            assertEquals(expected, new HashSet<>(ours.get(m)), "member " + m);
        }
    }

    private static TopicPartition tp(int p) {
        return new TopicPartition("t", p);
    }
}
