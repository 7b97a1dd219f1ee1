package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The strace parser on lines as strace 6.1 prints them with {@code -f -yy}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StraceLogTest {
    @Test
    void sumsSendfileAndSocketWritesAndJoinsResumedCalls() {
        StraceLog.Totals t = StraceLog.parse(List.of(
                "4242  sendfile(72<TCPv6:[[::ffff:127.0.0.1]:9092->[::ffff:127.0.0.1]:50000]>, 73</d/t-0/00000000000000000000.log>, [0] => [4160512], 8388608) = 4160512",
                "4242  sendfile(72<TCPv6:[[::ffff:127.0.0.1]:9092->[::ffff:127.0.0.1]:50000]>, 73</d/t-0/00000000000000000000.log>, [4160512], 4228096 <unfinished ...>",
                "4243  write(1</w/broker.log>, \"INFO started) = 3\\n\", 18) = 18",
                "4242  <... sendfile resumed> => [8388608]) = 4228096",
                "4242  sendfile(72<TCPv6:[[::ffff:127.0.0.1]:9092->[::ffff:127.0.0.1]:50000]>, 73</x.log>, [8388608], 100) = -1 EAGAIN (Resource temporarily unavailable)",
                "4242  writev(72<TCPv6:[[::ffff:127.0.0.1]:9092->[::ffff:127.0.0.1]:50000]>, [{iov_base=\"\\0\\0\\0\\30\", iov_len=4}, {iov_base=\"\\0\\0\\0\\1\", iov_len=96}], 2) = 100",
                "4242  write(80<TCP:[127.0.0.1:9092->127.0.0.1:50001]>, \"\\0\\0\\0\\10\"..., 12) = 12",
                "4244  write(9<anon_inode:[eventfd]>, \"\\1\\0\\0\\0\\0\\0\\0\\0\", 8) = 8",
                "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---"));
        assertEquals(3, t.sendfileCalls());
        assertEquals(4160512L + 4228096L, t.sendfileSocketBytes());
        assertEquals(2, t.writeSocketCalls());
        assertEquals(112, t.writeSocketBytes());
        assertEquals(26, t.otherWriteBytes());
    }
}
