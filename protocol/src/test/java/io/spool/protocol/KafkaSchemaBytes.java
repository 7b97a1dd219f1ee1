package io.spool.protocol;

import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test helper: random, well-formed bytes for one of kafka-clients' message schemas (one API version), with
 * non-trivial values (multi-byte UTF-8, negative numbers, nulls, known tagged fields). Kafka's own message class
 * then canonicalises them, and the result is the oracle our codecs must match byte for byte.
 */
public final class KafkaSchemaBytes {
    private static final String ALPHABET = "abcxyz-_.09AZé日€";
    private final Random random;
    private final boolean large;

    /** A generator that sometimes emits long strings, bytes and arrays (multi-byte varint lengths). */
    public KafkaSchemaBytes(long seed) {
        this(seed, true);
    }

    /** A generator; {@code large} allows long strings, bytes and arrays. */
    public KafkaSchemaBytes(long seed, boolean large) {
        this.random = new Random(seed);
        this.large = large;
    }

    /** Random bytes for {@code schema}. */
    public byte[] generate(Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(schema, out, 0);
        return out.toByteArray();
    }

    private void write(Type type, ByteArrayOutputStream out, int depth) {
        if (type instanceof Schema s) {
            for (BoundField f : s.fields()) {
                write(f.def.type, out, depth + 1);
            }
        } else if (type instanceof TaggedFields tf) {
            List<Map.Entry<Integer, Field>> chosen = new ArrayList<>();
            for (Map.Entry<Integer, Field> e : tf.fields().entrySet()) { // ascending tags
                if (random.nextInt(3) > 0) {
                    chosen.add(e);
                }
            }
            uvarint(out, chosen.size());
            for (Map.Entry<Integer, Field> e : chosen) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                write(e.getValue().type, body, depth + 1);
                uvarint(out, e.getKey());
                uvarint(out, body.size());
                out.writeBytes(body.toByteArray());
            }
        } else if (type instanceof ArrayOf || type instanceof CompactArrayOf) {
            boolean compact = type instanceof CompactArrayOf;
            int n = type.isNullable() && random.nextInt(6) == 0 ? -1 : random.nextInt(depth > 4 ? 2 : 4);
            if (large && depth <= 2 && random.nextInt(25) == 0) {
                n = 130; // a multi-byte compact count
            }
            if (compact) {
                uvarint(out, n + 1);
            } else {
                int32(out, n);
            }
            for (int i = 0; i < n; i++) {
                write(type.arrayElementType().orElseThrow(), out, depth + 1);
            }
        } else {
            primitive(type, out);
        }
    }

    private void primitive(Type t, ByteArrayOutputStream out) {
        if (t == Type.BOOLEAN) {
            out.write(random.nextBoolean() ? 1 : 0);
        } else if (t == Type.INT8) {
            out.write(random.nextInt(256));
        } else if (t == Type.INT16 || t == Type.UINT16) {
            int v = random.nextInt(65536);
            out.write(v >>> 8);
            out.write(v);
        } else if (t == Type.INT32 || t == Type.UNSIGNED_INT32) {
            int32(out, random.nextBoolean() ? random.nextInt() : random.nextInt(100) - 2);
        } else if (t == Type.INT64 || t == Type.FLOAT64) {
            long v = t == Type.FLOAT64 ? Double.doubleToLongBits(random.nextDouble()) : random.nextLong();
            int32(out, (int) (v >>> 32));
            int32(out, (int) v);
        } else if (t == Type.UUID) {
            for (int i = 0; i < 16; i++) {
                out.write(random.nextInt(256));
            }
        } else if (t == Type.VARINT) {
            int v = random.nextInt();
            uvarint(out, (v << 1) ^ (v >> 31));
        } else if (t == Type.VARLONG) {
            long v = random.nextLong();
            long raw = (v << 1) ^ (v >> 63);
            while ((raw & ~0x7fL) != 0) {
                out.write((int) ((raw & 0x7f) | 0x80));
                raw >>>= 7;
            }
            out.write((int) raw);
        } else if (t == Type.STRING || t == Type.NULLABLE_STRING || t == Type.COMPACT_STRING
                || t == Type.COMPACT_NULLABLE_STRING) {
            boolean compact = t == Type.COMPACT_STRING || t == Type.COMPACT_NULLABLE_STRING;
            if (t.isNullable() && random.nextInt(5) == 0) {
                length(out, -1, compact, false);
                return;
            }
            StringBuilder sb = new StringBuilder();
            int len = large && random.nextInt(10) == 0 ? 100 + random.nextInt(200) : random.nextInt(12); // long: 2-byte varints
            for (int i = 0; i < len; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            length(out, b.length, compact, false);
            out.writeBytes(b);
        } else if (t == Type.BYTES || t == Type.NULLABLE_BYTES || t == Type.COMPACT_BYTES
                || t == Type.COMPACT_NULLABLE_BYTES || t == Type.RECORDS || t == Type.NULLABLE_RECORDS
                || t == Type.COMPACT_RECORDS || t == Type.COMPACT_NULLABLE_RECORDS) {
            boolean compact = t == Type.COMPACT_BYTES || t == Type.COMPACT_NULLABLE_BYTES || t == Type.COMPACT_RECORDS
                    || t == Type.COMPACT_NULLABLE_RECORDS;
            if (t.isNullable() && random.nextInt(5) == 0) {
                length(out, -1, compact, true);
                return;
            }
            byte[] b = new byte[large && random.nextInt(8) == 0 ? 128 + random.nextInt(300) : random.nextInt(40)];
            random.nextBytes(b);
            length(out, b.length, compact, true);
            out.writeBytes(b);
        } else {
            throw new IllegalArgumentException("type not handled by the generator: " + t);
        }
    }

    private static void length(ByteArrayOutputStream out, int len, boolean compact, boolean wide) {
        if (compact) {
            uvarint(out, len + 1);
        } else if (wide) {
            int32(out, len);
        } else {
            out.write(len >>> 8);
            out.write(len);
        }
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void uvarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
