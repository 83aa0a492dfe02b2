package io.mooring.blockstorage;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.logging.LogCategory;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks in flat files, as Core's {@code blk?????.dat} ({@code node/blockstorage.cpp}, {@code flatfile.cpp}): each block
 * is appended as the 4 network-magic bytes, its size as a little-endian uint32 and the serialised block, to
 * {@code blk00000.dat}, {@code blk00001.dat}, ... in the blocks directory. A file is left for the next one when the next
 * block would make it reach the maximum size (Core's {@code FindNextBlockPos}); the file being left is fsynced first
 * (Core's {@code FlushBlockFile(fFinalize=true)}).
 *
 * <h2>Crash safety</h2>
 * The {@link BlockFileInfo} kept per file, persisted by the block index in the same batch as the entries that point into
 * the file, is the authority on how much of the file is in use. The owner ({@link ChainStore}) calls {@link #flush()}
 * before it writes that batch, so no entry reaches the disk before the bytes it points at. After a crash a file can only
 * be longer than its recorded size (appends that were never indexed); {@link #open} cuts such tails off so the next
 * append lands where the index expects it. Preallocation (Core's 16 MiB chunks) is not done.
 *
 * <p>Not thread-safe beyond its own monitor: every public method is synchronized.
 */
public final class FlatBlockFiles implements Closeable {
    /** Core's {@code MAX_BLOCKFILE_SIZE}: 128 MiB. */
    public static final long MAX_BLOCKFILE_SIZE = 128L << 20;
    /** Core's {@code STORAGE_HEADER_BYTES}: the magic and the size before each block. */
    public static final int STORAGE_HEADER_BYTES = 8;
    /** Core's {@code MAX_SIZE} ({@code serialize.h}): the largest size a read accepts (32 MiB). */
    public static final int MAX_SIZE = 0x02000000;

    private static final Pattern FILE_NAME = Pattern.compile("blk(\\d{5,})\\.dat");
    private static final Logger LOG = LoggerFactory.getLogger(FlatBlockFiles.class);
    private static final Logger STORAGE_LOG = LogCategory.BLOCKSTORAGE.logger();

    private final Path dir;
    private final int magic;
    private final long maxFileSize;
    private final Map<Integer, BlockFileInfo> infos;
    private final Map<Integer, BlockFileInfo> dirty = new TreeMap<>();
    private int lastFile;
    private FileChannel current;
    private boolean currentNeedsSync;
    private boolean dirNeedsSync;
    private boolean closed;

    private FlatBlockFiles(Path dir, int magic, long maxFileSize, Map<Integer, BlockFileInfo> infos, int lastFile) {
        this.dir = dir;
        this.magic = magic;
        this.maxFileSize = maxFileSize;
        this.infos = infos;
        this.lastFile = lastFile;
    }

    /**
     * Opens the block files in {@code dir} (created if missing) for appending after {@code lastFile}, with the infos the
     * index recorded. Every {@code blk?????.dat} longer than its recorded size (0 when none is recorded) is truncated back
     * to it and fsynced: those bytes are appends that a crash separated from their index entries.
     *
     * @param magic       the chain's message start, big-endian as {@code ChainParams.magic()}
     * @param maxFileSize the size a file may not reach ({@link #MAX_BLOCKFILE_SIZE}; smaller in tests)
     */
    public static FlatBlockFiles open(Path dir, int magic, long maxFileSize, Map<Integer, BlockFileInfo> recorded,
                                      int lastFile) throws BlockStoreException {
        Objects.requireNonNull(dir, "dir");
        if (maxFileSize <= STORAGE_HEADER_BYTES + 80 || maxFileSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxFileSize must be in (88, 2^31), got " + maxFileSize);
        }
        if (lastFile < 0) throw new IllegalArgumentException("lastFile must be >= 0, got " + lastFile);
        Map<Integer, BlockFileInfo> infos = new HashMap<>(recorded);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Matcher m = FILE_NAME.matcher(p.getFileName().toString());
                    if (!m.matches()) continue;
                    int n;
                    try {
                        n = Integer.parseInt(m.group(1));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    long recordedSize = infos.getOrDefault(n, BlockFileInfo.EMPTY).size();
                    long actual = Files.size(p);
                    if (actual > recordedSize) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.truncate(recordedSize);
                            ch.force(true);
                        }
                        LOG.warn("Block file {} is {} bytes but the index records {}: truncated the {} bytes of an "
                                + "append that was not indexed before shutdown", p.getFileName(), actual, recordedSize,
                                actual - recordedSize);
                    } else if (actual < recordedSize) {
                        LOG.warn("Block file {} is {} bytes but the index records {}: blocks past its end cannot be "
                                + "read", p.getFileName(), actual, recordedSize);
                    }
                }
            }
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Cannot open the block files in " + dir + ": " + e, e);
        }
        STORAGE_LOG.debug("last block file = {}, info: {}", lastFile, infos.getOrDefault(lastFile, BlockFileInfo.EMPTY));
        return new FlatBlockFiles(dir, magic, maxFileSize, infos, lastFile);
    }

    /** The directory holding the {@code blk?????.dat} files. */
    public Path dir() {
        return dir;
    }

    /** The path of block file {@code file}: Core's {@code blk%05u.dat}. */
    public Path path(int file) {
        return dir.resolve(String.format("blk%05d.dat", file));
    }

    /** The file new blocks go to (Core's {@code m_last_blockfile}). */
    public synchronized int lastFile() {
        return lastFile;
    }

    /** The current info of {@code file} ({@link BlockFileInfo#EMPTY} for a file never written). */
    public synchronized BlockFileInfo info(int file) {
        return infos.getOrDefault(file, BlockFileInfo.EMPTY);
    }

    /**
     * Appends a serialised block at {@code height} (Core's {@code WriteBlock}): the prefix and the block go to the end of
     * the last file, or of a new file when this block would make the last one reach the maximum size. The bytes are
     * written but not fsynced: {@link #flush()} does that, before the index entry pointing at them is written.
     *
     * @return where the block's bytes start (after the prefix), as Core's {@code nDataPos}
     * @throws IllegalArgumentException when the block is shorter than a header, or it could not fit in an empty file
     */
    public synchronized BlockFilePos append(byte[] serializedBlock, int height) throws BlockStoreException {
        ensureOpen();
        if (serializedBlock.length < 80) {
            throw new IllegalArgumentException("a serialised block starts with an 80-byte header; got "
                    + serializedBlock.length + " bytes");
        }
        if (height < 0) throw new IllegalArgumentException("height must be >= 0, got " + height);
        long addSize = (long) serializedBlock.length + STORAGE_HEADER_BYTES;
        if (addSize >= maxFileSize) {
            // Core asserts nAddSize < max_blockfile_size in FindNextBlockPos.
            throw new IllegalArgumentException("a block of " + serializedBlock.length + " bytes does not fit in a "
                    + maxFileSize + "-byte block file");
        }
        BlockFileInfo info = info(lastFile);
        while (info.size() + addSize >= maxFileSize) {
            int next = lastFile + 1;
            STORAGE_LOG.debug("Leaving block file {}: {} (onto {}) (height {})", lastFile, info, next, height);
            // Core's FlushBlockFile(last_blockfile, fFinalize=true) before moving on.
            flushCurrent();
            closeCurrent();
            lastFile = next;
            info = info(lastFile);
        }
        long pos = info.size();
        ByteBuffer buf = ByteBuffer.allocate((int) addSize).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(Integer.reverseBytes(magic)).putInt(serializedBlock.length).put(serializedBlock).flip();
        try {
            FileChannel ch = currentChannel();
            long at = pos;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Failed to write block to " + path(lastFile) + ": " + e, e);
        }
        currentNeedsSync = true;
        long time = Integer.toUnsignedLong(ByteBuffer.wrap(serializedBlock, 68, 4).order(ByteOrder.LITTLE_ENDIAN)
                .getInt());
        BlockFileInfo updated = info.withBlock(height, time, addSize);
        infos.put(lastFile, updated);
        dirty.put(lastFile, updated);
        return new BlockFilePos(lastFile, (int) (pos + STORAGE_HEADER_BYTES));
    }

    /**
     * Reads the block at {@code pos} (Core's {@code ReadRawBlock}): the 8 bytes before it must be this chain's magic and
     * a size within {@link #MAX_SIZE} that ends inside the file.
     *
     * @throws BlockStoreException {@link Reason#BLOCK_FILE_MISSING}, {@link Reason#BLOCK_MAGIC_MISMATCH},
     *                             {@link Reason#BLOCK_BAD_SIZE} or {@link Reason#BLOCK_TRUNCATED} naming the position
     */
    public byte[] read(BlockFilePos pos) throws BlockStoreException {
        synchronized (this) {
            ensureOpen();
        }
        Path p = path(pos.file());
        if (pos.dataPos() < STORAGE_HEADER_BYTES) {
            throw new BlockStoreException(Reason.BLOCK_BAD_SIZE, "Failed for " + pos
                    + " while reading raw block storage header: position is before the first block");
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long length = ch.size();
            long start = pos.dataPos() - STORAGE_HEADER_BYTES;
            if (pos.dataPos() > length) {
                throw new BlockStoreException(Reason.BLOCK_TRUNCATED, "Block file " + p.getFileName() + " is "
                        + length + " bytes, too short for the block at " + pos);
            }
            ByteBuffer prefix = ByteBuffer.allocate(STORAGE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, start);
            int storedMagic = Integer.reverseBytes(prefix.getInt(0));
            if (storedMagic != magic) {
                throw new BlockStoreException(Reason.BLOCK_MAGIC_MISMATCH, "Block magic mismatch for " + pos + ": "
                        + HexFormat.of().toHexDigits(storedMagic) + " versus expected "
                        + HexFormat.of().toHexDigits(magic) + " while reading raw block");
            }
            long size = Integer.toUnsignedLong(prefix.getInt(4));
            if (size > MAX_SIZE) {
                throw new BlockStoreException(Reason.BLOCK_BAD_SIZE, "Block data is larger than maximum "
                        + "deserialization size for " + pos + ": " + size + " versus " + MAX_SIZE
                        + " while reading raw block");
            }
            if (pos.dataPos() + size > length) {
                throw new BlockStoreException(Reason.BLOCK_TRUNCATED, "Block file " + p.getFileName() + " is "
                        + length + " bytes but the block at " + pos + " ends at " + (pos.dataPos() + size)
                        + ": the file was truncated");
            }
            ByteBuffer data = ByteBuffer.allocate((int) size);
            readFully(ch, data, pos.dataPos());
            return data.array();
        } catch (NoSuchFileException e) {
            throw new BlockStoreException(Reason.BLOCK_FILE_MISSING, "Block file " + p + " is missing (needed for "
                    + pos + ")", e);
        } catch (BlockStoreException e) {
            throw e;
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Read from block file failed: " + e + " for " + pos, e);
        }
    }

    /** Fsyncs the file being appended to (Core's {@code FlushBlockFile}, fdatasync as its {@code FileCommit}). */
    public synchronized void flush() throws BlockStoreException {
        ensureOpen();
        flushCurrent();
    }

    /**
     * Fsyncs the file being appended to and returns the infos changed since {@link #markWritten} with the last file, in
     * one step under this object's lock: no append can slip in between, so every size handed to the index covers only
     * fsynced bytes.
     */
    public synchronized Flushed flushForIndex() throws BlockStoreException {
        ensureOpen();
        flushCurrent();
        return new Flushed(new TreeMap<>(dirty), lastFile);
    }

    /** What {@link #flushForIndex()} found: the dirty infos and the last file, taken together. */
    public record Flushed(Map<Integer, BlockFileInfo> dirtyInfos, int lastFile) {
    }

    /**
     * The infos changed since {@link #markWritten}: what the next index batch must carry. Call after {@link #flush()}.
     */
    public synchronized Map<Integer, BlockFileInfo> dirtyInfos() {
        return new TreeMap<>(dirty);
    }

    /** Forgets the dirty infos that {@code written} holds unchanged: they reached the index. */
    public synchronized void markWritten(Map<Integer, BlockFileInfo> written) {
        written.forEach((file, info) -> dirty.remove(file, info));
    }

    @Override
    public synchronized void close() throws BlockStoreException {
        if (closed) return;
        try {
            flushCurrent();
        } finally {
            closed = true;
            closeCurrent();
        }
    }

    private FileChannel currentChannel() throws IOException {
        if (current == null) {
            Path p = path(lastFile);
            if (!Files.exists(p)) dirNeedsSync = true;
            current = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return current;
    }

    private void flushCurrent() throws BlockStoreException {
        try {
            if (current != null && currentNeedsSync) {
                current.force(false);
                currentNeedsSync = false;
            }
            if (dirNeedsSync) {
                // A new blk file's directory entry must survive a crash too.
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                } catch (IOException ignored) {
                    // Directory fsync is best effort: not every platform or file system supports it.
                }
                dirNeedsSync = false;
            }
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Flushing block file " + path(lastFile)
                    + " to disk failed: " + e, e);
        }
    }

    private void closeCurrent() {
        if (current == null) return;
        try {
            current.close();
        } catch (IOException ignored) {
            // Everything written was fsynced by flushCurrent; a failing close loses nothing.
        }
        current = null;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("block files in " + dir + " are closed");
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) throw new IOException("unexpected end of file at " + at);
            at += n;
        }
    }
}
