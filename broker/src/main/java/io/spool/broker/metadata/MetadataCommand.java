package io.spool.broker.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A change to the metadata image, as appended to the metadata log. {@link #apply} is deterministic (same
 * image and command, same result) so that every replica of the log, local or Ratis, computes the same image.
 */
public sealed interface MetadataCommand {

    /** Applies this command at log offset {@code offset}; throws {@link MetadataException} if the image refuses it. */
    MetadataImage apply(MetadataImage image, long offset);

    /** Creates a topic; partitions get consecutive fresh partition keys and leader epoch 0. */
    record CreateTopic(String name, UUID topicId, int numPartitions, int[] replicas, Map<String, String> configs,
                       boolean internal) implements MetadataCommand {
        @Override
        public MetadataImage apply(MetadataImage image, long offset) {
            if (image.topic(name) != null) {
                throw new MetadataException(MetadataError.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
            }
            if (image.topic(topicId) != null) {
                throw new MetadataException(MetadataError.TOPIC_ALREADY_EXISTS, "Topic id " + topicId + " already in use.");
            }
            if (numPartitions < 1) {
                throw new MetadataException(MetadataError.INVALID_PARTITIONS, "Number of partitions must be at least 1, got " + numPartitions + ".");
            }
            String clash = TopicNames.collision(name, image.topics().keySet());
            if (clash != null) {
                throw new MetadataException(MetadataError.INVALID_TOPIC_EXCEPTION,
                        "Topic '" + name + "' collides with existing topic '" + clash + "' ('.' and '_' are interchangeable in metric names).");
            }
            long key = image.nextPartitionKey();
            List<PartitionImage> parts = new ArrayList<>();
            for (int p = 0; p < numPartitions; p++) {
                parts.add(new PartitionImage(p, key++, replicas[0], 0, replicas.clone(), replicas.clone()));
            }
            return image.withTopic(offset, new TopicImage(name, topicId, parts, configs, internal), key);
        }
    }

    /** Deletes a topic. */
    record DeleteTopic(UUID topicId) implements MetadataCommand {
        @Override
        public MetadataImage apply(MetadataImage image, long offset) {
            TopicImage t = image.topic(topicId);
            if (t == null) {
                throw new MetadataException(MetadataError.UNKNOWN_TOPIC_ID, "Topic id " + topicId + " does not exist.");
            }
            return image.withoutTopic(offset, t);
        }
    }

    /** Raises a topic's partition count to {@code totalCount}. */
    record CreatePartitions(UUID topicId, int totalCount, int[] replicas) implements MetadataCommand {
        @Override
        public MetadataImage apply(MetadataImage image, long offset) {
            TopicImage t = image.topic(topicId);
            if (t == null) {
                throw new MetadataException(MetadataError.UNKNOWN_TOPIC_OR_PARTITION, "Topic id " + topicId + " does not exist.");
            }
            int current = t.partitions().size();
            if (totalCount <= current) {
                throw new MetadataException(MetadataError.INVALID_PARTITIONS, "Topic currently has " + current
                        + " partitions, which is higher than the requested " + totalCount + ".");
            }
            long key = image.nextPartitionKey();
            List<PartitionImage> parts = new ArrayList<>(t.partitions());
            for (int p = current; p < totalCount; p++) {
                parts.add(new PartitionImage(p, key++, replicas[0], 0, replicas.clone(), replicas.clone()));
            }
            return image.withTopic(offset, new TopicImage(t.name(), t.topicId(), parts, t.configs(), t.internal()), key);
        }
    }

    /** Reserves producer ids [{@code image.nextProducerId}, + {@code count}) for one broker. */
    record AllocateProducerIds(int nodeId, int count) implements MetadataCommand {
        @Override
        public MetadataImage apply(MetadataImage image, long offset) {
            return image.withNextProducerId(offset, image.nextProducerId() + count);
        }
    }
}
