package io.spool.it.group;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.it.BrokerExtension;
import io.spool.it.Clients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Classic consumer groups with kafka-clients 4.4: sharing, rebalances on join/leave/crash, the assignors. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsumerGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("groups",
            b -> b.override("group.initial.rebalance.delay.ms", "0")
                    .override("num.partitions", "6").override("auto.create.topics.enable", "true"));

    /** The group as DescribeGroups reports it, once it is Stable. */
    private static ConsumerGroupDescription stable(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                .get(30, TimeUnit.SECONDS).get(group);
        return d.groupState() == GroupState.STABLE ? d : null;
    }

    /** True when {@code members} own every partition of {@code topic} (0..n-1) exactly once, each member some. */
    private static boolean sharedExactlyOnce(List<Set<TopicPartition>> members, String topic, int n) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (Set<TopicPartition> m : members) {
            if (m.isEmpty()) {
                return false;
            }
            union.addAll(m);
            total += m.size();
        }
        Set<TopicPartition> all = new HashSet<>();
        for (int p = 0; p < n; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return total == n && union.equals(all);
    }

    private static List<Set<TopicPartition>> assignments(ConsumerGroupDescription d) {
        List<Set<TopicPartition>> out = new ArrayList<>();
        for (MemberDescription m : d.members()) {
            out.add(m.assignment().topicPartitions());
        }
        return out;
    }

    /** Waits until DescribeGroups shows {@code members} Stable members sharing all partitions exactly once. */
    private static ConsumerGroupDescription awaitShared(Admin admin, String group, String topic, int partitions,
                                                        int members) {
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        await("group " + group + " stable with " + members + " members sharing " + partitions + " partitions")
                .atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                    ConsumerGroupDescription d = stable(admin, group);
                    last[0] = d;
                    return d != null && d.members().size() == members
                            && sharedExactlyOnce(assignments(d), topic, partitions);
                });
        return last[0];
    }

    @Test
    void threeConsumersShareSixPartitionsAndRebalanceOnJoinLeaveAndCrash() throws Exception {
        String topic = "share";
        String group = "share-group";
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, 6);
        List<GroupConsumer> members = new ArrayList<>();
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            for (int i = 0; i < 3; i++) {
                members.add(new GroupConsumer(BROKER.bootstrap(), group, topic, Map.of(), r -> { }));
            }
            awaitShared(admin, group, topic, 6, 3);
            // the members' own view agrees with the coordinator's
            await().atMost(WAIT).until(() -> sharedExactlyOnce(
                    members.stream().map(GroupConsumer::assignment).toList(), topic, 6));

            try (ChildProcess fourth = ChildProcess.start(ConsumerProcessMain.class.getName(),
                    List.of(BROKER.bootstrap(), group, topic))) {
                awaitShared(admin, group, topic, 6, 4);

                members.remove(0).close();
                awaitShared(admin, group, topic, 6, 3);

                fourth.kill();
                // no LeaveGroup: the coordinator evicts it when its 6 s session lapses
                ConsumerGroupDescription d = awaitShared(admin, group, topic, 6, 2);
                assertEquals(2, d.members().size());
            }
            await().atMost(WAIT).until(() -> sharedExactlyOnce(
                    members.stream().map(GroupConsumer::assignment).toList(), topic, 6));
            for (GroupConsumer m : members) {
                assertNull(m.failure());
            }
        } finally {
            for (GroupConsumer m : members) {
                m.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "org.apache.kafka.clients.consumer.RangeAssignor",
            "org.apache.kafka.clients.consumer.RoundRobinAssignor",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"})
    void eachAssignorSharesThePartitions(String assignor) throws Exception {
        String simple = assignor.substring(assignor.lastIndexOf('.') + 1).toLowerCase();
        String topic = "assignor-" + simple;
        String group = "group-" + simple;
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, 6);
        Map<String, Object> settings = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        List<GroupConsumer> members = new ArrayList<>();
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            members.add(new GroupConsumer(BROKER.bootstrap(), group, topic, settings, r -> { }));
            awaitShared(admin, group, topic, 6, 1);
            members.add(new GroupConsumer(BROKER.bootstrap(), group, topic, settings, r -> { }));
            members.add(new GroupConsumer(BROKER.bootstrap(), group, topic, settings, r -> { }));
            ConsumerGroupDescription d = awaitShared(admin, group, topic, 6, 3);
            String expectedProtocol = switch (simple) {
                case "rangeassignor" -> "range";
                case "roundrobinassignor" -> "roundrobin";
                default -> "cooperative-sticky";
            };
            assertEquals(expectedProtocol, d.partitionAssignor());
            await().atMost(WAIT).until(() -> sharedExactlyOnce(
                    members.stream().map(GroupConsumer::assignment).toList(), topic, 6));
            members.remove(2).close();
            awaitShared(admin, group, topic, 6, 2);
            for (GroupConsumer m : members) {
                assertNull(m.failure());
            }
        } finally {
            for (GroupConsumer m : members) {
                m.close();
            }
        }
    }

    @Test
    void aRestartedStaticMemberGetsItsPartitionsBackWithoutARebalance() throws Exception {
        String topic = "static";
        String group = "static-group";
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, 6);
        Map<String, Object> a = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a");
        Map<String, Object> b = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-b");
        GroupConsumer first = new GroupConsumer(BROKER.bootstrap(), group, topic, a, r -> { });
        GroupConsumer other = new GroupConsumer(BROKER.bootstrap(), group, topic, b, r -> { });
        try (Admin admin = Clients.admin(BROKER.bootstrap())) {
            awaitShared(admin, group, topic, 6, 2);
            await().atMost(WAIT).until(() -> first.assignment().size() == 3 && other.assignment().size() == 3
                    && first.generation() == other.generation());
            Set<TopicPartition> owned = first.assignment();
            int generation = other.generation();
            String oldMemberId = first.memberId();

            first.close();  // a static member's close sends no LeaveGroup: its place is kept for the session
            GroupConsumer again = new GroupConsumer(BROKER.bootstrap(), group, topic, a, r -> { });
            try {
                await().atMost(WAIT).until(() -> again.assignment().equals(owned) && again.generation() > 0);
                assertEquals(generation, again.generation(), "no new generation");
                assertEquals(generation, other.generation(), "the other member saw no rebalance");
                ConsumerGroupDescription d = awaitShared(admin, group, topic, 6, 2);
                assertTrue(d.members().stream().noneMatch(m -> m.consumerId().equals(oldMemberId)),
                        "the restarted instance has a new member id");
                assertTrue(d.members().stream().anyMatch(m -> m.groupInstanceId().orElse("").equals("instance-a")));
            } finally {
                again.close();
            }
        } finally {
            first.close();
            other.close();
        }
    }

    @Test
    void aConsumerRestartsFromItsGroupsCommittedOffsets() throws Exception {
        String topic = "resume";
        String group = "resume-group";
        GroupTestRecords.createTopic(BROKER.bootstrap(), topic, 6);
        GroupTestRecords.produce(BROKER.bootstrap(), topic, 0, 1000);
        Set<Long> first = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        try (GroupConsumer c = new GroupConsumer(BROKER.bootstrap(), group, topic, Map.of(),
                r -> r.forEach(rec -> first.add(GroupTestRecords.seq(rec))));
             Admin admin = Clients.admin(BROKER.bootstrap())) {
            await().atMost(WAIT).until(() -> first.size() == 1000
                    && GroupTestRecords.committedTotal(admin, group, partitions) == 1000);
        }
        GroupTestRecords.produce(BROKER.bootstrap(), topic, 1000, 500);
        Set<Long> second = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (GroupConsumer c = new GroupConsumer(BROKER.bootstrap(), group, topic, Map.of(),
                r -> r.forEach(rec -> second.add(GroupTestRecords.seq(rec))))) {
            await().atMost(WAIT).until(() -> second.size() >= 500);
        }
        assertTrue(second.stream().allMatch(s -> s >= 1000), "resumed after the committed offsets");
        assertEquals(500, second.size());
    }
}
