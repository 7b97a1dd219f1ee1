package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** CreateTopics request (v2+). num_partitions / replication_factor of -1 mean the broker's defaults. */
public final class CreateTopicsRequest implements ApiMessage {
    public List<CreatableTopic> topics = new ArrayList<>();
    public int timeoutMs = 60_000;
    public boolean validateOnly;

    /** A topic to create. */
    public record CreatableTopic(String name, int numPartitions, short replicationFactor,
                                 List<CreatableReplicaAssignment> assignments, List<CreatableTopicConfig> configs) {
    }

    /** A manual replica assignment for one partition. */
    public record CreatableReplicaAssignment(int partitionIndex, int[] brokerIds) {
    }

    /** A topic config override. */
    public record CreatableTopicConfig(String name, String value) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    /** Decodes the body at {@code version}. */
    public static CreateTopicsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 5;
        CreateTopicsRequest m = new CreateTopicsRequest();
        int nt = Decoder.readNonNullArrayCount(buf, flex, 8);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            String name = Decoder.readString(buf, flex);
            int numPartitions = Decoder.readInt32(buf);
            short rf = Decoder.readInt16(buf);
            int na = Decoder.readNonNullArrayCount(buf, flex, 5);
            List<CreatableReplicaAssignment> assignments = Decoder.newList(na);
            for (int j = 0; j < na; j++) {
                assignments.add(new CreatableReplicaAssignment(Decoder.readInt32(buf), Decoder.readInt32Array(buf, flex, false)));
                Decoder.skipTaggedFields(buf, flex);
            }
            int nc = Decoder.readNonNullArrayCount(buf, flex, 2);
            List<CreatableTopicConfig> configs = Decoder.newList(nc);
            for (int j = 0; j < nc; j++) {
                configs.add(new CreatableTopicConfig(Decoder.readString(buf, flex), Decoder.readNullableString(buf, flex)));
                Decoder.skipTaggedFields(buf, flex);
            }
            Decoder.skipTaggedFields(buf, flex);
            m.topics.add(new CreatableTopic(name, numPartitions, rf, assignments, configs));
        }
        m.timeoutMs = Decoder.readInt32(buf);
        m.validateOnly = Decoder.readBool(buf);
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 5;
        w.writeArrayCount(topics.size(), flex);
        for (CreatableTopic t : topics) {
            w.writeString(t.name(), flex).writeInt32(t.numPartitions()).writeInt16(t.replicationFactor());
            w.writeArrayCount(t.assignments().size(), flex);
            for (CreatableReplicaAssignment a : t.assignments()) {
                w.writeInt32(a.partitionIndex()).writeInt32Array(a.brokerIds(), flex);
                w.writeEmptyTaggedFields(flex);
            }
            w.writeArrayCount(t.configs().size(), flex);
            for (CreatableTopicConfig c : t.configs()) {
                w.writeString(c.name(), flex).writeNullableString(c.value(), flex);
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeInt32(timeoutMs).writeBool(validateOnly);
        w.writeEmptyTaggedFields(flex);
    }
}
