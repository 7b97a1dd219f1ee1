package io.spool.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One listener, {@code NAME://host:port}. An empty host means every interface (as in Kafka).
 *
 * @param name listener name, upper case (PLAINTEXT)
 * @param host host name or address; empty for the wildcard address
 * @param port TCP port, 0 for an ephemeral one
 */
public record Listener(String name, String host, int port) {

    /** Parses one listener; throws IllegalArgumentException with the reason. */
    public static Listener parse(String s) {
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("expected NAME://host:port: " + s);
        }
        String name = s.substring(0, sep).toUpperCase(Locale.ROOT);
        String hostPort = s.substring(sep + 3);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("missing port: " + s);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port: " + s);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + s);
        }
        return new Listener(name, host, port);
    }

    /** Parses a list of listeners, rejecting duplicate names. */
    public static List<Listener> parseAll(List<?> values) {
        List<Listener> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object v : values) {
            Listener l = parse(String.valueOf(v));
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("duplicate listener name " + l.name());
            }
            out.add(l);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
