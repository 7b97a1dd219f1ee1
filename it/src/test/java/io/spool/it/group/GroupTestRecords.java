package io.spool.it.group;

import io.spool.it.Clients;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Records whose value is an 8-byte sequence number, and the group's committed offsets as Admin sees them. */
final class GroupTestRecords {
    private GroupTestRecords() {
    }

    /**
     * Creates a topic of {@code partitions} partitions: CreateTopics when the broker has it, else Metadata
     * auto-creation (the broker must run with {@code num.partitions} = {@code partitions}).
     */
    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try {
            Clients.createTopic(bootstrap, topic, partitions);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnsupportedVersionException)) {
                throw e;
            }
            try (KafkaProducer<byte[], byte[]> p = Clients.producer(bootstrap, Map.of())) {
                int n = p.partitionsFor(topic).size();
                if (n != partitions) {
                    throw new AssertionError("auto-created " + topic + " with " + n + " partitions, wanted " + partitions);
                }
            }
        }
    }

    /** Produces sequence numbers {@code from .. from+count-1} (default partitioner, no key) and waits for all acks. */
    static void produce(String bootstrap, String topic, long from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = Clients.producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (long s = from; s < from + count; s++) {
                p.send(new ProducerRecord<>(topic, value(s)));
            }
            p.flush();
        }
    }

    /** Produces {@code perPartition} records to each of partitions 0..partitions-1, sequence numbers from 0. */
    static void produceToEach(String bootstrap, String topic, int partitions, int perPartition) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = Clients.producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            long seq = 0;
            for (int i = 0; i < perPartition; i++) {
                for (int part = 0; part < partitions; part++) {
                    p.send(new ProducerRecord<>(topic, part, null, value(seq++)));
                }
            }
            p.flush();
        }
    }

    static byte[] value(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    static long seq(ConsumerRecord<byte[], byte[]> r) {
        return ByteBuffer.wrap(r.value()).getLong();
    }

    /** The group's committed offsets (OffsetFetch through Admin). */
    static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    }

    /** The sum of the group's committed offsets over {@code partitions}. */
    static long committedTotal(Admin admin, String group, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> c = committed(admin, group);
        long sum = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = c.get(tp);
            sum += o == null ? 0 : o.offset();
        }
        return sum;
    }
}
