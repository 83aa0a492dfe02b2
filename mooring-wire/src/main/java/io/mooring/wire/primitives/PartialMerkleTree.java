package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BIP37's partial merkle tree (Core's {@code CPartialMerkleTree}), the body of a {@code merkleblock} after the header:
 * the block's transaction count, the hashes of a depth-first traversal and its flag bits packed eight to a byte,
 * least significant bit first. Immutable.
 *
 * @param totalTransactions unsigned 32-bit
 * @param hashes            the hashes in traversal order (internal byte order)
 * @param flags             the packed flag bits; the unused high bits of the last byte are not checked, as in Core
 */
public record PartialMerkleTree(long totalTransactions, List<Hash256> hashes, Bytes flags) {
    /** Core's bound in ExtractMatches: MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT = 4,000,000 / 240. */
    public static final long MAX_TRANSACTIONS = 4_000_000 / 240;

    public PartialMerkleTree {
        if ((totalTransactions >>> 32) != 0) throw new IllegalArgumentException("totalTransactions is a uint32");
        hashes = ImmutableArrayList.immutable(hashes);
        Objects.requireNonNull(flags, "flags");
    }

    public static PartialMerkleTree read(WireReader r) throws ProtocolException {
        long total = r.readU32LE();
        int n = r.readCount((int) WireReader.MAX_SIZE, Hash256.BYTES, ProtocolError.SIZE_TOO_LARGE);
        Hash256[] hs = new Hash256[n];
        for (int i = 0; i < n; i++) {
            hs[i] = r.readHash();
        }
        Bytes flags = r.readVarBytes((int) WireReader.MAX_SIZE);
        return new PartialMerkleTree(total, ImmutableArrayList.trusted(hs), flags);
    }

    public void write(WireWriter w) {
        w.writeU32LE(totalTransactions);
        w.writeCompactSize(hashes.size());
        for (int i = 0, n = hashes.size(); i < n; i++) {
            w.writeHash(hashes.get(i));
        }
        w.writeVarBytes(flags);
    }

    /**
     * Builds the tree for a block's txids with the given matches, as Core's constructor.
     *
     * @throws IllegalArgumentException when txids is empty or the lengths differ
     */
    public static PartialMerkleTree build(List<Hash256> txids, boolean[] matches) {
        if (txids.isEmpty()) throw new IllegalArgumentException("a block has at least one transaction");
        if (txids.size() != matches.length) throw new IllegalArgumentException("one match flag per txid");
        Builder b = new Builder(txids, matches);
        int height = treeHeight(txids.size());
        b.traverse(height, 0);
        byte[] packed = new byte[(b.bits.size() + 7) / 8];
        for (int i = 0; i < b.bits.size(); i++) {
            if (b.bits.get(i)) packed[i >> 3] |= (byte) (1 << (i & 7));
        }
        return new PartialMerkleTree(txids.size(), b.hashes, Bytes.wrap(packed));
    }

    private static int treeHeight(long n) {
        int height = 0;
        while (width(n, height) > 1) height++;
        return height;
    }

    /** Core's CalcTreeWidth: the number of nodes at {@code height} (0 = leaves). */
    private static long width(long n, int height) {
        return (n + (1L << height) - 1) >> height;
    }

    private static final class Builder {
        final List<Hash256> txids;
        final boolean[] matches;
        final List<Boolean> bits = new ArrayList<>();
        final List<Hash256> hashes = new ArrayList<>();

        Builder(List<Hash256> txids, boolean[] matches) {
            this.txids = txids;
            this.matches = matches;
        }

        Hash256 hash(int height, long pos) {
            if (height == 0) return txids.get((int) pos);
            Hash256 left = hash(height - 1, pos * 2);
            Hash256 right = pos * 2 + 1 < width(txids.size(), height - 1) ? hash(height - 1, pos * 2 + 1) : left;
            return Merkle.hashPair(left, right);
        }

        void traverse(int height, long pos) {
            boolean parentOfMatch = false;
            long end = Math.min((pos + 1) << height, txids.size());
            for (long p = pos << height; p < end && !parentOfMatch; p++) {
                parentOfMatch = matches[(int) p];
            }
            bits.add(parentOfMatch);
            if (height == 0 || !parentOfMatch) {
                hashes.add(hash(height, pos));
            } else {
                traverse(height - 1, pos * 2);
                if (pos * 2 + 1 < width(txids.size(), height - 1)) traverse(height - 1, pos * 2 + 1);
            }
        }
    }

    /** Total flag bits carried: eight per flag byte. */
    public int bitCount() {
        return flags.length() * 8;
    }

    /** Same as {@link #extractMatches(List, List)} without positions. */
    public Hash256 extractMatches(List<Hash256> matchesOut) {
        return extractMatches(matchesOut, null);
    }

    /**
     * Core's {@code ExtractMatches}: walks the tree, appends the matched txids (and, when {@code positionsOut} is not
     * null, their positions in the block) and returns the merkle root the tree commits to, to be compared with the
     * header's. Returns {@code null} for a malformed tree, where Core returns the zero hash: no transactions, more
     * than {@link #MAX_TRANSACTIONS}, more hashes than transactions, fewer bits than hashes, running out of bits or
     * hashes, identical left and right children (CVE-2012-2459), or bits or hashes left unused (bits counted in whole
     * bytes). On {@code null} the output lists are cleared.
     */
    public Hash256 extractMatches(List<Hash256> matchesOut, List<Integer> positionsOut) {
        matchesOut.clear();
        if (positionsOut != null) positionsOut.clear();
        if (totalTransactions == 0 || totalTransactions > MAX_TRANSACTIONS) return null;
        if (hashes.size() > totalTransactions) return null;
        if (bitCount() < hashes.size()) return null;
        Extractor e = new Extractor(matchesOut, positionsOut);
        Hash256 root = e.traverse(treeHeight(totalTransactions), 0);
        if (e.bad || (e.bitsUsed + 7) / 8 != flags.length() || e.hashesUsed != hashes.size()) {
            matchesOut.clear();
            if (positionsOut != null) positionsOut.clear();
            return null;
        }
        return root;
    }

    private final class Extractor {
        final List<Hash256> matchesOut;
        final List<Integer> positionsOut;
        int bitsUsed;
        int hashesUsed;
        boolean bad;

        Extractor(List<Hash256> matchesOut, List<Integer> positionsOut) {
            this.matchesOut = matchesOut;
            this.positionsOut = positionsOut;
        }

        Hash256 traverse(int height, long pos) {
            if (bitsUsed >= bitCount()) {
                bad = true;
                return Hash256.ZERO;
            }
            int i = bitsUsed++;
            boolean parentOfMatch = ((flags.get(i >> 3) >> (i & 7)) & 1) != 0;
            if (height == 0 || !parentOfMatch) {
                if (hashesUsed >= hashes.size()) {
                    bad = true;
                    return Hash256.ZERO;
                }
                Hash256 h = hashes.get(hashesUsed++);
                if (height == 0 && parentOfMatch) {
                    matchesOut.add(h);
                    if (positionsOut != null) positionsOut.add((int) pos);
                }
                return h;
            }
            Hash256 left = traverse(height - 1, pos * 2);
            Hash256 right;
            if (pos * 2 + 1 < width(totalTransactions, height - 1)) {
                right = traverse(height - 1, pos * 2 + 1);
                if (right.equals(left)) bad = true;
            } else {
                right = left;
            }
            return Merkle.hashPair(left, right);
        }
    }
}
