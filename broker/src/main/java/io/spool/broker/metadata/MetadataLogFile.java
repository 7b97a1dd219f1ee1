package io.spool.broker.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local metadata log: one file of records
 * <pre>
 *   0        4        8     9
 *   +--------+--------+-----+----------------+
 *   | length | crc32c | type| fields ...     |   length = 4 + bytes of (type, fields); crc over (type, fields)
 *   +--------+--------+-----+----------------+
 * </pre>
 * appended and fsynced one command at a time. A record's offset is its index in the file. On open, a
 * torn or corrupt tail (a crash during an append that was therefore never acknowledged) is truncated away.
 * Not thread-safe: the metadata thread owns it.
 */
final class MetadataLogFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataLogFile.class);
    private static final int HEADER = 8;
    private static final int MAX_RECORD = 16 << 20;

    private final FileChannel channel;
    private long nextOffset;

    private MetadataLogFile(FileChannel channel, long nextOffset) {
        this.channel = channel;
        this.nextOffset = nextOffset;
    }

    /** Opens (creating) {@code file}, passes every valid command to {@code replay} in order and truncates a bad tail. */
    static MetadataLogFile open(Path file, List<MetadataCommand> replay) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = ch.size();
        long position = 0;
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        List<MetadataCommand> commands = new ArrayList<>();
        while (position + HEADER <= size) {
            header.clear();
            readFully(ch, header, position);
            int length = header.getInt(0);
            int crc = header.getInt(4);
            if (length < 5 || length > MAX_RECORD || position + 4 + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length - 4);
            readFully(ch, body, position + HEADER);
            CRC32C c = new CRC32C();
            c.update(body.array());
            if ((int) c.getValue() != crc) {
                break;
            }
            try {
                commands.add(MetadataCommandCodec.decode(body.array()));
            } catch (IOException e) {
                break;
            }
            position += 4 + length;
            offset++;
        }
        if (position < size) {
            LOG.warn("metadata log {}: truncating {} bytes of torn or corrupt tail at position={}", file, size - position, position);
            ch.truncate(position);
            ch.force(true);
        }
        ch.position(position);
        replay.addAll(commands);
        return new MetadataLogFile(ch, offset);
    }

    /** Appends and fsyncs {@code command}; returns its offset. On IOException nothing is acknowledged. */
    long append(MetadataCommand command) throws IOException {
        byte[] body = MetadataCommandCodec.encode(command);
        CRC32C c = new CRC32C();
        c.update(body);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + body.length);
        buf.putInt(4 + body.length).putInt((int) c.getValue()).put(body).flip();
        long start = channel.position();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            channel.truncate(start);
            channel.position(start);
            throw e;
        }
        return nextOffset++;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of metadata log at position=" + position);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
