package io.mooring.chain;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One entry of the block tree, Core's {@code CBlockIndex}: a header the node accepted, where it sits in the tree
 * (height, parent, skip pointer, cumulative work) and what the node knows about its block (status, data position,
 * transaction counts).
 *
 * <p>Memory: the header fields are kept inline (the merkle root and the cumulative work as four longs each; the
 * previous-block hash is the parent's hash), so one entry is one object of 144 bytes (compressed oops) plus its
 * {@link Hash256} (48 bytes), which the block map reuses as its key. With the map node and table slot that is 230
 * bytes per block, measured with JOL by {@code BlockIndexTest} (a mainnet header tree of ~930,000 entries: ~215 MB).
 *
 * <p>Structure (hash, header, height, parent, skip, work) is fixed at construction; status, data position, counts and
 * the sequence id change as the block is received and validated. The mutators are public only because the block map
 * that owns the entries ({@code io.mooring.validation.ChainstateManager}) lives in another package: nothing else may call
 * them. Every mutation marks the entry dirty so the manager writes only changed entries to the {@link BlockIndexStore}.
 */
public final class BlockIndex {
    private final Hash256 hash;
    private final BlockIndex prev;
    /** Core's {@code pskip}: an ancestor further back (see {@link #skipHeight}) so {@link #getAncestor} is O(log n). */
    private final BlockIndex skip;
    private final int height;
    private final int version;
    private final int time;
    private final int bits;
    private final int nonce;
    private final long merkle0;
    private final long merkle1;
    private final long merkle2;
    private final long merkle3;
    /** Core's {@code nChainWork} as an unsigned 256-bit number, least significant word first. */
    private final long work0;
    private final long work1;
    private final long work2;
    private final long work3;

    private int status;
    private int txCount;
    private int file = -1;
    private int dataPos = -1;
    /** Core's {@code m_chain_tx_count}: transactions in this block and all its ancestors; 0 until all have data. */
    private long chainTxCount;
    /** Core's {@code nSequenceId}: order in which block data arrived; lower wins among equal work. */
    private int sequenceId;
    private boolean dirty;

    private BlockIndex(Hash256 hash, BlockHeader header, BlockIndex prev, int height, long[] work) {
        this.hash = hash;
        this.prev = prev;
        this.height = height;
        this.version = header.version();
        this.time = (int) header.time();
        this.bits = (int) header.bits();
        this.nonce = (int) header.nonce();
        Hash256 m = header.merkleRoot();
        this.merkle0 = m.w0();
        this.merkle1 = m.w1();
        this.merkle2 = m.w2();
        this.merkle3 = m.w3();
        this.work0 = work[0];
        this.work1 = work[1];
        this.work2 = work[2];
        this.work3 = work[3];
        this.skip = prev == null ? null : prev.getAncestor(skipHeight(height));
    }

    /** The root of a tree: a genesis block (height 0, work = its own proof). */
    public static BlockIndex genesis(Hash256 hash, BlockHeader header) {
        Objects.requireNonNull(hash, "hash");
        if (!header.prevBlock().isZero()) {
            throw new IllegalArgumentException("a genesis header has a zero previous-block hash");
        }
        return new BlockIndex(hash, header, null, 0, add(new long[4], Pow.blockProof(header.bits())));
    }

    /**
     * A child of {@code prev}, as Core's {@code AddToBlockIndex}: height + 1, work = parent's + {@code GetBlockProof}.
     *
     * @throws IllegalArgumentException when the header does not name {@code prev} as its parent
     */
    public static BlockIndex child(Hash256 hash, BlockHeader header, BlockIndex prev) {
        Objects.requireNonNull(hash, "hash");
        if (!header.prevBlock().equals(prev.hash)) {
            throw new IllegalArgumentException("header " + hash + " does not build on " + prev.hash);
        }
        long[] work = {prev.work0, prev.work1, prev.work2, prev.work3};
        return new BlockIndex(hash, header, prev, prev.height + 1, add(work, Pow.blockProof(header.bits())));
    }

    /**
     * A root entry whose cumulative work is given rather than computed (tests and checkpoint-anchored trees use it; a
     * real tree starts at {@link #genesis}).
     */
    public static BlockIndex anchored(Hash256 hash, BlockHeader header, int height, BigInteger chainWork) {
        return new BlockIndex(hash, header, null, height, add(new long[4], chainWork));
    }

    private static long[] add(long[] words, BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) throw new IllegalArgumentException("work out of range");
        long carry = 0;
        for (int i = 0; i < 4; i++) {
            long v = value.shiftRight(64 * i).longValue();
            long s = words[i] + v;
            long c1 = Long.compareUnsigned(s, words[i]) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            words[i] = s2;
            carry = c1 | c2;
        }
        // Core's arith_uint256 wraps at 2^256; a real chain never gets there.
        return words;
    }

    /**
     * Core's {@code GetSkipHeight}: the height the skip pointer of a block at {@code height} points to. Chosen so that
     * walking back with skips (and single steps) reaches any ancestor in O(log n) steps.
     */
    public static int skipHeight(int height) {
        if (height < 2) return 0;
        // Core: odd heights jump to (clear two lowest set bits of height-1) + 1, even ones clear the lowest set bit.
        return (height & 1) != 0 ? invertLowestOne(invertLowestOne(height - 1)) + 1 : invertLowestOne(height);
    }

    private static int invertLowestOne(int n) {
        return n & (n - 1);
    }

    /**
     * Core's {@code CBlockIndex::GetAncestor}: the ancestor at {@code h}, or null when {@code h} is negative or above
     * this block's height.
     */
    public BlockIndex getAncestor(int h) {
        if (h > height || h < 0) return null;
        BlockIndex walk = this;
        int heightWalk = height;
        while (heightWalk > h) {
            int heightSkip = skipHeight(heightWalk);
            int heightSkipPrev = skipHeight(heightWalk - 1);
            if (walk.skip != null && (heightSkip == h
                    || (heightSkip > h && !(heightSkipPrev < heightSkip - 2 && heightSkipPrev >= h)))) {
                // Only follow the skip if prev->pskip is not better than pskip->pprev.
                walk = walk.skip;
                heightWalk = heightSkip;
            } else {
                if (walk.prev == null) return null; // an anchored root: nothing below it in memory
                walk = walk.prev;
                heightWalk--;
            }
        }
        return walk;
    }

    /** Core's {@code LastCommonAncestor}: the highest block both {@code a} and {@code b} descend from (or are). */
    public static BlockIndex lastCommonAncestor(BlockIndex a, BlockIndex b) {
        if (a.height > b.height) {
            a = a.getAncestor(b.height);
        } else if (b.height > a.height) {
            b = b.getAncestor(a.height);
        }
        while (a != b && a != null && b != null) {
            a = a.prev;
            b = b.prev;
        }
        return a;
    }

    /** Core's {@code GetMedianTimePast}: the median of the times of this block and up to ten ancestors. */
    public long medianTimePast() {
        // Insertion sort of at most eleven values as they are read (no call the JIT cannot see through).
        long[] times = new long[11];
        int n = 0;
        for (BlockIndex i = this; i != null && n < 11; i = i.prev) {
            long t = i.time();
            int j = n++;
            while (j > 0 && times[j - 1] > t) {
                times[j] = times[j - 1];
                j--;
            }
            times[j] = t;
        }
        return times[n / 2];
    }

    public Hash256 hash() {
        return hash;
    }

    /** The parent, or null for the genesis (or an anchored root). */
    public BlockIndex prev() {
        return prev;
    }

    /** Core's {@code pskip}. */
    public BlockIndex skip() {
        return skip;
    }

    public int height() {
        return height;
    }

    public int version() {
        return version;
    }

    /** The header time, an unsigned 32-bit value. */
    public long time() {
        return Integer.toUnsignedLong(time);
    }

    /** The compact target, an unsigned 32-bit value. */
    public long bits() {
        return Integer.toUnsignedLong(bits);
    }

    public long nonce() {
        return Integer.toUnsignedLong(nonce);
    }

    public Hash256 merkleRoot() {
        return new Hash256(merkle0, merkle1, merkle2, merkle3);
    }

    public Hash256 prevHash() {
        return prev == null ? (height == 0 ? Hash256.ZERO : null) : prev.hash;
    }

    /** The header, rebuilt from the inline fields ({@link #hash()} is its hash). */
    public BlockHeader header() {
        Hash256 prevHash = prev != null ? prev.hash : Hash256.ZERO;
        return new BlockHeader(version, prevHash, merkleRoot(), time(), bits(), nonce());
    }

    /** Core's {@code nChainWork}: the total work of the chain up to and including this block. */
    public BigInteger chainWork() {
        byte[] be = new byte[33];
        long[] w = {work3, work2, work1, work0};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 8; j++) {
                be[1 + 8 * i + j] = (byte) (w[i] >>> (56 - 8 * j));
            }
        }
        return new BigInteger(be);
    }

    /** Compares the cumulative work of two entries without allocating (Core compares {@code nChainWork}). */
    public int compareWork(BlockIndex o) {
        int c = Long.compareUnsigned(work3, o.work3);
        if (c != 0) return c;
        c = Long.compareUnsigned(work2, o.work2);
        if (c != 0) return c;
        c = Long.compareUnsigned(work1, o.work1);
        return c != 0 ? c : Long.compareUnsigned(work0, o.work0);
    }

    /** Compares this entry's cumulative work with a number. */
    public int compareWork(BigInteger work) {
        return chainWork().compareTo(work);
    }

    public int status() {
        return status;
    }

    /** Core's {@code IsValid(level)}: no failure flag and at least this validity level. */
    public boolean isValid(int level) {
        return BlockStatus.isValid(status, level);
    }

    public boolean isFailed() {
        return (status & BlockStatus.FAILED_MASK) != 0;
    }

    public boolean haveData() {
        return (status & BlockStatus.HAVE_DATA) != 0;
    }

    public int txCount() {
        return txCount;
    }

    /** Core's {@code m_chain_tx_count}. */
    public long chainTxCount() {
        return chainTxCount;
    }

    /** Core's {@code HaveNumChainTxs}: this block and all its ancestors have been received. */
    public boolean haveNumChainTxs() {
        return chainTxCount != 0;
    }

    public int file() {
        return file;
    }

    public int dataPos() {
        return dataPos;
    }

    public int sequenceId() {
        return sequenceId;
    }

    /** The entry as the store keeps it (Core's {@code CDiskBlockIndex}). */
    public BlockIndexRecord toRecord() {
        return new BlockIndexRecord(hash, header(), height, status, txCount, file, dataPos);
    }

    /** Core's {@code RaiseValidity}: raises the level (never lowers it); false when failed or already there. */
    public boolean raiseValidity(int level) {
        if (isFailed()) return false;
        if (BlockStatus.level(status) < level) {
            status = (status & ~BlockStatus.VALID_MASK) | level;
            dirty = true;
            return true;
        }
        return false;
    }

    public void setStatusFlags(int flags) {
        if ((status | flags) != status) {
            status |= flags;
            dirty = true;
        }
    }

    public void setStatus(int status) {
        if (this.status != status) {
            this.status = status;
            dirty = true;
        }
    }

    public void setData(int txCount, int file, int dataPos) {
        this.txCount = txCount;
        this.file = file;
        this.dataPos = dataPos;
        dirty = true;
    }

    public void setChainTxCount(long chainTxCount) {
        this.chainTxCount = chainTxCount;
    }

    public void setSequenceId(int sequenceId) {
        this.sequenceId = sequenceId;
    }

    public boolean dirty() {
        return dirty;
    }

    public void markDirty() {
        dirty = true;
    }

    public void clearDirty() {
        dirty = false;
    }

    @Override
    public String toString() {
        return "BlockIndex(height=" + height + ", hash=" + hash + ")";
    }
}
