package io.spool.broker.group;

import io.spool.config.BrokerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every coordinator setting comes from the broker's configuration keys. */
class GroupConfigTest {

    @Test
    void theDefaultsAreKafkasAndEachKeyIsRead() {
        assertEquals(GroupConfig.defaults(), GroupConfig.from(BrokerConfig.defaults()));
        GroupConfig c = GroupConfig.from(BrokerConfig.of(Map.ofEntries(
                Map.entry("group.min.session.timeout.ms", "1000"),
                Map.entry("group.max.session.timeout.ms", "2000"),
                Map.entry("group.initial.rebalance.delay.ms", "10"),
                Map.entry("group.max.size", "5"),
                Map.entry("offset.metadata.max.bytes", "12"),
                Map.entry("offsets.retention.minutes", "3"),
                Map.entry("offsets.retention.check.interval.ms", "700"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("offsets.snapshot.interval.ms", "900"),
                Map.entry("message.max.bytes", "2000"))));
        assertEquals(new GroupConfig(1000, 2000, 10, 5, 1000, 12, 180_000, 700, 4, 900), c);
    }
}
