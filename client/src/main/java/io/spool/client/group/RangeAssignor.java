package io.spool.client.group;

import io.spool.client.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Kafka's "range" assignment: per topic, the members subscribed to it in member-id order each take
 * a contiguous range of partitions, the first {@code partitions % members} one more than the rest.
 * Pure function; the group leader runs it.
 */
public final class RangeAssignor {
    /** The protocol name kafka-clients' RangeAssignor announces. */
    public static final String NAME = "range";

    private RangeAssignor() {
    }

    /**
     * Assigns the partitions of every subscribed topic.
     *
     * @param subscriptions member id to subscribed topics
     * @param partitionCount partitions of a topic, or a negative number for a topic that does not exist (skipped)
     * @return member id to its partitions (every member present, possibly with none)
     */
    public static Map<String, List<TopicPartition>> assign(Map<String, List<String>> subscriptions,
                                                           ToIntFunction<String> partitionCount) {
        Map<String, List<TopicPartition>> out = new HashMap<>();
        Map<String, TreeSet<String>> membersByTopic = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : subscriptions.entrySet()) {
            out.put(e.getKey(), new ArrayList<>());
            for (String t : e.getValue()) {
                membersByTopic.computeIfAbsent(t, k -> new TreeSet<>()).add(e.getKey());
            }
        }
        for (Map.Entry<String, TreeSet<String>> e : membersByTopic.entrySet()) {
            int partitions = partitionCount.applyAsInt(e.getKey());
            if (partitions <= 0) {
                continue;
            }
            int members = e.getValue().size();
            int each = partitions / members;
            int extra = partitions % members;
            int i = 0;
            for (String member : e.getValue()) {
                int start = each * i + Math.min(i, extra);
                int length = each + (i < extra ? 1 : 0);
                for (int p = start; p < start + length; p++) {
                    out.get(member).add(new TopicPartition(e.getKey(), p));
                }
                i++;
            }
        }
        return out;
    }
}
