package io.mooring.blockstorage;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockIndexStore;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The block index on RocksDB, as Core's {@code CBlockTreeDB} ({@code txdb.cpp}, {@code node/blockstorage.cpp}) is on
 * LevelDB. One key per block-index entry, plus the active tip, the block-file infos and the last block file, all
 * written by {@link #writeBatchSync} in one {@link WriteBatch} with {@code sync=true} (the WAL is fsynced before the call
 * returns), so after a crash the store holds either the whole batch or none of it.
 *
 * <h2>Keys (Core's where Core has one)</h2>
 * <ul>
 *   <li>{@code 'b'} + 32-byte hash (internal byte order): an index entry ({@code DB_BLOCK_INDEX}).</li>
 *   <li>{@code 'B'}: the active tip hash ({@code DB_BEST_BLOCK}; Core keeps it in the chainstate database).</li>
 *   <li>{@code 'f'} + file number (int32 little-endian, as Core serialises it): a {@link BlockFileInfo}
 *       ({@code DB_BLOCK_FILES}).</li>
 *   <li>{@code 'l'}: the last block file number ({@code DB_LAST_BLOCK}).</li>
 *   <li>{@code 'V'}: Mooring's schema version and the chain's network magic, written when the store is created, so a
 *       datadir of another chain, or of another layout, is refused clearly instead of being misread.</li>
 * </ul>
 *
 * <h2>Values</h2>
 * Fixed little-endian layouts, each ending in a CRC32C computed over the key and the value bytes before it, so a flipped
 * byte, or a value stored under the wrong key, is reported as {@link Reason#CORRUPTED} naming the key. An index entry is
 * {@value #INDEX_VALUE_BYTES} bytes: header (80), height, status, txCount, file, dataPos (int32 each), CRC32C. Chain work
 * is not stored; the chain layer recomputes it on load, as Core's {@code LoadBlockIndex} does.
 */
public final class BlockTreeDb implements BlockIndexStore {
    /** Layout version of this class's keys and values; bump it when either changes. */
    public static final int SCHEMA_VERSION = 1;

    static final byte DB_BLOCK_INDEX = 'b';
    static final byte DB_BEST_BLOCK = 'B';
    static final byte DB_BLOCK_FILES = 'f';
    static final byte DB_LAST_BLOCK = 'l';
    static final byte DB_VERSION = 'V';

    static final int INDEX_KEY_BYTES = 1 + Hash256.BYTES;
    static final int INDEX_VALUE_BYTES = BlockHeader.SIZE + 5 * 4 + 4;
    private static final int TIP_VALUE_BYTES = Hash256.BYTES + 4;
    private static final int FILE_INFO_VALUE_BYTES = 4 + 8 + 4 + 4 + 8 + 8 + 4;
    private static final int LAST_FILE_VALUE_BYTES = 4 + 4;
    private static final int VERSION_VALUE_BYTES = 4 + 4 + 4;

    /** Core's LevelDB default for its databases ({@code dbwrapper.cpp} SetMaxOpenFiles): keeps descriptors bounded. */
    static final int MAX_OPEN_FILES = 64;
    private static final long WRITE_BUFFER_BYTES = 8L << 20;
    private static final long BLOCK_CACHE_BYTES = 8L << 20;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final int magic;
    private final LRUCache blockCache;
    private final Options options;
    private final WriteOptions syncWrite;
    private final RocksDB db;
    private boolean closed;

    private BlockTreeDb(Path dir, int magic, LRUCache blockCache, Options options, WriteOptions syncWrite, RocksDB db) {
        this.dir = dir;
        this.magic = magic;
        this.blockCache = blockCache;
        this.options = options;
        this.syncWrite = syncWrite;
        this.db = db;
    }

    /**
     * Opens (creating if missing) the block index at {@code dir} for the chain whose message start is {@code magic}
     * (big-endian, as {@code ChainParams.magic()}).
     *
     * @throws BlockStoreException {@link Reason#WRONG_CHAIN} for another chain's store,
     *                             {@link Reason#UNSUPPORTED_VERSION} for another layout, {@link Reason#CORRUPTED} when
     *                             RocksDB or the version key reports damage, {@link Reason#IO_ERROR} otherwise
     */
    public static BlockTreeDb open(Path dir, int magic) throws BlockStoreException {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Cannot create the block index directory " + dir + ": " + e, e);
        }
        LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
        Options options = new Options()
                .setCreateIfMissing(true)
                .setParanoidChecks(true)
                .setMaxOpenFiles(MAX_OPEN_FILES)
                // Two write buffers, as Core's LevelDB setup allows ("up to two write buffers" in dbwrapper.cpp).
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                // Keys and values are mostly hashes: compression costs CPU and saves little (Core: kNoCompression).
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setMaxBackgroundJobs(2)
                // RocksDB's own LOG file, bounded.
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setMaxLogFileSize(1L << 20)
                .setKeepLogFileNum(2)
                // Loading iterates the whole 'b' range, never probes single missing keys: no bloom filter.
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setBlockSize(16 * 1024)
                        .setFilterPolicy(null));
        WriteOptions syncWrite = new WriteOptions().setSync(true);
        RocksDB db = null;
        try {
            db = RocksDB.open(options, dir.toString());
            BlockTreeDb store = new BlockTreeDb(dir, magic, cache, options, syncWrite, db);
            store.checkOrWriteVersion();
            return store;
        } catch (RocksDBException e) {
            closeQuietly(db, syncWrite, options, cache);
            throw translate("Error opening block database " + dir, e);
        } catch (BlockStoreException | RuntimeException e) {
            closeQuietly(db, syncWrite, options, cache);
            throw e;
        }
    }

    /** The directory the database lives in. */
    public Path dir() {
        return dir;
    }

    private void checkOrWriteVersion() throws RocksDBException, BlockStoreException {
        byte[] key = {DB_VERSION};
        byte[] value = db.get(key);
        if (value == null) {
            try (RocksIterator it = db.newIterator()) {
                it.seekToFirst();
                if (it.isValid()) {
                    throw new BlockStoreException(Reason.CORRUPTED, "Block database " + dir
                            + " has entries but no version key 'V': not a Mooring block index, or damaged");
                }
                it.status();
            }
            byte[] v = new byte[VERSION_VALUE_BYTES];
            LE_INT.set(v, 0, SCHEMA_VERSION);
            BE_INT.set(v, 4, magic);
            seal(key, v);
            db.put(syncWrite, key, v);
            return;
        }
        checkSealed(key, value, VERSION_VALUE_BYTES, "version key 'V'");
        int schema = (int) LE_INT.get(value, 0);
        int storedMagic = (int) BE_INT.get(value, 4);
        if (schema != SCHEMA_VERSION) {
            throw new BlockStoreException(Reason.UNSUPPORTED_VERSION, "Block database " + dir + " has schema version "
                    + schema + "; this build reads version " + SCHEMA_VERSION);
        }
        if (storedMagic != magic) {
            throw new BlockStoreException(Reason.WRONG_CHAIN, "Block database " + dir
                    + " belongs to another chain: its network magic is " + hex(storedMagic) + ", this node's is "
                    + hex(magic) + " (wrong -datadir or -chain?)");
        }
    }

    /**
     * Streams every index entry to {@code sink}, in key order, and returns the stored tip: Core's
     * {@code LoadBlockIndexGuts} (a cursor from {@code ('b', 0)} while the key starts with {@code 'b'}) plus the
     * best-block read.
     *
     * @throws BlockStoreException {@link Reason#CORRUPTED} naming the entry when a value fails its checks or RocksDB
     *                             reports corruption
     */
    @Override
    public synchronized Optional<Hash256> load(Consumer<BlockIndexRecord> sink) throws BlockStoreException {
        ensureOpen();
        Objects.requireNonNull(sink, "sink");
        byte[] key = new byte[64];
        byte[] value = new byte[INDEX_VALUE_BYTES + 1];
        CRC32C crc = new CRC32C();
        try (Slice upper = new Slice(new byte[] {DB_BLOCK_INDEX + 1});
             ReadOptions ro = new ReadOptions()
                     .setVerifyChecksums(true)
                     .setFillCache(false)
                     .setReadaheadSize(2L << 20)
                     .setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(ro)) {
            it.seek(new byte[] {DB_BLOCK_INDEX});
            for (; it.isValid(); it.next()) {
                int keyLen = it.key(key);
                int valueLen = it.value(value);
                if (keyLen != INDEX_KEY_BYTES) {
                    throw new BlockStoreException(Reason.CORRUPTED, "Block database " + dir
                            + " has an index key of " + keyLen + " bytes (expected " + INDEX_KEY_BYTES + ")");
                }
                sink.accept(decodeIndexEntry(key, value, valueLen, crc));
            }
            it.status();
            return readTip();
        } catch (RocksDBException e) {
            throw translate("Error loading block database " + dir, e);
        }
    }

    private BlockIndexRecord decodeIndexEntry(byte[] key, byte[] value, int valueLen, CRC32C crc)
            throws BlockStoreException {
        Hash256 hash = Hash256.fromInternal(key, 1);
        if (valueLen != INDEX_VALUE_BYTES) {
            throw corrupted("block index entry " + hash, "has " + valueLen + " bytes, expected " + INDEX_VALUE_BYTES);
        }
        crc.reset();
        crc.update(key, 0, INDEX_KEY_BYTES);
        crc.update(value, 0, INDEX_VALUE_BYTES - 4);
        int stored = (int) LE_INT.get(value, INDEX_VALUE_BYTES - 4);
        if ((int) crc.getValue() != stored) {
            throw corrupted("block index entry " + hash, "fails its CRC32C (stored " + hex(stored) + ", computed "
                    + hex((int) crc.getValue()) + ")");
        }
        try {
            BlockHeader header = new BlockHeader((int) LE_INT.get(value, 0), Hash256.fromInternal(value, 4),
                    Hash256.fromInternal(value, 36), u32(value, 68), u32(value, 72), u32(value, 76));
            int p = BlockHeader.SIZE;
            return new BlockIndexRecord(hash, header, (int) LE_INT.get(value, p), (int) LE_INT.get(value, p + 4),
                    (int) LE_INT.get(value, p + 8), (int) LE_INT.get(value, p + 12), (int) LE_INT.get(value, p + 16));
        } catch (IllegalArgumentException e) {
            // A value that passes its CRC but not the record's checks was written wrong: still a damaged store.
            throw corrupted("block index entry " + hash, "does not decode: " + e.getMessage());
        }
    }

    /** The stored active tip ({@code 'B'}), if any. */
    public synchronized Optional<Hash256> readTip() throws BlockStoreException {
        ensureOpen();
        byte[] key = {DB_BEST_BLOCK};
        byte[] v = get(key);
        if (v == null) return Optional.empty();
        checkSealed(key, v, TIP_VALUE_BYTES, "best block key 'B'");
        return Optional.of(Hash256.fromInternal(v, 0));
    }

    /** The last block file number ({@code 'l'}, Core's {@code ReadLastBlockFile}), if one was written. */
    public synchronized OptionalInt readLastBlockFile() throws BlockStoreException {
        ensureOpen();
        byte[] key = {DB_LAST_BLOCK};
        byte[] v = get(key);
        if (v == null) return OptionalInt.empty();
        checkSealed(key, v, LAST_FILE_VALUE_BYTES, "last block file key 'l'");
        int file = (int) LE_INT.get(v, 0);
        if (file < 0) throw corrupted("last block file key 'l'", "holds a negative file number " + file);
        return OptionalInt.of(file);
    }

    /** The info of block file {@code file} ({@code 'f'}, Core's {@code ReadBlockFileInfo}), if one was written. */
    public synchronized Optional<BlockFileInfo> readBlockFileInfo(int file) throws BlockStoreException {
        ensureOpen();
        byte[] key = fileInfoKey(file);
        byte[] v = get(key);
        if (v == null) return Optional.empty();
        String name = "block file info 'f' " + file;
        checkSealed(key, v, FILE_INFO_VALUE_BYTES, name);
        try {
            return Optional.of(new BlockFileInfo((int) LE_INT.get(v, 0), (long) LE_LONG.get(v, 4),
                    (int) LE_INT.get(v, 12), (int) LE_INT.get(v, 16), (long) LE_LONG.get(v, 20),
                    (long) LE_LONG.get(v, 28)));
        } catch (IllegalArgumentException e) {
            throw corrupted(name, "does not decode: " + e.getMessage());
        }
    }

    /**
     * Every block file info from 0 to the last block file and any contiguous ones after it, as Core's
     * {@code LoadBlockIndexDB} reads them. Empty when no block was ever indexed with its data.
     */
    public synchronized Map<Integer, BlockFileInfo> readBlockFileInfos() throws BlockStoreException {
        Map<Integer, BlockFileInfo> infos = new TreeMap<>();
        OptionalInt last = readLastBlockFile();
        if (last.isEmpty()) return infos;
        for (int f = 0; ; f++) {
            Optional<BlockFileInfo> info = readBlockFileInfo(f);
            if (info.isPresent()) {
                infos.put(f, info.get());
            } else if (f > last.getAsInt()) {
                break;
            }
        }
        return infos;
    }

    /** Writes {@code changed} and the tip atomically (no block-file infos; {@link ChainStore} adds those). */
    @Override
    public void write(Collection<BlockIndexRecord> changed, Hash256 activeTip) throws BlockStoreException {
        writeBatchSync(Map.of(), OptionalInt.empty(), changed, activeTip);
    }

    /**
     * Core's {@code WriteBatchSync}: the dirty block-file infos, the last block file, the changed index entries and the
     * active tip in one batch, written with the WAL fsynced. The block data the entries point at must already be
     * fsynced ({@link FlatBlockFiles#flush()}): an entry never reaches the disk before its block does.
     */
    public synchronized void writeBatchSync(Map<Integer, BlockFileInfo> fileInfos, OptionalInt lastFile,
                                            Collection<BlockIndexRecord> changed, Hash256 activeTip)
            throws BlockStoreException {
        ensureOpen();
        Objects.requireNonNull(activeTip, "activeTip");
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<Integer, BlockFileInfo> e : fileInfos.entrySet()) {
                byte[] key = fileInfoKey(e.getKey());
                batch.put(key, encodeFileInfo(key, e.getValue()));
            }
            if (lastFile.isPresent()) {
                byte[] key = {DB_LAST_BLOCK};
                byte[] v = new byte[LAST_FILE_VALUE_BYTES];
                LE_INT.set(v, 0, lastFile.getAsInt());
                seal(key, v);
                batch.put(key, v);
            }
            for (BlockIndexRecord r : changed) {
                byte[] key = indexKey(r.hash());
                batch.put(key, encodeIndexValue(key, r));
            }
            byte[] tipKey = {DB_BEST_BLOCK};
            byte[] tip = new byte[TIP_VALUE_BYTES];
            activeTip.writeTo(tip, 0);
            seal(tipKey, tip);
            batch.put(tipKey, tip);
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw translate("Failed to write to block index database " + dir, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        closeQuietly(db, syncWrite, options, blockCache);
    }

    // ---- encoding ----

    static byte[] indexKey(Hash256 hash) {
        byte[] key = new byte[INDEX_KEY_BYTES];
        key[0] = DB_BLOCK_INDEX;
        hash.writeTo(key, 1);
        return key;
    }

    static byte[] fileInfoKey(int file) {
        byte[] key = new byte[5];
        key[0] = DB_BLOCK_FILES;
        LE_INT.set(key, 1, file);
        return key;
    }

    static byte[] encodeIndexValue(byte[] key, BlockIndexRecord r) {
        byte[] v = new byte[INDEX_VALUE_BYTES];
        BlockHeader h = r.header();
        LE_INT.set(v, 0, h.version());
        h.prevBlock().writeTo(v, 4);
        h.merkleRoot().writeTo(v, 36);
        LE_INT.set(v, 68, (int) h.time());
        LE_INT.set(v, 72, (int) h.bits());
        LE_INT.set(v, 76, (int) h.nonce());
        int p = BlockHeader.SIZE;
        LE_INT.set(v, p, r.height());
        LE_INT.set(v, p + 4, r.status());
        LE_INT.set(v, p + 8, r.txCount());
        LE_INT.set(v, p + 12, r.file());
        LE_INT.set(v, p + 16, r.dataPos());
        seal(key, v);
        return v;
    }

    private static byte[] encodeFileInfo(byte[] key, BlockFileInfo info) {
        byte[] v = new byte[FILE_INFO_VALUE_BYTES];
        LE_INT.set(v, 0, info.blocks());
        LE_LONG.set(v, 4, info.size());
        LE_INT.set(v, 12, info.heightFirst());
        LE_INT.set(v, 16, info.heightLast());
        LE_LONG.set(v, 20, info.timeFirst());
        LE_LONG.set(v, 28, info.timeLast());
        seal(key, v);
        return v;
    }

    /** Fills the last four bytes of {@code value} with the CRC32C of the key and the rest of the value. */
    private static void seal(byte[] key, byte[] value) {
        LE_INT.set(value, value.length - 4, crc(key, value));
    }

    private static int crc(byte[] key, byte[] value) {
        CRC32C c = new CRC32C();
        c.update(key);
        c.update(value, 0, value.length - 4);
        return (int) c.getValue();
    }

    private void checkSealed(byte[] key, byte[] value, int expectedLength, String name) throws BlockStoreException {
        if (value.length != expectedLength) {
            throw corrupted(name, "has " + value.length + " bytes, expected " + expectedLength);
        }
        int stored = (int) LE_INT.get(value, value.length - 4);
        int computed = crc(key, value);
        if (stored != computed) {
            throw corrupted(name, "fails its CRC32C (stored " + hex(stored) + ", computed " + hex(computed) + ")");
        }
    }

    private byte[] get(byte[] key) throws BlockStoreException {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw translate("Error reading block database " + dir, e);
        }
    }

    private BlockStoreException corrupted(String name, String what) {
        return new BlockStoreException(Reason.CORRUPTED, "Corrupted block database " + dir + ": " + name + " " + what);
    }

    private static BlockStoreException translate(String context, RocksDBException e) {
        Status s = e.getStatus();
        boolean corruption = s != null && s.getCode() == Status.Code.Corruption;
        String detail = e.getMessage() == null ? String.valueOf(s) : e.getMessage();
        return new BlockStoreException(corruption ? Reason.CORRUPTED : Reason.IO_ERROR,
                context + (corruption ? ": RocksDB reports corruption: " : ": ") + detail, e);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("block database " + dir + " is closed");
    }

    private static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong((int) LE_INT.get(b, off));
    }

    private static String hex(int v) {
        return HexFormat.of().toHexDigits(v);
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) continue;
            try {
                r.close();
            } catch (Exception ignored) {
                // Closing native handles only frees memory; RocksDB's close reports nothing we could act on.
            }
        }
    }
}
