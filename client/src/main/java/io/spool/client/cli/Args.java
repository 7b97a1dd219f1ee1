package io.spool.client.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal {@code --name value} parser; repeated options collect into lists; errors name the option. */
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> flags = new ArrayList<>();

    Args(String[] args, List<String> booleanFlags) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            if (booleanFlags.contains(name)) {
                flags.add(name);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String get(String name, String def) {
        List<String> v = values.get(name);
        return v == null ? def : v.get(v.size() - 1);
    }

    String required(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new IllegalArgumentException("missing required option --" + name);
        }
        return v;
    }

    long getLong(String name, long def) {
        String v = get(name, null);
        try {
            return v == null ? def : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " needs a number: " + v);
        }
    }

    /** {@code k=v} pairs from a repeated option, e.g. --producer-property linger.ms=5. */
    Map<String, String> properties(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : values.getOrDefault(name, List.of())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option --" + name + " needs key=value: " + kv);
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }
}
