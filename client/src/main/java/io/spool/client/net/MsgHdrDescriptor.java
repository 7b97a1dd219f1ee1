package io.spool.client.net;

/**
 * Layouts of the structures {@code recvmsg(MSG_ERRQUEUE)} fills in, as measured on x86_64 Linux
 * (LP64; aarch64 is identical).
 *
 * <pre>
 * struct msghdr (56 bytes)                 struct cmsghdr (16-byte header, data 8-aligned)
 *  0 msg_name       void*                   0 cmsg_len    size_t (header + data)
 *  8 msg_namelen    u32 (+4 pad)            8 cmsg_level  int    SOL_IP(0) | SOL_IPV6(41)
 * 16 msg_iov        iovec*  (may be NULL)  12 cmsg_type   int    IP_RECVERR(11) | IPV6_RECVERR(25)
 * 24 msg_iovlen     size_t                 16 data ...
 * 32 msg_control    void*
 * 40 msg_controllen size_t
 * 48 msg_flags      int (+4 pad)
 *
 * struct sock_extended_err (16 bytes, then the offender sockaddr)
 *  0 ee_errno  u32        8 ee_info  u32   first send-call counter of the range (lo)
 *  4 ee_origin u8 (5 = SO_EE_ORIGIN_ZEROCOPY)  12 ee_data  u32   last counter (hi, inclusive)
 *  5 ee_type   u8
 *  6 ee_code   u8 (1 = SO_EE_CODE_ZEROCOPY_COPIED)
 *  7 ee_pad    u8
 * </pre>
 */
public final class MsgHdrDescriptor {
    public static final int MSGHDR_LENGTH = 56;
    public static final int MSG_NAME_OFFSET = 0;
    public static final int MSG_NAMELEN_OFFSET = 8;
    public static final int MSG_IOV_OFFSET = 16;
    public static final int MSG_IOVLEN_OFFSET = 24;
    public static final int MSG_CONTROL_OFFSET = 32;
    public static final int MSG_CONTROLLEN_OFFSET = 40;
    public static final int MSG_FLAGS_OFFSET = 48;

    public static final int CMSG_HEADER_LENGTH = 16;
    public static final int CMSG_LEN_OFFSET = 0;
    public static final int CMSG_LEVEL_OFFSET = 8;
    public static final int CMSG_TYPE_OFFSET = 12;
    public static final int CMSG_ALIGN = 8;

    public static final int EE_LENGTH = 16;
    public static final int EE_ERRNO_OFFSET = 0;
    public static final int EE_ORIGIN_OFFSET = 4;
    public static final int EE_TYPE_OFFSET = 5;
    public static final int EE_CODE_OFFSET = 6;
    public static final int EE_INFO_OFFSET = 8;
    public static final int EE_DATA_OFFSET = 12;

    public static final int SO_EE_ORIGIN_ZEROCOPY = 5;
    public static final int SO_EE_CODE_ZEROCOPY_COPIED = 1;

    /** struct pollfd: int fd @0, short events @4, short revents @6. */
    public static final int POLLFD_LENGTH = 8;
    public static final int POLLFD_FD_OFFSET = 0;
    public static final int POLLFD_EVENTS_OFFSET = 4;
    public static final int POLLFD_REVENTS_OFFSET = 6;

    private MsgHdrDescriptor() {
    }

    /** CMSG_ALIGN: rounds a control-message length up to the next multiple of 8. */
    public static long cmsgAlign(long length) {
        return (length + CMSG_ALIGN - 1) & -CMSG_ALIGN;
    }
}
