package io.mooring.blockstorage;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockIndexStore;
import io.mooring.chain.BlockStatus;
import io.mooring.chain.ChainParams;
import io.mooring.wire.Hash256;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The chain store: the block index ({@link BlockTreeDb} in {@code <datadir>/blocks/index}, as Core's) and the block
 * files ({@link FlatBlockFiles} in {@code <datadir>/blocks}), opened and closed together. It is the
 * {@link BlockIndexStore} the chain layer writes to: {@link #write} first fsyncs the block data, then writes the changed
 * entries, the tip and the dirty block-file infos in one synced batch, the order of Core's {@code FlushStateToDisk}
 * ({@code FlushBlockFile}, then {@code WriteBlockIndexDB}).
 */
public final class ChainStore implements BlockIndexStore {
    private static final DateTimeFormatter SET_ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path blocksDir;
    private final BlockTreeDb db;
    private final FlatBlockFiles files;

    private ChainStore(Path blocksDir, BlockTreeDb db, FlatBlockFiles files) {
        this.blocksDir = blocksDir;
        this.db = db;
        this.files = files;
    }

    /** Opens the store of {@code params}' chain under {@code datadir} with Core's 128 MiB block files. */
    public static ChainStore open(Path datadir, ChainParams params) throws BlockStoreException {
        return open(datadir, params.magic(), FlatBlockFiles.MAX_BLOCKFILE_SIZE);
    }

    /**
     * Opens (creating if missing) the store under {@code datadir}: the index first, whose block-file infos then tell
     * the block files how long each file may be (longer ones are cut back, see {@link FlatBlockFiles#open}).
     *
     * @param magic       the chain's message start, big-endian as {@code ChainParams.magic()}
     * @param maxFileSize block files roll over before reaching this size
     * @throws BlockStoreException as {@link BlockTreeDb#open}; on {@link Reason#CORRUPTED} the caller may
     *                             {@link #setAside} the {@link #blocksDir(Path) blocks directory} and start afresh
     */
    public static ChainStore open(Path datadir, int magic, long maxFileSize) throws BlockStoreException {
        Path blocksDir = blocksDir(datadir);
        BlockTreeDb db = BlockTreeDb.open(blocksDir.resolve("index"), magic);
        try {
            Map<Integer, BlockFileInfo> infos = db.readBlockFileInfos();
            int lastFile = db.readLastBlockFile().orElse(0);
            FlatBlockFiles files = FlatBlockFiles.open(blocksDir, magic, maxFileSize, infos, lastFile);
            return new ChainStore(blocksDir, db, files);
        } catch (BlockStoreException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** {@code <datadir>/blocks}, where Core keeps {@code blk?????.dat} and the {@code index} database. */
    public static Path blocksDir(Path datadir) {
        return datadir.resolve("blocks");
    }

    /** This store's blocks directory. */
    public Path blocksDir() {
        return blocksDir;
    }

    /** The block index database. */
    public BlockTreeDb blockTreeDb() {
        return db;
    }

    /** The block files. */
    public FlatBlockFiles blockFiles() {
        return files;
    }

    @Override
    public Optional<Hash256> load(Consumer<BlockIndexRecord> sink) throws BlockStoreException {
        return db.load(sink);
    }

    /**
     * Appends a block's bytes at {@code height}; put the returned position into its index entry (with
     * {@link BlockStatus#HAVE_DATA}) and hand that entry to {@link #write}. Until then a crash forgets the block.
     */
    public BlockFilePos appendBlock(byte[] serializedBlock, int height) throws BlockStoreException {
        return files.append(serializedBlock, height);
    }

    /** The bytes of the block an entry with {@link BlockStatus#HAVE_DATA} points at. */
    public byte[] readBlock(BlockIndexRecord record) throws BlockStoreException {
        if ((record.status() & BlockStatus.HAVE_DATA) == 0 || record.file() < 0 || record.dataPos() < 0) {
            throw new IllegalArgumentException("block " + record.hash() + " has no data on disk");
        }
        return files.read(new BlockFilePos(record.file(), record.dataPos()));
    }

    /** The bytes of the block at {@code pos}. */
    public byte[] readBlock(BlockFilePos pos) throws BlockStoreException {
        return files.read(pos);
    }

    /**
     * Fsyncs the block files, then writes {@code changed}, the tip and the dirty block-file infos in one synced batch:
     * an index entry never reaches the disk before the block bytes it points at.
     */
    @Override
    public synchronized void write(Collection<BlockIndexRecord> changed, Hash256 activeTip) throws BlockStoreException {
        Objects.requireNonNull(activeTip, "activeTip");
        FlatBlockFiles.Flushed flushed = files.flushForIndex();
        db.writeBatchSync(flushed.dirtyInfos(), OptionalInt.of(flushed.lastFile()), changed, activeTip);
        files.markWritten(flushed.dirtyInfos());
    }

    /** Closes the block files (fsyncing the last one) and the index. */
    @Override
    public synchronized void close() throws BlockStoreException {
        try {
            files.close();
        } finally {
            db.close();
        }
    }

    /**
     * Moves a damaged store out of the way: renames {@code dir} to {@code <name>.corrupt-<UTC timestamp>} beside it
     * (with {@code -1}, {@code -2}, ... when that name is taken) and returns the new path. Core refuses to start with
     * "Error loading block database"; Mooring keeps the evidence and lets the node start from genesis. Set aside the
     * whole {@link #blocksDir(Path) blocks directory}: the block files are only meaningful with their index.
     */
    public static Path setAside(Path dir, Clock clock) throws IOException {
        Path absolute = dir.toAbsolutePath();
        String base = absolute.getFileName() + ".corrupt-" + SET_ASIDE_STAMP.format(clock.instant());
        Path target = absolute.resolveSibling(base);
        for (int i = 1; Files.exists(target); i++) {
            target = absolute.resolveSibling(base + "-" + i);
        }
        try {
            Files.move(absolute, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(absolute, target);
        }
        return target;
    }
}
