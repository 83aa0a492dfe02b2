package io.mooring.mining;

import io.mooring.chain.ChainParams;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Core's {@code BlockAssembler::CreateNewBlock} (Core 30) without a mempool: the caller passes the transactions (with
 * their fees) and the bits, since difficulty belongs to the chain layer. The block has:
 * <ul>
 *   <li>version {@link #VERSIONBITS_TOP_BITS} (Core's {@code ComputeBlockVersion} with no deployment signalling);</li>
 *   <li>a coinbase spending the null outpoint with scriptSig {@code <height> OP_0} (BIP34 height push, Core's
 *       {@code CScript() << nHeight << OP_0}), sequence {@code MAX_SEQUENCE_NONFINAL} and lock time height - 1
 *       (Core 30 timelocks the coinbase), one output of subsidy + fees to the given script;</li>
 *   <li>the BIP141 witness commitment output ({@code GenerateCoinbaseCommitment}: always added, as Core does) and,
 *       when segwit is active at the height, the 32 zero-byte witness reserved value on the coinbase input
 *       ({@code UpdateUncommittedBlockStructures});</li>
 *   <li>the merkle root, time = max({@link #minimumTime}, now) ({@code UpdateTime}) and nonce 0.</li>
 * </ul>
 */
public final class BlockAssembler {
    /** Core's {@code VERSIONBITS_TOP_BITS}. */
    public static final int VERSIONBITS_TOP_BITS = 0x20000000;
    /** Core's {@code COIN}. */
    public static final long COIN = 100_000_000L;
    /** Core's {@code CTxIn::MAX_SEQUENCE_NONFINAL}: the coinbase lock time is enforced. */
    public static final long MAX_SEQUENCE_NONFINAL = 0xfffffffeL;
    /** Core's {@code MAX_TIMEWARP} (BIP94): seconds a retarget block may be earlier than its parent. */
    public static final long MAX_TIMEWARP = 600;
    /** OP_RETURN, push 36, the commitment header aa21a9ed (BIP141). */
    private static final byte[] COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private BlockAssembler() {
    }

    /**
     * The block the new one builds on (Core's {@code pindexPrev}).
     *
     * @param hash           its hash
     * @param height         its height
     * @param time           its header time
     * @param medianTimePast Core's {@code GetMedianTimePast()} at it
     */
    public record Tip(Hash256 hash, int height, long time, long medianTimePast) {
        public Tip {
            Objects.requireNonNull(hash, "hash");
            if (height < 0) throw new IllegalArgumentException("height >= 0");
        }
    }

    /**
     * Builds an unmined block (nonce 0) on {@code tip}.
     *
     * @param transactions non-coinbase transactions in block order (usually empty)
     * @param fees         their total fee, added to the coinbase value
     */
    public static Block createNewBlock(ChainParams params, Tip tip, Instant now, long bits, Bytes coinbaseScript,
                                       List<Transaction> transactions, long fees) {
        Objects.requireNonNull(coinbaseScript, "coinbaseScript");
        int height = tip.height() + 1;
        long value = fees + blockSubsidy(height, params.consensus().subsidyHalvingInterval());
        TxIn in = new TxIn(OutPoint.NULL, coinbaseScriptSig(height), MAX_SEQUENCE_NONFINAL);
        Transaction coinbase = new Transaction(2, List.of(in), List.of(new TxOut(value, coinbaseScript)),
                Integer.toUnsignedLong(height - 1));
        List<Transaction> txs = new ArrayList<>(transactions.size() + 1);
        txs.add(coinbase);
        txs.addAll(transactions);
        boolean segwit = height >= params.consensus().deployments().segwitHeight();
        txs.set(0, withWitnessCommitment(new Block(emptyHeader(tip), txs), segwit));
        long interval = params.consensus().pow().difficultyAdjustmentInterval();
        long time = Math.max(minimumTime(tip, interval), now.getEpochSecond());
        Block draft = new Block(emptyHeader(tip), txs);
        BlockHeader header = new BlockHeader(VERSIONBITS_TOP_BITS, tip.hash(), Merkle.blockMerkleRoot(draft), time,
                bits, 0);
        return new Block(header, txs);
    }

    /** Shorthand for an empty block of transactions and no fees. */
    public static Block createNewBlock(ChainParams params, Tip tip, Instant now, long bits, Bytes coinbaseScript) {
        return createNewBlock(params, tip, now, bits, coinbaseScript, List.of(), 0);
    }

    private static BlockHeader emptyHeader(Tip tip) {
        return new BlockHeader(VERSIONBITS_TOP_BITS, tip.hash(), Hash256.ZERO, 0, 0, 0);
    }

    /**
     * Core's {@code GetMinimumTime}: one second after the tip's median time past and, for the first block of a
     * retarget period, no earlier than the tip's time minus {@link #MAX_TIMEWARP} (BIP94, applied on all networks).
     */
    public static long minimumTime(Tip tip, long difficultyAdjustmentInterval) {
        long min = tip.medianTimePast() + 1;
        if ((tip.height() + 1) % difficultyAdjustmentInterval == 0) {
            min = Math.max(min, tip.time() - MAX_TIMEWARP);
        }
        return min;
    }

    /** Core's {@code GetBlockSubsidy}: 50 BTC halved every {@code halvingInterval} blocks, zero after 64 halvings. */
    public static long blockSubsidy(int height, int halvingInterval) {
        int halvings = height / halvingInterval;
        if (halvings >= 64) return 0;
        return (50 * COIN) >> halvings;
    }

    /**
     * {@code CScript() << height << OP_0}: the height as Core's {@code CScript::push_int64} writes it (OP_1..OP_16
     * for 1..16, else a minimal CScriptNum push, which is what BIP34 requires) and OP_0, which keeps the scriptSig at
     * the 2-byte minimum for small heights.
     */
    public static Bytes coinbaseScriptSig(int height) {
        ByteArrayOutputStream s = new ByteArrayOutputStream(8);
        s.writeBytes(pushInt(height));
        s.write(0x00);
        return Bytes.wrap(s.toByteArray());
    }

    /** Core's {@code CScript << int64}: OP_0, OP_1NEGATE, OP_1..OP_16, or a push of the CScriptNum encoding. */
    static byte[] pushInt(long n) {
        if (n == 0) return new byte[] {0x00};
        if (n == -1 || (n >= 1 && n <= 16)) return new byte[] {(byte) (0x50 + n)};
        byte[] num = scriptNum(n);
        byte[] r = new byte[1 + num.length];
        r[0] = (byte) num.length;
        System.arraycopy(num, 0, r, 1, num.length);
        return r;
    }

    /** Core's {@code CScriptNum::serialize}: little-endian magnitude, sign in the top bit of the last byte. */
    static byte[] scriptNum(long n) {
        if (n == 0) return new byte[0];
        boolean neg = n < 0;
        long abs = Math.abs(n);
        ByteArrayOutputStream b = new ByteArrayOutputStream(9);
        while (abs != 0) {
            b.write((int) (abs & 0xff));
            abs >>>= 8;
        }
        byte[] r = b.toByteArray();
        if ((r[r.length - 1] & 0x80) != 0) {
            byte[] e = new byte[r.length + 1];
            System.arraycopy(r, 0, e, 0, r.length);
            e[r.length] = (byte) (neg ? 0x80 : 0x00);
            return e;
        }
        if (neg) r[r.length - 1] |= (byte) 0x80;
        return r;
    }

    /**
     * Core's {@code GenerateCoinbaseCommitment}: when the coinbase has no commitment, appends the output
     * {@code OP_RETURN 0xaa21a9ed <SHA256d(witness merkle root || 32 zero bytes)>}; with segwit active, the coinbase
     * input gets the 32 zero-byte witness reserved value (Core's {@code UpdateUncommittedBlockStructures}).
     * The witness merkle root takes the coinbase's wtxid as zero, so the coinbase's own witness does not matter.
     */
    static Transaction withWitnessCommitment(Block block, boolean segwitActive) {
        Transaction coinbase = block.transactions().get(0);
        List<TxOut> outs = new ArrayList<>(coinbase.outputs());
        if (Merkle.witnessCommitmentIndex(block) < 0) {
            byte[] b = new byte[64];
            Merkle.witnessMerkleRoot(block).writeTo(b, 0);
            Hash256 commitment = Hashes.sha256d(b, 0, 64);
            byte[] spk = new byte[Merkle.MINIMUM_WITNESS_COMMITMENT];
            System.arraycopy(COMMITMENT_HEADER, 0, spk, 0, COMMITMENT_HEADER.length);
            commitment.writeTo(spk, COMMITMENT_HEADER.length);
            outs.add(new TxOut(0, Bytes.wrap(spk)));
        }
        List<TxIn> ins = new ArrayList<>(coinbase.inputs());
        if (segwitActive && !ins.get(0).hasWitness()) {
            ins.set(0, ins.get(0).withWitness(List.of(Bytes.wrap(new byte[32]))));
        }
        return new Transaction(coinbase.version(), ins, outs, coinbase.lockTime());
    }
}
