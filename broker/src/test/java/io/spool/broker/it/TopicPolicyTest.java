package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spool.broker.TestBroker;
import io.spool.protocol.Errors;
import io.spool.protocol.message.DeleteTopicsRequest;
import io.spool.protocol.message.DeleteTopicsResponse;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto-creation needs both the request's flag and the broker setting, never for internal topics; deletion can be off. */
class TopicPolicyTest {
    @TempDir
    Path dir;

    private static MetadataResponse.Topic metadata(WireClient c, String topic, boolean allowAutoCreate) throws Exception {
        MetadataRequest m = new MetadataRequest();
        m.topics = List.of(new MetadataRequest.Topic(MetadataRequest.ZERO_UUID, topic));
        m.allowAutoTopicCreation = allowAutoCreate;
        return ((MetadataResponse) c.roundTrip(m, (short) 9)).topics.get(0);
    }

    @Test
    void autoCreationNeedsTheRequestFlagAndNeverCreatesInternalTopicsOrBadNames() throws Exception {
        try (TestBroker b = TestBroker.start(dir, Map.of("num.partitions", "2")); WireClient c = new WireClient(b.port())) {
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code, metadata(c, "not-allowed", false).errorCode);
            MetadataResponse.Topic created = metadata(c, "allowed", true);
            assertEquals(Errors.NONE.code, created.errorCode);
            assertEquals(2, created.partitions.size());
            assertEquals(0, created.partitions.get(0).leaderEpoch);
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code, metadata(c, "__transaction_state", true).errorCode);
            assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code, metadata(c, "bad name!", true).errorCode);
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code, metadata(c, "not-allowed", false).errorCode);
        }
    }

    @Test
    void deletionCanBeDisabled() throws Exception {
        try (TestBroker b = TestBroker.start(dir, Map.of("delete.topic.enable", "false")); WireClient c = new WireClient(b.port())) {
            metadata(c, "keep", true);
            DeleteTopicsRequest d = new DeleteTopicsRequest();
            d.topicNames = List.of("keep");
            d.timeoutMs = 1000;
            DeleteTopicsResponse r = (DeleteTopicsResponse) c.roundTrip(d, (short) 5);
            assertEquals(Errors.TOPIC_DELETION_DISABLED.code, r.responses.get(0).errorCode());
            assertEquals(Errors.NONE.code, metadata(c, "keep", false).errorCode);
        }
    }
}
