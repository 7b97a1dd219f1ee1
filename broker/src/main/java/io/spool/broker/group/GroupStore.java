package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.Collection;
import java.util.Map;

/**
 * Where the coordinator persists what it must not forget: committed offsets and group metadata. Called with the
 * group's monitor held, so that the log and the cache change in the same order; an implementation must not block
 * on I/O (on a single node an append is a copy into the mapped segment). Returns the error to give the client,
 * {@link Errors#NONE} once the records are appended.
 */
interface GroupStore {

    Errors storeOffsets(ClassicGroup group, Map<TopicPartitionKey, OffsetAndMetadata> offsets);

    /** Stores the group's generation, protocol, leader and members with their assignments. */
    Errors storeGroup(ClassicGroup group);

    /** Writes tombstones for these offsets of the group. */
    Errors deleteOffsets(ClassicGroup group, Collection<TopicPartitionKey> partitions);

    /** Writes tombstones for the group and all its offsets. */
    Errors deleteGroup(ClassicGroup group, Collection<TopicPartitionKey> partitions);

    /** A store that keeps nothing: state lives only in memory (tests of the state machine alone). */
    GroupStore IN_MEMORY_ONLY = new GroupStore() {
        @Override
        public Errors storeOffsets(ClassicGroup group, Map<TopicPartitionKey, OffsetAndMetadata> offsets) {
            return Errors.NONE;
        }

        @Override
        public Errors storeGroup(ClassicGroup group) {
            return Errors.NONE;
        }

        @Override
        public Errors deleteOffsets(ClassicGroup group, Collection<TopicPartitionKey> partitions) {
            return Errors.NONE;
        }

        @Override
        public Errors deleteGroup(ClassicGroup group, Collection<TopicPartitionKey> partitions) {
            return Errors.NONE;
        }
    };
}
