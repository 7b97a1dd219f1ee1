package io.spool.protocol;

import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.Schema;

import java.nio.ByteBuffer;

/** Test helper: kafka-clients' generated message classes ({@code *Data}) as the oracle for our codecs. */
public final class KafkaOracle {
    private KafkaOracle() {
    }

    /** Kafka's message class for a request or response of {@code key}. */
    public static Class<?> dataClass(ApiKeys key, boolean request) {
        try {
            return Class.forName("org.apache.kafka.common.message." + key.apiName + (request ? "Request" : "Response") + "Data");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Kafka's schema of that message at {@code version}. */
    public static Schema schema(Class<?> dataClass, short version) {
        try {
            return ((Schema[]) dataClass.getField("SCHEMAS").get(null))[version];
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Decodes {@code bytes} with Kafka's class at {@code version}. */
    public static Message decode(Class<?> dataClass, byte[] bytes, short version) {
        try {
            return (Message) dataClass.getConstructor(Readable.class, short.class)
                    .newInstance(new ByteBufferAccessor(ByteBuffer.wrap(bytes)), version);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Encodes {@code message} with Kafka's serializer at {@code version}. */
    public static byte[] encode(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buffer), cache, version);
        if (buffer.hasRemaining()) {
            throw new AssertionError("size mismatch in kafka's own encoding");
        }
        return buffer.array();
    }
}
