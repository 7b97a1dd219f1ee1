package io.spool.broker.metadata;

/**
 * One partition in the metadata image.
 *
 * @param partition    partition index
 * @param partitionKey stable id for storage keys, never reused (delete-and-recreate gets a new one)
 * @param leader       node id of the leader
 * @param leaderEpoch  epoch stamped into batches appended by this leader
 * @param replicas     assigned replicas
 * @param isr          in-sync replicas
 */
public record PartitionImage(int partition, long partitionKey, int leader, int leaderEpoch, int[] replicas, int[] isr) {
}
