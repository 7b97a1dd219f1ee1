package io.spool.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ordered set of key definitions (Kafka's ConfigDef style); immutable once built, safe to share. */
public final class ConfigDef {
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

    /** Adds a key; throws if the name is already defined or the default does not validate. */
    public ConfigDef define(String name, ConfigType type, Object defaultValue, Validator validator,
                            Importance importance, String doc) {
        if (keys.containsKey(name)) {
            throw new IllegalStateException("configuration key defined twice: " + name);
        }
        Object def = defaultValue instanceof String s && type != ConfigType.STRING ? type.parse(name, s) : defaultValue;
        if (def != null) {
            validator.ensureValid(name, def);
        }
        keys.put(name, new ConfigKey(name, type, def, validator, importance, doc));
        return this;
    }

    /** Same as {@link #define(String, ConfigType, Object, Validator, Importance, String)} without a validator. */
    public ConfigDef define(String name, ConfigType type, Object defaultValue, Importance importance, String doc) {
        return define(name, type, defaultValue, Validator.ANY, importance, doc);
    }

    /** The key, or null. */
    public ConfigKey key(String name) {
        return keys.get(name);
    }

    public Collection<ConfigKey> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    /**
     * Parses and validates {@code raw} against the definitions; keys not defined here are skipped and
     * reported in {@code unknown}. Absent keys take their defaults (null when they have none).
     */
    public Map<String, Object> parse(Map<String, String> raw, List<String> unknown) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey k : keys.values()) {
            values.put(k.name(), k.defaultValue());
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            ConfigKey k = keys.get(e.getKey());
            if (k == null) {
                unknown.add(e.getKey());
                continue;
            }
            values.put(k.name(), k.parse(e.getValue()));
        }
        return values;
    }
}
