package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A coordinator on a manual clock, and short-hands for the requests a consumer sends. */
final class GroupTestKit {
    static final int SESSION_MS = 6000;
    static final int REBALANCE_MS = 10_000;

    final ManualTimer timer = new ManualTimer();
    final CoordinatorPartitions partitions;
    final GroupCoordinator coordinator;
    final OffsetCoordinator offsets;

    GroupTestKit(GroupConfig config, GroupStore store, Set<String> topics) {
        partitions = new CoordinatorPartitions(config.offsetsTopicNumPartitions());
        partitions.activateAll();
        coordinator = new GroupCoordinator(config, timer, timer::now, store, partitions);
        offsets = new OffsetCoordinator(coordinator, (t, p) -> topics.contains(t) && p >= 0 && p < 6);
    }

    static GroupTestKit withoutDelay() {
        return new GroupTestKit(GroupConfig.defaults().withInitialRebalanceDelayMs(0).withOffsetsTopicNumPartitions(4),
                GroupStore.IN_MEMORY_ONLY, Set.of("t"));
    }

    /** A consumer subscription (ConsumerProtocolSubscription v0) to {@code topics}. */
    static byte[] subscription(String... topics) {
        int size = 2 + 4 + 4;
        for (String t : topics) {
            size += 2 + t.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort((short) 0).putInt(topics.length);
        for (String t : topics) {
            byte[] n = t.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) n.length).put(n);
        }
        b.putInt(-1);
        return b.array();
    }

    static List<Protocol> protocols(String... names) {
        List<Protocol> out = new ArrayList<>();
        for (String n : names) {
            out.add(new Protocol(n, subscription("t")));
        }
        return out;
    }

    static JoinGroupRequestData joinRequest(String group, String memberId, String instanceId, String protocolType,
                                            List<Protocol> protocols) {
        return new JoinGroupRequestData(group, memberId, instanceId, "client", "/127.0.0.1", SESSION_MS, REBALANCE_MS,
                protocolType, protocols, true);
    }

    CompletableFuture<JoinGroupResult> join(JoinGroupRequestData req) {
        CompletableFuture<JoinGroupResult> f = new CompletableFuture<>();
        coordinator.joinGroup(req, r -> assertTrue(f.complete(r), "join callback ran twice"));
        return f;
    }

    CompletableFuture<JoinGroupResult> join(String group, String memberId) {
        return join(joinRequest(group, memberId, null, "consumer", protocols("range")));
    }

    /** MEMBER_ID_REQUIRED, then a join with the returned id: returns the parked (or answered) second join. */
    CompletableFuture<JoinGroupResult> joinNew(String group) {
        JoinGroupResult first = join(group, "").join();
        assertEquals(Errors.MEMBER_ID_REQUIRED, first.error());
        return join(group, first.memberId());
    }

    CompletableFuture<SyncGroupResult> sync(String group, int generation, String memberId, Map<String, byte[]> assignments) {
        CompletableFuture<SyncGroupResult> f = new CompletableFuture<>();
        coordinator.syncGroup(group, generation, memberId, null, null, null, assignments,
                r -> assertTrue(f.complete(r), "sync callback ran twice"));
        return f;
    }

    GroupState state(String group) {
        return coordinator.describeGroup(group).state();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
