package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Merkle roots of blocks (Core's {@code consensus/merkle.cpp}) and the BIP141 witness commitment. */
public final class Merkle {
    /** Core's MINIMUM_WITNESS_COMMITMENT: OP_RETURN, push 36, 4-byte header, 32-byte commitment. */
    public static final int MINIMUM_WITNESS_COMMITMENT = 38;
    private static final byte[] COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private Merkle() {
    }

    /**
     * Core's {@code ComputeMerkleRoot}: pairs are hashed with SHA256d level by level, an odd level repeats its last
     * hash. An empty list gives the zero hash. When {@code mutatedOut} is not null, {@code mutatedOut[0]} is set to
     * whether some level has two identical hashes at positions 2k and 2k+1 (CVE-2012-2459: such a tree has the same
     * root as a shorter list).
     */
    public static Hash256 root(List<Hash256> leaves, boolean[] mutatedOut) {
        int n = leaves.size();
        boolean mutation = false;
        if (n == 0) {
            if (mutatedOut != null) mutatedOut[0] = false;
            return Hash256.ZERO;
        }
        byte[] buf = new byte[(n + 1) * Hash256.BYTES];
        for (int i = 0; i < n; i++) {
            leaves.get(i).writeTo(buf, i * Hash256.BYTES);
        }
        MessageDigest md = Hashes.sha256Digest();
        byte[] first = new byte[Hash256.BYTES];
        while (n > 1) {
            if (mutatedOut != null && !mutation) {
                for (int pos = 0; pos + 1 < n; pos += 2) {
                    int a = pos * Hash256.BYTES;
                    if (Arrays.equals(buf, a, a + 32, buf, a + 32, a + 64)) {
                        mutation = true;
                        break;
                    }
                }
            }
            if ((n & 1) != 0) {
                System.arraycopy(buf, (n - 1) * Hash256.BYTES, buf, n * Hash256.BYTES, Hash256.BYTES);
                n++;
            }
            n >>= 1;
            for (int i = 0; i < n; i++) {
                md.update(buf, i * 64, 64);
                digestInto(md, first, 0);
                md.update(first);
                digestInto(md, buf, i * Hash256.BYTES);
            }
        }
        if (mutatedOut != null) mutatedOut[0] = mutation;
        return Hash256.fromInternal(buf, 0);
    }

    private static void digestInto(MessageDigest md, byte[] dst, int offset) {
        try {
            md.digest(dst, offset, Hash256.BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA256d(left ‖ right): one inner node. */
    static Hash256 hashPair(Hash256 left, Hash256 right) {
        byte[] b = new byte[64];
        left.writeTo(b, 0);
        right.writeTo(b, 32);
        return Hashes.sha256d(b, 0, 64);
    }

    /** Core's {@code BlockMerkleRoot}: the root over the txids (mutation not reported). */
    public static Hash256 blockMerkleRoot(Block block) {
        return blockMerkleRoot(block, null);
    }

    /** Core's {@code BlockMerkleRoot} with the CVE-2012-2459 mutation flag, as {@link #root}. */
    public static Hash256 blockMerkleRoot(Block block, boolean[] mutatedOut) {
        List<Transaction> txs = block.transactions();
        Hash256[] leaves = new Hash256[txs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = txs.get(i).txid();
        }
        return root(Arrays.asList(leaves), mutatedOut);
    }

    /** Core's {@code BlockWitnessMerkleRoot}: the root over the wtxids, with the coinbase's taken as zero. */
    public static Hash256 witnessMerkleRoot(Block block) {
        List<Transaction> txs = block.transactions();
        Hash256[] leaves = new Hash256[txs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = i == 0 ? Hash256.ZERO : txs.get(i).wtxid();
        }
        return root(Arrays.asList(leaves), null);
    }

    /**
     * Core's {@code GetWitnessCommitmentIndex}: the index of the last coinbase output whose scriptPubKey is at least
     * 38 bytes and starts {@code 6a 24 aa 21 a9 ed}, or -1 when there is none (or no transactions).
     */
    public static int witnessCommitmentIndex(Block block) {
        if (block.transactions().isEmpty()) return -1;
        List<TxOut> outs = block.transactions().get(0).outputs();
        int found = -1;
        for (int o = 0, n = outs.size(); o < n; o++) {
            Bytes spk = outs.get(o).scriptPubKey();
            if (spk.length() >= MINIMUM_WITNESS_COMMITMENT && startsWithCommitmentHeader(spk)) {
                found = o;
            }
        }
        return found;
    }

    private static boolean startsWithCommitmentHeader(Bytes spk) {
        for (int i = 0; i < COMMITMENT_HEADER.length; i++) {
            if (spk.get(i) != COMMITMENT_HEADER[i]) return false;
        }
        return true;
    }

    /** The 32 bytes after the commitment header in the output {@link #witnessCommitmentIndex} finds. */
    public static Optional<Hash256> witnessCommitment(Block block) {
        int index = witnessCommitmentIndex(block);
        if (index < 0) return Optional.empty();
        byte[] spk = block.transactions().get(0).outputs().get(index).scriptPubKey().toArray();
        return Optional.of(Hash256.fromInternal(spk, COMMITMENT_HEADER.length));
    }

    /**
     * The BIP141 commitment rule as Core's {@code ContextualCheckBlock} applies it once segwit is active. With a
     * commitment: the coinbase's first input must have a witness of exactly one 32-byte item (the witness reserved
     * value) and the commitment must equal SHA256d(witness merkle root ‖ reserved value). Without a commitment: no
     * transaction may have witness data. The CVE-2012-2459 mutation of the witness tree is not checked here (Core
     * ignores it too; the txid tree check already covers it).
     */
    public static boolean hasValidWitnessCommitment(Block block) {
        Optional<Hash256> commitment = witnessCommitment(block);
        if (commitment.isEmpty()) {
            for (Transaction tx : block.transactions()) {
                if (tx.hasWitness()) return false;
            }
            return true;
        }
        List<TxIn> coinbaseInputs = block.transactions().get(0).inputs();
        if (coinbaseInputs.isEmpty()) return false;
        List<Bytes> stack = coinbaseInputs.get(0).witness();
        if (stack.size() != 1 || stack.get(0).length() != 32) return false;
        byte[] b = new byte[64];
        witnessMerkleRoot(block).writeTo(b, 0);
        stack.get(0).copyTo(b, 32);
        return Hashes.sha256d(b, 0, 64).equals(commitment.get());
    }
}
