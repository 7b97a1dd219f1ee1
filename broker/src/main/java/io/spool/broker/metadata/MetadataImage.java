package io.spool.broker.metadata;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster metadata at one point of the metadata log: topics, partitions, producer-id allocation.
 * Immutable; request handlers read the current image without locks and changes produce a new image.
 *
 * @param lastOffset          offset of the last metadata command applied, -1 for the empty image
 * @param nextPartitionKey    next unused partition key
 * @param nextProducerId      first producer id not yet handed out in a block
 */
public record MetadataImage(long lastOffset, Map<String, TopicImage> topics, Map<UUID, TopicImage> topicsById,
                            long nextPartitionKey, long nextProducerId) {

    /** The image before any command. */
    public static final MetadataImage EMPTY = new MetadataImage(-1, Map.of(), Map.of(), 1, 0);

    public MetadataImage {
        topics = Collections.unmodifiableMap(new TreeMap<>(topics));
        topicsById = Collections.unmodifiableMap(new HashMap<>(topicsById));
    }

    /** The topic, or null. */
    public TopicImage topic(String name) {
        return topics.get(name);
    }

    /** The topic, or null. */
    public TopicImage topic(UUID id) {
        return topicsById.get(id);
    }

    /** Every topic, in name order. */
    public Collection<TopicImage> allTopics() {
        return topics.values();
    }

    MetadataImage withTopic(long offset, TopicImage t, long nextPartitionKey) {
        Map<String, TopicImage> byName = new HashMap<>(topics);
        Map<UUID, TopicImage> byId = new HashMap<>(topicsById);
        byName.put(t.name(), t);
        byId.put(t.topicId(), t);
        return new MetadataImage(offset, byName, byId, nextPartitionKey, nextProducerId);
    }

    MetadataImage withoutTopic(long offset, TopicImage t) {
        Map<String, TopicImage> byName = new HashMap<>(topics);
        Map<UUID, TopicImage> byId = new HashMap<>(topicsById);
        byName.remove(t.name());
        byId.remove(t.topicId());
        return new MetadataImage(offset, byName, byId, nextPartitionKey, nextProducerId);
    }

    MetadataImage withNextProducerId(long offset, long next) {
        return new MetadataImage(offset, topics, topicsById, nextPartitionKey, next);
    }

    MetadataImage atOffset(long offset) {
        return new MetadataImage(offset, topics, topicsById, nextPartitionKey, nextProducerId);
    }
}
