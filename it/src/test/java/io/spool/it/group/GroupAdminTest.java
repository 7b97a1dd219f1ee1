package io.spool.it.group;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spool.it.BrokerExtension;
import io.spool.it.Clients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The group admin APIs through kafka-clients' Admin (DeleteGroups, OffsetDelete) and the coordinator lookups. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupAdminTest {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension("groups-admin",
            b -> b.override("group.initial.rebalance.delay.ms", "0")
                    .override("num.partitions", "2").override("auto.create.topics.enable", "true"));

    @Test
    void activeGroupsCannotBeDeletedAndOnlyOffsetsOfUnconsumedTopicsCanBe() throws Exception {
        String consumed = "adm-consumed";
        String other = "adm-other";
        String group = "adm-group";
        GroupTestRecords.createTopic(BROKER.bootstrap(), consumed, 2);
        GroupTestRecords.createTopic(BROKER.bootstrap(), other, 2);
        TopicPartition c0 = new TopicPartition(consumed, 0);
        TopicPartition o0 = new TopicPartition(other, 0);
        try (KafkaConsumer<byte[], byte[]> member = Clients.consumer(BROKER.bootstrap(),
                GroupConsumer.groupSettings(group, Map.of()));
             Admin admin = Clients.admin(BROKER.bootstrap())) {
            member.subscribe(List.of(consumed));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return member.assignment().size() == 2;
            });
            member.commitSync(Map.of(c0, new OffsetAndMetadata(0), o0, new OffsetAndMetadata(0)));

            ExecutionException notEmpty = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(GroupNotEmptyException.class, notEmpty.getCause());

            admin.deleteConsumerGroupOffsets(group, Set.of(o0)).partitionResult(o0).get(30, TimeUnit.SECONDS);
            ExecutionException subscribed = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroupOffsets(group, Set.of(c0)).partitionResult(c0).get(30, TimeUnit.SECONDS));
            assertInstanceOf(GroupSubscribedToTopicException.class, subscribed.getCause());
            assertEquals(Set.of(c0), GroupTestRecords.committed(admin, group).keySet());
        }
    }

    @Test
    void aTransactionalProducerGetsAFatalErrorInsteadOfRetryingForever() {
        // Spool's own behaviour until transactions exist (DESIGN §4); Kafka, the oracle, has them
        assumeTrue(BROKER.broker().flavour().equals("spool"), "transactions exist on " + BROKER.broker().flavour());
        Map<String, Object> settings = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(BROKER.bootstrap(), settings)) {
            KafkaException e = assertThrows(KafkaException.class, producer::initTransactions);
            assertInstanceOf(TransactionalIdAuthorizationException.class,
                    e instanceof TransactionalIdAuthorizationException ? e : e.getCause(), e::toString);
        }
    }
}
