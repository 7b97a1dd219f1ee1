package io.spool.broker.cluster;

import io.spool.broker.metadata.MetadataImage;
import io.spool.broker.metadata.MetadataQuorum;
import io.spool.broker.metadata.PartitionImage;
import io.spool.broker.metadata.TopicImage;
import io.spool.config.BrokerConfig;
import io.spool.config.ConfigException;
import io.spool.config.TopicConfig;
import io.spool.storage.LogConfig;
import io.spool.storage.LogManager;
import io.spool.storage.PartitionLog;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the partition logs in step with the metadata image: creates the logs of new partitions and deletes
 * those of deleted topics (on the metadata thread, where file creation may block), and serves lock-free
 * lookups to the request handlers on the event loops.
 */
public final class PartitionRegistry implements MetadataQuorum.MetadataListener {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRegistry.class);

    private final LogManager logs;
    private final BrokerConfig config;
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    public PartitionRegistry(LogManager logs, BrokerConfig config) {
        this.logs = logs;
        this.config = config;
    }

    /** The partition, or null when this node does not have it. Any thread. */
    public Partition get(String topic, int partition) {
        return partitions.get(new TopicPartition(topic, partition));
    }

    /** Maps a topic's effective configuration onto the storage engine's settings. */
    public static LogConfig logConfig(TopicConfig t, BrokerConfig broker) {
        return new LogConfig(t.segmentBytes(), t.segmentMs(), t.indexIntervalBytes(), t.maxMessageBytes(),
                t.retentionMs(), t.retentionBytes(), t.flushMessages(), t.flushMs(), t.logAppendTime(),
                broker.segmentPreallocBytes());
    }

    /** The topic's effective configuration; overrides that no longer validate fall back to the broker's values. */
    public TopicConfig topicConfig(TopicImage topic) {
        try {
            return TopicConfig.of(topic.configs(), config);
        } catch (ConfigException e) {
            LOG.warn("topic {}: ignoring invalid stored configuration: {}", topic.name(), e.getMessage());
            return config.topicDefaults();
        }
    }

    @Override
    public void onImage(MetadataImage previous, MetadataImage current) {
        for (TopicImage old : previous.allTopics()) {
            TopicImage now = current.topic(old.topicId());
            if (now == null) {
                for (PartitionImage p : old.partitions()) {
                    partitions.remove(new TopicPartition(old.name(), p.partition()));
                }
                logs.deleteTopic(old.name());
                LOG.info("deleted topic {} ({} partitions)", old.name(), old.partitions().size());
            }
        }
        if (previous == MetadataImage.EMPTY) {
            deleteOrphanLogs(current);
        }
        for (TopicImage t : current.allTopics()) {
            TopicImage old = previous.topic(t.topicId());
            if (old != null && old.equals(t)) {
                continue;
            }
            TopicConfig tc = topicConfig(t);
            LogConfig lc = logConfig(tc, config);
            for (PartitionImage p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                Partition existing = partitions.get(tp);
                PartitionLog log = existing != null ? existing.log() : logs.getOrCreate(t.name(), p.partition(), p.partitionKey(), lc);
                if (existing != null && !existing.config().equals(tc)) {
                    log.updateConfig(lc);
                }
                partitions.put(tp, new Partition(tp, t.topicId(), log, p.leaderEpoch(), tc));
            }
        }
    }

    /** Logs left by a topic whose deletion was committed but not carried out before a crash. */
    private void deleteOrphanLogs(MetadataImage current) {
        Set<String> orphans = new HashSet<>();
        for (PartitionLog log : logs.logs()) {
            TopicImage t = current.topic(log.topic());
            if (t == null || t.partition(log.partition()) == null) {
                orphans.add(log.topic());
            }
        }
        for (String topic : orphans) {
            if (current.topic(topic) == null) {
                LOG.warn("deleting logs of topic {} which the metadata log does not know", topic);
                logs.deleteTopic(topic);
            }
        }
    }

    /** Every partition (tests, metrics). */
    public Map<TopicPartition, Partition> all() {
        return Map.copyOf(partitions);
    }
}
