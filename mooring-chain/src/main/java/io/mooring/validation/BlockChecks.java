package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams.Consensus;
import io.mooring.chain.ChainParams.Deployments;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Core's block checks that need neither scripts nor the UTXO set: {@code CheckBlock} (merkle root and CVE-2012-2459
 * mutation, size limits, coinbase placement, {@code CheckTransaction} for every transaction, legacy sigop limit) and
 * {@code ContextualCheckBlock} (finality, BIP34 height in the coinbase, BIP141 witness commitment, weight). Each returns
 * the first failure with Core's category and reject reason, in Core's order. Signet's block-solution check needs script
 * execution and is not done here.
 */
public final class BlockChecks {
    /** Core's {@code MAX_BLOCK_WEIGHT} (consensus.h). */
    public static final int MAX_BLOCK_WEIGHT = 4_000_000;
    /** Core's {@code WITNESS_SCALE_FACTOR}. */
    public static final int WITNESS_SCALE_FACTOR = 4;
    /** Core's {@code MAX_BLOCK_SIGOPS_COST}. */
    public static final int MAX_BLOCK_SIGOPS_COST = 80_000;
    /** Core's {@code COIN}. */
    public static final long COIN = 100_000_000L;
    /** Core's {@code MAX_MONEY} (amount.h): no amount may exceed 21 million coins. */
    public static final long MAX_MONEY = 21_000_000L * COIN;
    /** Core's {@code LOCKTIME_THRESHOLD}: lock times below are heights, at or above are times. */
    public static final long LOCKTIME_THRESHOLD = 500_000_000L;
    /** Core's {@code MAX_PUBKEYS_PER_MULTISIG}: what an inaccurate CHECKMULTISIG counts. */
    private static final int MAX_PUBKEYS_PER_MULTISIG = 20;

    private BlockChecks() {
    }

    /**
     * Core's {@code CheckBlock}: the header's proof of work (when {@code checkPow}), the merkle root
     * ("bad-txnmrklroot") and duplicate-transaction mutation ("bad-txns-duplicate"), both MUTATED (when
     * {@code checkMerkleRoot}); then CONSENSUS failures: "bad-blk-length" (no transactions, or more transactions or
     * stripped bytes than the weight limit allows), "bad-cb-missing", "bad-cb-multiple", the first
     * {@link #checkTransaction} failure, "bad-blk-sigops" (legacy sigops × 4 over the cost limit).
     */
    public static Optional<ValidationError> checkBlock(Block block, Consensus consensus, boolean checkPow,
                                                       boolean checkMerkleRoot) {
        if (checkPow) {
            Optional<ValidationError> h = HeaderValidator.checkBlockHeader(block.header(), consensus.pow());
            if (h.isPresent()) return h;
        }
        List<Transaction> txs = block.transactions();
        if (checkMerkleRoot) {
            boolean[] mutated = new boolean[1];
            Hash256 root = Merkle.blockMerkleRoot(block, mutated);
            if (!block.header().merkleRoot().equals(root)) {
                return invalid(BlockValidationResult.MUTATED, "bad-txnmrklroot", "hashMerkleRoot mismatch");
            }
            // CVE-2012-2459: a duplicated tail of transactions gives the same root as the shorter list.
            if (mutated[0]) {
                return invalid(BlockValidationResult.MUTATED, "bad-txns-duplicate", "duplicate transaction");
            }
        }
        if (txs.isEmpty() || (long) txs.size() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
                || (long) block.strippedSize() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
            return invalid(BlockValidationResult.CONSENSUS, "bad-blk-length", "size limits failed");
        }
        if (!txs.get(0).isCoinbase()) {
            return invalid(BlockValidationResult.CONSENSUS, "bad-cb-missing", "first tx is not coinbase");
        }
        for (int i = 1; i < txs.size(); i++) {
            if (txs.get(i).isCoinbase()) {
                return invalid(BlockValidationResult.CONSENSUS, "bad-cb-multiple", "more than one coinbase");
            }
        }
        for (Transaction tx : txs) {
            Optional<ValidationError> t = checkTransaction(tx);
            if (t.isPresent()) {
                return invalid(BlockValidationResult.CONSENSUS, t.get().reason(),
                        "Transaction check failed (tx hash " + tx.txid() + ") " + t.get().debugMessage());
            }
        }
        long sigOps = 0;
        for (Transaction tx : txs) sigOps += legacySigOpCount(tx);
        if (sigOps * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
            return invalid(BlockValidationResult.CONSENSUS, "bad-blk-sigops", "out-of-bounds SigOpCount");
        }
        return Optional.empty();
    }

    /**
     * Core's {@code CheckTransaction} (tx_check.cpp), all TX_CONSENSUS: "bad-txns-vin-empty", "bad-txns-vout-empty",
     * "bad-txns-oversize" (stripped size × 4 over the block weight), "bad-txns-vout-negative",
     * "bad-txns-vout-toolarge", "bad-txns-txouttotal-toolarge", "bad-txns-inputs-duplicate", "bad-cb-length" (coinbase
     * scriptSig outside 2..100 bytes), "bad-txns-prevout-null" (a null prevout outside a coinbase). The error's result is
     * CONSENSUS (Core's block-level mapping of a failed transaction check).
     */
    public static Optional<ValidationError> checkTransaction(Transaction tx) {
        if (tx.inputs().isEmpty()) return invalid(BlockValidationResult.CONSENSUS, "bad-txns-vin-empty", "");
        if (tx.outputs().isEmpty()) return invalid(BlockValidationResult.CONSENSUS, "bad-txns-vout-empty", "");
        // Size limits (the witness is not counted: it has not been checked for malleability).
        if ((long) tx.strippedSize() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
            return invalid(BlockValidationResult.CONSENSUS, "bad-txns-oversize", "");
        }
        long valueOut = 0;
        for (TxOut out : tx.outputs()) {
            if (out.value() < 0) return invalid(BlockValidationResult.CONSENSUS, "bad-txns-vout-negative", "");
            if (out.value() > MAX_MONEY) return invalid(BlockValidationResult.CONSENSUS, "bad-txns-vout-toolarge", "");
            valueOut += out.value(); // both terms are in [0, MAX_MONEY]: no overflow
            if (valueOut < 0 || valueOut > MAX_MONEY) {
                return invalid(BlockValidationResult.CONSENSUS, "bad-txns-txouttotal-toolarge", "");
            }
        }
        List<TxIn> inputs = tx.inputs();
        if (inputs.size() > 1) {
            Set<OutPoint> seen = new HashSet<>(inputs.size() * 2);
            for (TxIn in : inputs) {
                if (!seen.add(in.prevout())) {
                    return invalid(BlockValidationResult.CONSENSUS, "bad-txns-inputs-duplicate", "");
                }
            }
        }
        if (tx.isCoinbase()) {
            int len = inputs.get(0).scriptSig().length();
            if (len < 2 || len > 100) return invalid(BlockValidationResult.CONSENSUS, "bad-cb-length", "");
        } else {
            for (TxIn in : inputs) {
                if (in.prevout().isNull()) {
                    return invalid(BlockValidationResult.CONSENSUS, "bad-txns-prevout-null", "");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Core's {@code ContextualCheckBlock} for a block building on {@code prev} (null for a genesis): "bad-txns-nonfinal"
     * (BIP113: lock times against the parent's median time past once CSV is active, else the block time),
     * "bad-cb-height" (BIP34: the coinbase scriptSig starts with the height push), the witness rules of Core's
     * {@code CheckWitnessMalleation} once segwit is active ("bad-witness-nonce-size", "bad-witness-merkle-match", both
     * MUTATED) or "unexpected-witness" (MUTATED) without a commitment, and "bad-blk-weight".
     */
    public static Optional<ValidationError> contextualCheckBlock(Block block, BlockIndex prev, Consensus consensus) {
        // Callers run checkBlock first (Core asserts this); a block without a coinbase is refused as it would be there.
        if (block.transactions().isEmpty() || !block.transactions().get(0).isCoinbase()) {
            return invalid(BlockValidationResult.CONSENSUS, "bad-cb-missing", "first tx is not coinbase");
        }
        int height = prev == null ? 0 : prev.height() + 1;
        Deployments d = consensus.deployments();
        long lockTimeCutoff = height >= d.csvHeight() && prev != null ? prev.medianTimePast() : block.header().time();
        for (Transaction tx : block.transactions()) {
            if (!isFinalTx(tx, height, lockTimeCutoff)) {
                return invalid(BlockValidationResult.CONSENSUS, "bad-txns-nonfinal", "non-final transaction");
            }
        }
        if (height >= d.bip34Height()) {
            byte[] expect = heightPush(height);
            Bytes scriptSig = block.transactions().get(0).inputs().get(0).scriptSig();
            if (!startsWith(scriptSig, expect)) {
                return invalid(BlockValidationResult.CONSENSUS, "bad-cb-height", "block height mismatch in coinbase");
            }
        }
        Optional<ValidationError> w = checkWitnessMalleation(block, height >= d.segwitHeight());
        if (w.isPresent()) return w;
        if (block.weight() > MAX_BLOCK_WEIGHT) {
            return invalid(BlockValidationResult.CONSENSUS, "bad-blk-weight", "ContextualCheckBlock : weight limit failed");
        }
        return Optional.empty();
    }

    /**
     * Core's {@code CheckWitnessMalleation}: with a commitment expected and present, the coinbase witness must be one
     * 32-byte item and the commitment must match; otherwise no transaction may carry a witness.
     */
    public static Optional<ValidationError> checkWitnessMalleation(Block block, boolean expectWitnessCommitment) {
        if (expectWitnessCommitment) {
            int commitpos = Merkle.witnessCommitmentIndex(block);
            if (commitpos >= 0) {
                List<Bytes> stack = block.transactions().get(0).inputs().get(0).witness();
                if (stack.size() != 1 || stack.get(0).length() != 32) {
                    return invalid(BlockValidationResult.MUTATED, "bad-witness-nonce-size",
                            "CheckWitnessMalleation : invalid witness reserved value size");
                }
                byte[] b = new byte[64];
                Merkle.witnessMerkleRoot(block).writeTo(b, 0);
                stack.get(0).copyTo(b, 32);
                Hash256 expected = Hashes.sha256d(b, 0, 64);
                if (!Merkle.witnessCommitment(block).orElseThrow().equals(expected)) {
                    return invalid(BlockValidationResult.MUTATED, "bad-witness-merkle-match",
                            "CheckWitnessMalleation : witness merkle commitment mismatch");
                }
                return Optional.empty();
            }
        }
        for (Transaction tx : block.transactions()) {
            if (tx.hasWitness()) {
                return invalid(BlockValidationResult.MUTATED, "unexpected-witness",
                        "CheckWitnessMalleation : unexpected witness data found");
            }
        }
        return Optional.empty();
    }

    /**
     * Core's {@code IsBlockMutated}: the merkle root does not match (or a duplicated tail hides), a block without a
     * leading coinbase holds a 64-byte transaction (the merkle-tree weakness), or, with {@code checkWitnessRoot},
     * the witness commitment does not match. Compact block reconstruction uses it to tell a short-id collision from
     * a good block before the block reaches validation.
     */
    public static boolean isBlockMutated(Block block, boolean checkWitnessRoot) {
        boolean[] mutated = new boolean[1];
        Hash256 root = Merkle.blockMerkleRoot(block, mutated);
        if (!block.header().merkleRoot().equals(root) || mutated[0]) return true;
        List<Transaction> txs = block.transactions();
        if (txs.isEmpty() || !txs.get(0).isCoinbase()) {
            for (Transaction tx : txs) {
                if (tx.strippedSize() == 64) return true;
            }
        }
        return checkWitnessMalleation(block, checkWitnessRoot).isPresent();
    }

    /** Core's {@code IsFinalTx}. */
    public static boolean isFinalTx(Transaction tx, int blockHeight, long blockTime) {
        long lockTime = tx.lockTime();
        if (lockTime == 0) return true;
        if (lockTime < (lockTime < LOCKTIME_THRESHOLD ? blockHeight : blockTime)) return true;
        for (TxIn in : tx.inputs()) {
            if (in.sequence() != TxIn.SEQUENCE_FINAL) return false;
        }
        return true;
    }

    /**
     * {@code CScript() << height}: OP_0 for 0, OP_1..OP_16 for 1..16, otherwise a push of the minimal little-endian
     * CScriptNum encoding (BIP34's coinbase prefix).
     */
    public static byte[] heightPush(int height) {
        if (height == 0) return new byte[] {0x00};
        if (height >= 1 && height <= 16) return new byte[] {(byte) (0x50 + height)};
        byte[] num = new byte[5];
        int n = 0;
        long v = height;
        while (v != 0) {
            num[n++] = (byte) (v & 0xff);
            v >>>= 8;
        }
        if ((num[n - 1] & 0x80) != 0) num[n++] = 0; // keep the number positive
        byte[] out = new byte[n + 1];
        out[0] = (byte) n;
        System.arraycopy(num, 0, out, 1, n);
        return out;
    }

    private static boolean startsWith(Bytes script, byte[] prefix) {
        if (script.length() < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (script.get(i) != prefix[i]) return false;
        }
        return true;
    }

    /** Core's {@code GetLegacySigOpCount}: inaccurate sigops of every scriptSig and scriptPubKey. */
    public static long legacySigOpCount(Transaction tx) {
        long n = 0;
        for (TxIn in : tx.inputs()) n += sigOpCount(in.scriptSig());
        for (TxOut out : tx.outputs()) n += sigOpCount(out.scriptPubKey());
        return n;
    }

    /**
     * Core's {@code CScript::GetSigOpCount(false)}: CHECKSIG(VERIFY) counts 1, CHECKMULTISIG(VERIFY) counts 20; parsing
     * stops at the first malformed push.
     */
    static int sigOpCount(Bytes script) {
        return io.mooring.script.SigOps.count(script.toArray(), false);
    }

    private static Optional<ValidationError> invalid(BlockValidationResult result, String reason, String debug) {
        return Optional.of(ValidationError.of(result, reason, debug));
    }

}
