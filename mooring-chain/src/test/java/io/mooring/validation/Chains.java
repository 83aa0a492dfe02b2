package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParams.Consensus;
import io.mooring.chain.ChainParams.Deployments;
import io.mooring.chain.ChainParams.PowRules;
import io.mooring.chain.Pow;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: parameter variants, index chains with chosen times and bits, and tiny-difficulty mined blocks. */
final class Chains {
    private Chains() {
    }

    static Path vectors(String... parts) {
        return Path.of(System.getProperty("mooring.root"), "..", "shared", "vectors").resolve(String.join("/", parts));
    }

    static byte[] vector(String... parts) {
        try {
            return Files.readAllBytes(vectors(parts));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ChainParams with(ChainParams p, PowRules pow, Deployments d) {
        Consensus c = p.consensus();
        return new ChainParams(p.id(), p.dataDirName(), p.magic(), p.defaultPort(), p.genesis(),
                new Consensus(pow, d, c.subsidyHalvingInterval(), c.minimumChainWork(), c.assumeValid()),
                p.headersPresync(), p.addressEncoding(), p.dnsSeeds(), p.fixedSeeds(), p.signetChallenge());
    }

    static ChainParams withMinimumChainWork(ChainParams p, BigInteger work) {
        Consensus c = p.consensus();
        return new ChainParams(p.id(), p.dataDirName(), p.magic(), p.defaultPort(), p.genesis(),
                new Consensus(c.pow(), c.deployments(), c.subsidyHalvingInterval(), work, c.assumeValid()),
                p.headersPresync(), p.addressEncoding(), p.dnsSeeds(), p.fixedSeeds(), p.signetChallenge());
    }

    static Deployments deployments(int bip34, int bip65, int bip66, int csv, int segwit) {
        return new Deployments(bip34, Hash256.ZERO, bip65, bip66, csv, segwit);
    }

    /** An index entry at {@code prev}'s height + 1 with the given time and bits (no proof of work). */
    static BlockIndex child(BlockIndex prev, long time, long bits) {
        BlockHeader h = new BlockHeader(4, prev.hash(), new Hash256(prev.height() + 1, time, bits, 1), time, bits, 0);
        return BlockIndex.child(h.hash(), h, prev);
    }

    /** A root anchored at {@code height} (so retarget arithmetic can start mid-chain). */
    static BlockIndex root(int height, long time, long bits) {
        BlockHeader h = new BlockHeader(4, Hash256.ZERO, new Hash256(height, time, bits, 2), time, bits, 0);
        return BlockIndex.anchored(h.hash(), h, height, Pow.blockProof(bits).multiply(BigInteger.valueOf(height + 1)));
    }

    /** Extends {@code from} by {@code n} entries {@code spacing} seconds apart, all with {@code bits}. */
    static BlockIndex extend(BlockIndex from, int n, long spacing, long bits) {
        BlockIndex i = from;
        for (int k = 0; k < n; k++) i = child(i, i.time() + spacing, bits);
        return i;
    }

    /** The coinbase of a block at {@code height}: BIP34 height push, a salt push, 50 coins to OP_TRUE. */
    static Transaction coinbase(int height, long salt) {
        byte[] push = BlockChecks.heightPush(height);
        byte[] script = new byte[push.length + 9];
        System.arraycopy(push, 0, script, 0, push.length);
        script[push.length] = 8;
        for (int i = 0; i < 8; i++) script[push.length + 1 + i] = (byte) (salt >>> (8 * i));
        return new Transaction(1, List.of(new TxIn(OutPoint.NULL, Bytes.wrap(script), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(50 * BlockChecks.COIN, Bytes.wrap(new byte[] {0x51}))), 0);
    }

    /** Grinds the nonce until the header meets its bits. */
    static BlockHeader mine(int version, Hash256 prev, Hash256 merkle, long time, long bits) {
        BigInteger target = Pow.compactToTarget(bits);
        for (long nonce = 0; ; nonce++) {
            BlockHeader h = new BlockHeader(version, prev, merkle, time, bits, nonce);
            if (Pow.toBigInteger(h.hash()).compareTo(target) <= 0) return h;
        }
    }

    /** A valid block on {@code prev} under {@code params}, {@code spacing} seconds after it, with a salted coinbase. */
    static Block block(ChainParams params, BlockIndex prev, long spacing, long salt) {
        long time = prev.time() + spacing;
        long bits = DifficultyRules.nextWorkRequired(prev, time, params.consensus().pow());
        Transaction cb = coinbase(prev.height() + 1, salt);
        BlockHeader h = mine(4, prev.hash(), cb.txid(), time, bits);
        return new Block(h, List.of(cb));
    }

    /** Builds and accepts {@code n} blocks on {@code from}; returns them. */
    static List<Block> blocks(ChainstateManager m, BlockIndex from, int n, long spacing, long salt, long now) {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = block(m.params(), prev, spacing, salt * 1000 + i);
            AcceptResult r = m.acceptBlock(b, 0, 0, now);
            if (!r.isValid()) throw new AssertionError("block " + i + ": " + r.error());
            out.add(b);
            prev = r.index();
        }
        return out;
    }
}
