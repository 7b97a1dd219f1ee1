package io.spool.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The value types a configuration key can have, with the parsing from their string form. */
public enum ConfigType {
    BOOLEAN, INT, LONG, DOUBLE, STRING, LIST;

    /** Parses {@code raw} (trimmed) into this type; throws {@link ConfigException} naming {@code key} when it does not parse. */
    public Object parse(String key, String raw) {
        String s = raw.trim();
        try {
            return switch (this) {
                case BOOLEAN -> {
                    String l = s.toLowerCase(Locale.ROOT);
                    if (!l.equals("true") && !l.equals("false")) {
                        throw new ConfigException(key, raw, "expected true or false");
                    }
                    yield Boolean.valueOf(l);
                }
                case INT -> Integer.valueOf(s);
                case LONG -> Long.valueOf(s);
                case DOUBLE -> Double.valueOf(s);
                case STRING -> s;
                case LIST -> splitList(s);
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "expected " + describe());
        }
    }

    /** Renders a parsed value back into its property-file form. */
    public String format(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** A short description of the accepted form, used in error messages and docs. */
    public String describe() {
        return switch (this) {
            case BOOLEAN -> "a boolean";
            case INT -> "a 32-bit integer";
            case LONG -> "a 64-bit integer";
            case DOUBLE -> "a number";
            case STRING -> "a string";
            case LIST -> "a comma-separated list";
        };
    }

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
