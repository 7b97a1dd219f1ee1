package io.spool.client;

import io.spool.config.ConfigDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns user properties (strings or typed values) into parsed values of a {@link ConfigDef}. */
final class ClientConfigs {
    private ClientConfigs() {
    }

    /** Parses {@code props}; unknown keys are ignored (kafka-clients warns and ignores them too). */
    static Map<String, Object> parse(ConfigDef def, Map<?, ?> props) {
        Map<String, String> raw = new HashMap<>();
        for (Map.Entry<?, ?> e : props.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            raw.put(String.valueOf(e.getKey()), v instanceof Iterable<?> it ? join(it) : String.valueOf(v));
        }
        return def.parse(raw, new ArrayList<>());
    }

    private static String join(Iterable<?> items) {
        List<String> parts = new ArrayList<>();
        items.forEach(i -> parts.add(String.valueOf(i)));
        return String.join(",", parts);
    }
}
