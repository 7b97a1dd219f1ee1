package io.spool.client.it;

import io.spool.client.Serializer;
import io.spool.client.SpoolProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The client contract against a Spool broker process. Spool has no CreateTopics yet, so topics
 * are auto-created with the broker's {@code num.partitions} (3).
 */
@EnabledOnOs(OS.LINUX)
class SpoolBrokerClientTest extends ClientContractTest {
    private static SpoolBrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = SpoolBrokerProcess.start("num.partitions=3", "auto.create.topics.enable=true");
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
        try (SpoolProducer<String, String> p = new SpoolProducer<>(producerProps(), Serializer.string(), Serializer.string())) {
            return p.partitionCount(name); // metadata with allow_auto_topic_creation
        }
    }
}
