package io.spool.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads the broker configuration from an optional properties file plus {@code key=value} overrides (later wins). */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads {@code file} (null for none), applies {@code overrides} ({@code key=value} strings) and validates.
     * Throws {@link ConfigException} with a one-line message for an unreadable file, a malformed override or a bad value.
     */
    public static BrokerConfig load(Path file, List<String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (file != null) {
            raw.putAll(readProperties(file));
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--override expects key=value, got: " + o);
            }
            raw.put(o.substring(0, eq).trim(), o.substring(eq + 1));
        }
        return BrokerConfig.of(raw);
    }

    /**
     * Parses {@code bin/spool server} arguments: {@code [config-file] [--override key=value ...]}
     * (also {@code --override=key=value}).
     */
    public static BrokerConfig fromArgs(String[] args) {
        Path file = null;
        List<String> overrides = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--override")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--override expects key=value after it");
                }
                overrides.add(args[++i]);
            } else if (a.startsWith("--override=")) {
                overrides.add(a.substring("--override=".length()));
            } else if (a.startsWith("-")) {
                throw new ConfigException("unknown option " + a + " (usage: spool server [config-file] [--override key=value ...])");
            } else if (file == null) {
                file = Path.of(a);
            } else {
                throw new ConfigException("only one config file may be given, got " + file + " and " + a);
            }
        }
        return load(file, overrides);
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file.toAbsolutePath());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
