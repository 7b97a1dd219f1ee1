package io.spool.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte totals from an {@code strace -f -yy -e trace=sendfile,write,writev -o FILE} log: how many
 * bytes each kind of call moved to TCP sockets (fds decorated {@code <TCP...>} by {@code -yy}).
 * Joins {@code <unfinished ...>} / {@code <... resumed>} pairs per thread.
 */
final class StraceLog {
    private static final Pattern CALL =
            Pattern.compile("^(\\d+)\\s+(sendfile64|sendfile|writev|write|pwritev|pwrite64)\\((.*)\\)\\s+=\\s+(-?\\d+)(\\s.*)?$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern TCP_FD = Pattern.compile("\\d+<TCP");
    private static final String UNFINISHED = " <unfinished ...>";

    /** Totals: calls and bytes (sum of positive return values) per category. */
    record Totals(long sendfileCalls, long sendfileSocketBytes, long writeSocketCalls, long writeSocketBytes,
            long otherWriteBytes, List<String> socketWriteLines) {
        @Override
        public String toString() {
            return "sendfile: " + sendfileCalls + " calls, " + sendfileSocketBytes + " bytes to TCP sockets; "
                    + "write/writev: " + writeSocketCalls + " calls, " + writeSocketBytes + " bytes to TCP sockets; "
                    + otherWriteBytes + " bytes written elsewhere (files, pipes)";
        }
    }

    private StraceLog() {
    }

    static Totals parse(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    }

    static Totals parse(List<String> lines) {
        Map<String, String> pending = new HashMap<>();
        long sendfileCalls = 0;
        long sendfileBytes = 0;
        long writeCalls = 0;
        long writeBytes = 0;
        long otherBytes = 0;
        List<String> socketWrites = new ArrayList<>();
        for (String raw : lines) {
            String line = raw;
            int cut = line.indexOf(UNFINISHED);
            if (cut >= 0) {
                String pid = line.split("\\s+", 2)[0];
                pending.put(pid, line.substring(0, cut));
                continue;
            }
            Matcher resumed = RESUMED.matcher(line);
            if (resumed.matches()) {
                String start = pending.remove(resumed.group(1));
                if (start == null) {
                    continue;
                }
                line = start + resumed.group(3);
            }
            Matcher call = CALL.matcher(line);
            if (!call.matches()) {
                continue;
            }
            String name = call.group(2);
            long result = Long.parseLong(call.group(4));
            boolean socket = TCP_FD.matcher(call.group(3)).lookingAt();
            long moved = Math.max(0, result);
            if (name.startsWith("sendfile")) {
                sendfileCalls++;
                if (socket) {
                    sendfileBytes += moved;
                }
            } else if (socket) {
                writeCalls++;
                writeBytes += moved;
                if (socketWrites.size() < 10_000) {
                    socketWrites.add(line);
                }
            } else {
                otherBytes += moved;
            }
        }
        return new Totals(sendfileCalls, sendfileBytes, writeCalls, writeBytes, otherBytes, socketWrites);
    }

}
