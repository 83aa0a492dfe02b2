package io.mooring.txdb;

import io.mooring.blockstorage.BlockStoreException;
import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinSerialization;
import io.mooring.coins.CoinsStore;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.OutPoint;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The UTXO set on RocksDB, as Core's {@code CCoinsViewDB} is on LevelDB: the base {@link CoinsStore} under the node's
 * {@code CoinsViewCache}. Every {@link #batchWrite} (a cache flush) goes in one {@link WriteBatch} with
 * {@code sync=true} together with the best block, so after a crash the database reflects exactly one block: the node
 * then moves its active tip there and reconnects forward from the block files (Core's LoadChainTip).
 *
 * <h2>Keys and values</h2>
 * <ul>
 *   <li>{@code 'C'} + txid (32 bytes, internal order) + {@code VARINT(output index)}: a coin in Core's chainstate
 *       encoding ({@link CoinSerialization#writeCoin}), followed by a CRC32C over key and value. Core's layout, so the
 *       keys sort by transaction as Core's do; the checksum is Mooring's (Core relies on LevelDB's block CRCs and
 *       XORs values with an obfuscation key, which Mooring does not).</li>
 *   <li>{@code 'B'}: the best block hash and a CRC32C ({@code DB_BEST_BLOCK}).</li>
 *   <li>{@code 'V'}: Mooring's layout version and the chain's network magic, so another chain's chainstate is refused.</li>
 * </ul>
 */
public final class CoinsViewDb implements CoinsStore, AutoCloseable {
    public static final int SCHEMA_VERSION = 1;
    static final byte DB_COIN = 'C';
    static final byte DB_BEST_BLOCK = 'B';
    static final byte DB_VERSION = 'V';

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final LRUCache cache;
    private final Options options;
    private final WriteOptions syncWrite;
    private final RocksDB db;
    private Hash256 bestBlock;

    private CoinsViewDb(Path dir, LRUCache cache, Options options, WriteOptions syncWrite, RocksDB db) {
        this.dir = dir;
        this.cache = cache;
        this.options = options;
        this.syncWrite = syncWrite;
        this.db = db;
    }

    /**
     * Opens or creates the chainstate at {@code dir} for the chain with network magic {@code magic}.
     *
     * @param cacheBytes RocksDB's block cache for coin reads
     * @throws BlockStoreException WRONG_CHAIN, UNSUPPORTED_VERSION, CORRUPTED (RocksDB or a checksum), IO_ERROR
     */
    public static CoinsViewDb open(Path dir, int magic, long cacheBytes) throws BlockStoreException {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Cannot create the chainstate directory " + dir + ": " + e, e);
        }
        LRUCache cache = new LRUCache(Math.max(cacheBytes, 1L << 20));
        Options options = new Options()
                .setCreateIfMissing(true)
                .setParanoidChecks(true)
                .setMaxOpenFiles(64)
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setMaxLogFileSize(1L << 20)
                .setKeepLogFileNum(2)
                // Most reads probe outpoints that may not exist (BIP30, new outputs): a bloom filter saves the disk read.
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setFilterPolicy(new BloomFilter(10, false)));
        WriteOptions syncWrite = new WriteOptions().setSync(true);
        RocksDB db = null;
        try {
            db = RocksDB.open(options, dir.toString());
            CoinsViewDb store = new CoinsViewDb(dir, cache, options, syncWrite, db);
            store.checkOrWriteVersion(magic);
            store.bestBlock = store.readBestBlock();
            return store;
        } catch (RocksDBException e) {
            close(db, syncWrite, options, cache);
            throw new BlockStoreException(isCorruption(e) ? Reason.CORRUPTED : Reason.IO_ERROR,
                    "Error opening chainstate database " + dir + ": " + e.getMessage(), e);
        } catch (BlockStoreException | RuntimeException e) {
            close(db, syncWrite, options, cache);
            throw e;
        }
    }

    private static boolean isCorruption(RocksDBException e) {
        return e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption;
    }

    private void checkOrWriteVersion(int magic) throws RocksDBException, BlockStoreException {
        byte[] key = {DB_VERSION};
        byte[] value = db.get(key);
        if (value == null) {
            try (RocksIterator it = db.newIterator()) {
                it.seekToFirst();
                if (it.isValid()) {
                    throw new BlockStoreException(Reason.CORRUPTED, "Chainstate database " + dir
                            + " has entries but no version key: not a Mooring chainstate, or damaged");
                }
            }
            WireWriter w = new WireWriter(12);
            w.writeI32LE(SCHEMA_VERSION).writeI32LE(magic);
            db.put(syncWrite, key, sealed(key, w.toByteArray()));
            return;
        }
        byte[] v = unseal(key, value, "version key");
        if (v.length != 8) throw new BlockStoreException(Reason.CORRUPTED, "Chainstate version key has a bad length");
        int schema = le32(v, 0);
        int stored = le32(v, 4);
        if (schema != SCHEMA_VERSION) {
            throw new BlockStoreException(Reason.UNSUPPORTED_VERSION, "Chainstate database " + dir
                    + " has layout version " + schema + "; this build reads " + SCHEMA_VERSION);
        }
        if (stored != magic) {
            throw new BlockStoreException(Reason.WRONG_CHAIN, "Chainstate database " + dir
                    + " belongs to another chain (wrong -datadir or -chain?)");
        }
    }

    private Hash256 readBestBlock() throws RocksDBException, BlockStoreException {
        byte[] key = {DB_BEST_BLOCK};
        byte[] value = db.get(key);
        if (value == null) return Hash256.ZERO;
        byte[] v = unseal(key, value, "best block");
        if (v.length != Hash256.BYTES) throw new BlockStoreException(Reason.CORRUPTED, "Chainstate best block length");
        return Hash256.fromInternal(v);
    }

    static byte[] coinKey(OutPoint op) {
        WireWriter w = new WireWriter(40);
        w.writeU8(DB_COIN);
        w.writeHash(op.txid());
        CoinSerialization.writeVarInt(w, op.index());
        return w.toByteArray();
    }

    /**
     * @throws UncheckedIOException wrapping a {@link BlockStoreException} CORRUPTED if the stored coin fails its
     *                              checksum or does not parse, IO_ERROR if RocksDB fails
     */
    @Override
    public Optional<Coin> getCoin(OutPoint outpoint) {
        byte[] key = coinKey(outpoint);
        try {
            byte[] value = db.get(key);
            if (value == null) return Optional.empty();
            byte[] v = unseal(key, value, "coin " + outpoint.txid() + ":" + outpoint.index());
            WireReader r = new WireReader(v);
            Coin c = CoinSerialization.readCoin(r);
            if (r.remaining() != 0) throw new ProtocolException(io.mooring.wire.ProtocolError.MALFORMED, "trailing bytes");
            return Optional.of(c);
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new BlockStoreException(isCorruption(e) ? Reason.CORRUPTED : Reason.IO_ERROR,
                    "Chainstate read failed: " + e.getMessage(), e));
        } catch (BlockStoreException e) {
            throw new UncheckedIOException(e);
        } catch (ProtocolException e) {
            throw new UncheckedIOException(new BlockStoreException(Reason.CORRUPTED, "Chainstate coin "
                    + outpoint.txid() + ":" + outpoint.index() + " does not parse: " + e.getMessage(), e));
        }
    }

    @Override
    public Hash256 bestBlock() {
        return bestBlock;
    }

    /**
     * Writes the changes and the best block in one synced batch.
     *
     * @throws UncheckedIOException wrapping a {@link BlockStoreException} if RocksDB fails (nothing is written)
     */
    @Override
    public void batchWrite(Map<OutPoint, Optional<Coin>> changes, Set<OutPoint> fresh, Hash256 newBestBlock) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<OutPoint, Optional<Coin>> e : changes.entrySet()) {
                byte[] key = coinKey(e.getKey());
                if (e.getValue().isPresent()) {
                    batch.put(key, sealed(key, CoinSerialization.serializeCoin(e.getValue().get())));
                } else if (!fresh.contains(e.getKey())) {
                    batch.delete(key);
                }
            }
            byte[] bestKey = {DB_BEST_BLOCK};
            batch.put(bestKey, sealed(bestKey, newBestBlock.toInternalBytes()));
            db.write(syncWrite, batch);
            bestBlock = newBestBlock;
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new BlockStoreException(Reason.IO_ERROR,
                    "Chainstate write failed: " + e.getMessage(), e));
        }
    }

    /** Counts the stored coins by iterating them (slow: for tests and {@code gettxoutsetinfo}). */
    public long countCoins() {
        long n = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[]{DB_COIN}); it.isValid() && it.key()[0] == DB_COIN; it.next()) n++;
        }
        return n;
    }

    private static byte[] sealed(byte[] key, byte[] value) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value);
        byte[] out = Arrays.copyOf(value, value.length + 4);
        int c = (int) crc.getValue();
        out[value.length] = (byte) c;
        out[value.length + 1] = (byte) (c >>> 8);
        out[value.length + 2] = (byte) (c >>> 16);
        out[value.length + 3] = (byte) (c >>> 24);
        return out;
    }

    private byte[] unseal(byte[] key, byte[] value, String what) throws BlockStoreException {
        if (value.length < 4) throw new BlockStoreException(Reason.CORRUPTED, "Chainstate " + what + " is truncated");
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value, 0, value.length - 4);
        if ((int) crc.getValue() != le32(value, value.length - 4)) {
            throw new BlockStoreException(Reason.CORRUPTED, "Chainstate " + what + " in " + dir + " fails its checksum");
        }
        return Arrays.copyOf(value, value.length - 4);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** For tests of corruption handling: writes raw bytes under a coin's key. */
    void putRawForTest(OutPoint op, byte[] value) throws RocksDBException {
        db.put(syncWrite, coinKey(op), value);
    }

    @Override
    public void close() {
        close(db, syncWrite, options, cache);
    }

    private static void close(RocksDB db, WriteOptions w, Options o, LRUCache c) {
        if (db != null) db.close();
        w.close();
        o.close();
        c.close();
    }
}
