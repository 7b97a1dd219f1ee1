package io.spool.client.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.spool.client.net.MsgHdrDescriptor.*;

/** Parses the control messages of one {@code recvmsg(MSG_ERRQUEUE)} into zero-copy completions. */
public final class ErrorQueueParser {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private ErrorQueueParser() {
    }

    /** Receives parsed entries; a non-zero-copy error (e.g. ICMP) is reported through {@link #otherError}. */
    public interface Sink {
        void completion(ZeroCopyCompletion completion);

        void otherError(int level, int type, int errno, int origin);
    }

    /**
     * Walks {@code controlLength} bytes of cmsgs in {@code control} and reports each extended error.
     * Accepts both {@code SOL_IP/IP_RECVERR} (AF_INET sockets) and {@code SOL_IPV6/IPV6_RECVERR}
     * (AF_INET6 sockets, including dual-stack ones talking to IPv4-mapped peers).
     *
     * @return the number of zero-copy completions found
     */
    public static int parse(MemorySegment control, long controlLength, Sink sink) {
        int found = 0;
        long offset = 0;
        while (offset + CMSG_HEADER_LENGTH <= controlLength) {
            long cmsgLen = control.get(LONG, offset + CMSG_LEN_OFFSET);
            if (cmsgLen < CMSG_HEADER_LENGTH || offset + cmsgLen > controlLength) {
                throw new IllegalStateException(
                        "malformed cmsg: cmsgLen=" + cmsgLen + ", offset=" + offset + ", controlLength=" + controlLength);
            }
            int level = control.get(INT, offset + CMSG_LEVEL_OFFSET);
            int type = control.get(INT, offset + CMSG_TYPE_OFFSET);
            boolean recvErr = (level == Native.SOL_IP && type == Native.IP_RECVERR)
                    || (level == Native.SOL_IPV6 && type == Native.IPV6_RECVERR);
            if (recvErr && cmsgLen >= CMSG_HEADER_LENGTH + EE_LENGTH) {
                long ee = offset + CMSG_HEADER_LENGTH;
                int errno = control.get(INT, ee + EE_ERRNO_OFFSET);
                int origin = control.get(ValueLayout.JAVA_BYTE, ee + EE_ORIGIN_OFFSET) & 0xFF;
                int code = control.get(ValueLayout.JAVA_BYTE, ee + EE_CODE_OFFSET) & 0xFF;
                if (origin == SO_EE_ORIGIN_ZEROCOPY && errno == 0) {
                    int lo = control.get(INT, ee + EE_INFO_OFFSET);
                    int hi = control.get(INT, ee + EE_DATA_OFFSET);
                    sink.completion(new ZeroCopyCompletion(lo, hi, (code & SO_EE_CODE_ZEROCOPY_COPIED) != 0, level));
                    found++;
                } else {
                    sink.otherError(level, type, errno, origin);
                }
            } else if (recvErr) {
                sink.otherError(level, type, 0, -1);
            }
            offset += cmsgAlign(cmsgLen);
        }
        return found;
    }
}
