package io.spool.broker.metadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Binary form of {@link MetadataCommand}s in the metadata log: one type byte, then the fields in
 * declaration order (DataOutput encoding). Adding a field means a new type byte, never a changed layout.
 */
final class MetadataCommandCodec {
    static final byte CREATE_TOPIC = 1;
    static final byte DELETE_TOPIC = 2;
    static final byte CREATE_PARTITIONS = 3;
    static final byte ALLOCATE_PRODUCER_IDS = 4;

    private MetadataCommandCodec() {
    }

    static byte[] encode(MetadataCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            switch (command) {
                case MetadataCommand.CreateTopic c -> {
                    out.writeByte(CREATE_TOPIC);
                    out.writeUTF(c.name());
                    writeUuid(out, c.topicId());
                    out.writeInt(c.numPartitions());
                    writeInts(out, c.replicas());
                    out.writeInt(c.configs().size());
                    for (Map.Entry<String, String> e : c.configs().entrySet()) {
                        out.writeUTF(e.getKey());
                        out.writeUTF(e.getValue());
                    }
                    out.writeBoolean(c.internal());
                }
                case MetadataCommand.DeleteTopic c -> {
                    out.writeByte(DELETE_TOPIC);
                    writeUuid(out, c.topicId());
                }
                case MetadataCommand.CreatePartitions c -> {
                    out.writeByte(CREATE_PARTITIONS);
                    writeUuid(out, c.topicId());
                    out.writeInt(c.totalCount());
                    writeInts(out, c.replicas());
                }
                case MetadataCommand.AllocateProducerIds c -> {
                    out.writeByte(ALLOCATE_PRODUCER_IDS);
                    out.writeInt(c.nodeId());
                    out.writeInt(c.count());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes one command; throws IOException for bytes that are not a command. */
    static MetadataCommand decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        byte type = in.readByte();
        return switch (type) {
            case CREATE_TOPIC -> {
                String name = in.readUTF();
                UUID id = readUuid(in);
                int n = in.readInt();
                int[] replicas = readInts(in);
                int configCount = in.readInt();
                checkCount(configCount, bytes.length);
                Map<String, String> configs = new LinkedHashMap<>();
                for (int i = 0; i < configCount; i++) {
                    configs.put(in.readUTF(), in.readUTF());
                }
                yield new MetadataCommand.CreateTopic(name, id, n, replicas, configs, in.readBoolean());
            }
            case DELETE_TOPIC -> new MetadataCommand.DeleteTopic(readUuid(in));
            case CREATE_PARTITIONS -> new MetadataCommand.CreatePartitions(readUuid(in), in.readInt(), readInts(in));
            case ALLOCATE_PRODUCER_IDS -> new MetadataCommand.AllocateProducerIds(in.readInt(), in.readInt());
            default -> throw new IOException("unknown metadata command type: type=" + type);
        };
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        checkCount(n, in.available());
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readInt();
        }
        return v;
    }

    private static void checkCount(int count, int bytesLeft) throws IOException {
        if (count < 0 || count > bytesLeft) {
            throw new IOException("count exceeds record: count=" + count + ", remaining=" + bytesLeft);
        }
    }
}
