package io.spool.broker.cluster;

import io.spool.broker.metadata.MetadataCommand;
import io.spool.broker.metadata.MetadataError;
import io.spool.broker.metadata.MetadataException;
import io.spool.broker.metadata.MetadataImage;
import io.spool.broker.metadata.MetadataQuorum;
import io.spool.broker.metadata.TopicNames;
import io.spool.config.BrokerConfig;
import io.spool.config.ConfigException;
import io.spool.config.TopicConfig;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Validates and submits topic creations (CreateTopics, Metadata auto-creation): name, partition count,
 * replication factor against the live brokers, topic configs. Failures are {@link MetadataException}s.
 */
public final class TopicCreator {
    private final MetadataQuorum quorum;
    private final BrokerConfig config;

    public TopicCreator(MetadataQuorum quorum, BrokerConfig config) {
        this.quorum = quorum;
        this.config = config;
    }

    /**
     * Checks a creation without submitting it; {@code numPartitions}/{@code replicationFactor} of -1 mean the
     * broker defaults. Returns the command that would be submitted.
     */
    public MetadataCommand.CreateTopic validate(String name, int numPartitions, int replicationFactor,
                                                Map<String, String> configs, boolean internal) {
        String invalid = TopicNames.invalidReason(name);
        if (invalid != null) {
            throw new MetadataException(MetadataError.INVALID_TOPIC_EXCEPTION, invalid);
        }
        int partitions = numPartitions == -1 ? config.numPartitions() : numPartitions;
        int rf = replicationFactor == -1 ? config.defaultReplicationFactor() : replicationFactor;
        if (partitions < 1) {
            throw new MetadataException(MetadataError.INVALID_PARTITIONS, "Number of partitions must be larger than 0.");
        }
        if (rf < 1) {
            throw new MetadataException(MetadataError.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
        }
        if (rf > liveBrokers()) {
            throw new MetadataException(MetadataError.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + rf + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                    + liveBrokers() + " broker(s) are registered.");
        }
        try {
            TopicConfig.of(configs, config);
        } catch (ConfigException e) {
            throw new MetadataException(MetadataError.INVALID_CONFIG, e.getMessage());
        }
        MetadataImage image = quorum.image();
        if (image.topic(name) != null) {
            throw new MetadataException(MetadataError.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        return new MetadataCommand.CreateTopic(name, newTopicId(), partitions, new int[] {config.nodeId()},
                configs, internal);
    }

    /** Validates and submits; the future fails with a {@link MetadataException} when refused. */
    public CompletableFuture<MetadataImage> create(String name, int numPartitions, int replicationFactor,
                                                   Map<String, String> configs, boolean internal) {
        try {
            return quorum.submit(validate(name, numPartitions, replicationFactor, configs, internal));
        } catch (MetadataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Brokers that can hold replicas: this node only until replication exists. */
    public int liveBrokers() {
        return 1;
    }

    /** A random topic id that is neither the zero UUID nor Kafka's reserved metadata topic id (0, 1). */
    static UUID newTopicId() {
        while (true) {
            UUID id = UUID.randomUUID();
            if (!(id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() <= 1)) {
                return id;
            }
        }
    }
}
