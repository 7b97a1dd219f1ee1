package io.spool.config;

/**
 * The definition of one configuration key.
 *
 * @param name         Kafka's name for the key
 * @param type         value type
 * @param defaultValue parsed default; null when the key has no default (it is then derived or optional)
 * @param validator    checks a parsed value
 * @param importance   how much an operator should care
 * @param doc          one or two sentences for the docs page
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, Validator validator,
                        Importance importance, String doc) {

    /** Parses and validates {@code raw}; throws {@link ConfigException} naming this key. */
    public Object parse(String raw) {
        Object v = type.parse(name, raw);
        validator.ensureValid(name, v);
        return v;
    }
}
