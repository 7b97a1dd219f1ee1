package io.spool.client.it;

import io.spool.client.Serializer;
import io.spool.client.SpoolProducer;
import io.spool.client.admin.NewTopic;
import io.spool.client.admin.SpoolAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.Map;

/**
 * The client contract (producer, consumer, groups, admin) against a Spool broker process started
 * like {@code bin/spool server}, topics created with CreateTopics through {@link SpoolAdmin}.
 */
@EnabledOnOs(OS.LINUX)
class SpoolBrokerClientTest extends ClientContractTest {
    private static SpoolBrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = SpoolBrokerProcess.start("num.partitions=3", "auto.create.topics.enable=true",
                "group.initial.rebalance.delay.ms=0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String bootstrap() {
        return broker.bootstrap();
    }

    @Override
    int createTopic(String name, int partitions) {
        try (SpoolAdmin admin = SpoolAdmin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
        }
        try (SpoolProducer<String, String> p = new SpoolProducer<>(producerProps(), Serializer.string(), Serializer.string())) {
            return p.partitionCount(name);
        }
    }
}
