package io.spool.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place each client setting is defined: Kafka's key, type, default, allowed range and
 * doc string. Parsing accepts strings (from properties files) as well as typed values.
 */
public final class ConfigDef {
    /** Value types. */
    public enum Type { STRING, INT, LONG, BOOLEAN, LIST }

    /** One setting. {@code choices} restricts a STRING; {@code min} bounds numbers. */
    public record Key(String name, Type type, Object defaultValue, long min, Set<String> choices, String doc) {
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    /** Adds a setting; returns this. */
    public ConfigDef define(String name, Type type, Object defaultValue, long min, String doc) {
        keys.put(name, new Key(name, type, defaultValue, min, Set.of(), doc));
        return this;
    }

    /** Adds a string setting limited to {@code choices}; returns this. */
    public ConfigDef defineChoice(String name, String defaultValue, Set<String> choices, String doc) {
        keys.put(name, new Key(name, Type.STRING, defaultValue, Long.MIN_VALUE, choices, doc));
        return this;
    }

    /** The settings in definition order. */
    public Map<String, Key> keys() {
        return Collections.unmodifiableMap(keys);
    }

    /**
     * Parses {@code props} against the definitions; unknown keys are ignored (as Kafka warns and
     * ignores them), bad values throw {@link ConfigException}.
     */
    public Map<String, Object> parse(Map<?, ?> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Key k : keys.values()) {
            Object raw = props.containsKey(k.name()) ? props.get(k.name()) : k.defaultValue();
            out.put(k.name(), raw == null ? null : convert(k, raw));
        }
        return out;
    }

    private static Object convert(Key k, Object raw) {
        try {
            Object v = switch (k.type()) {
                case STRING -> raw.toString().trim();
                case INT -> raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString().trim());
                case LONG -> raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
                case BOOLEAN -> {
                    if (raw instanceof Boolean b) {
                        yield b;
                    }
                    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
                    if (!s.equals("true") && !s.equals("false")) {
                        throw new ConfigException(k.name(), raw, "expected true or false");
                    }
                    yield Boolean.parseBoolean(s);
                }
                case LIST -> {
                    List<String> list = new ArrayList<>();
                    Iterable<?> items = raw instanceof Iterable<?> it ? it : List.of(raw.toString().split(","));
                    for (Object o : items) {
                        String s = o.toString().trim();
                        if (!s.isEmpty()) {
                            list.add(s);
                        }
                    }
                    yield List.copyOf(list);
                }
            };
            if (v instanceof Number n && n.longValue() < k.min()) {
                throw new ConfigException(k.name(), raw, "must be at least " + k.min());
            }
            if (v instanceof String s && !k.choices().isEmpty() && !k.choices().contains(s.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(k.name(), raw, "must be one of " + k.choices());
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(k.name(), raw, "expected a " + k.type().name().toLowerCase(Locale.ROOT));
        }
    }
}
