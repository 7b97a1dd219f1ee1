package io.spool.broker.handler;

import io.spool.broker.cluster.PartitionRegistry;
import io.spool.broker.cluster.ProducerIdManager;
import io.spool.broker.cluster.TopicPartition;
import io.spool.broker.metadata.MetadataQuorum;
import io.spool.broker.purgatory.Purgatory;
import io.spool.config.BrokerConfig;
import io.spool.config.Listener;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the request handlers share: configuration, metadata, the partitions, the fetch purgatory and an
 * executor for the rare work that may block or decompress (ListOffsets by timestamp).
 *
 * @param advertisedListeners listeners as given to clients, ports resolved after binding
 * @param blockingExecutor    where work that must not run on an event loop goes
 */
public record BrokerState(BrokerConfig config, String clusterId, MetadataQuorum metadata, PartitionRegistry partitions,
                          ProducerIdManager producerIds, Purgatory<TopicPartition> fetchPurgatory,
                          List<Listener> advertisedListeners, Executor blockingExecutor) {

    /** The advertised address for connections that came in on {@code listenerName} (the first one if none matches). */
    public Listener advertised(String listenerName) {
        for (Listener l : advertisedListeners) {
            if (l.name().equals(listenerName)) {
                return l;
            }
        }
        return advertisedListeners.get(0);
    }

    public int nodeId() {
        return config.nodeId();
    }
}
