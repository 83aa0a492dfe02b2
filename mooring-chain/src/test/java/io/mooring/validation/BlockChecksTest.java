package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParams.Consensus;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Core's CheckBlock / CheckTransaction / ContextualCheckBlock on real blocks, accepted as they are and mutated. */
class BlockChecksTest {
    private static final Consensus MAIN = ChainParamsLoader.builtIn("main").consensus();
    private static final Consensus TESTNET3 = ChainParamsLoader.builtIn("test").consensus();

    private static Block read(String name) {
        try {
            return Block.read(new WireReader(Chains.vector("blocks", name)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A parent at {@code height - 1} whose median time past is just before the block. */
    private static BlockIndex parentOf(Block b, int height) {
        return Chains.root(height - 1, b.header().time() - 1, b.header().bits());
    }

    /** The block with other transactions and the header's merkle root recomputed (its proof of work is then lost). */
    private static Block withTxs(Block b, List<Transaction> txs) {
        Block tmp = new Block(b.header(), txs);
        BlockHeader h = b.header();
        return new Block(new BlockHeader(h.version(), h.prevBlock(), Merkle.blockMerkleRoot(tmp), h.time(), h.bits(),
                h.nonce()), txs);
    }

    private static Block withTx(Block b, int index, UnaryOperator<Transaction> change) {
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.set(index, change.apply(txs.get(index)));
        return withTxs(b, txs);
    }

    private static String reason(Optional<ValidationError> e) {
        return e.orElseThrow().reason();
    }

    private static Optional<ValidationError> checkNoPow(Block b) {
        return BlockChecks.checkBlock(b, MAIN, false, true);
    }

    @Test
    void realBlocksPassBothChecksUnderTheirOwnChainsRules() {
        record Case(String file, Consensus c, int height, int txs) {
        }
        for (Case k : List.of(new Case("bitcoinj-block169482.dat", MAIN, 169482, 14),
                new Case("bitcoinj-block481829.dat", MAIN, 481829, 2020),
                new Case("bitcoinj-block_testnet21066.dat", TESTNET3, 21066, 2),
                new Case("bitcoinj-block_testnet32768.dat", TESTNET3, 32768, 5),
                new Case("bitcoinj-block_testnet700000.dat", TESTNET3, 700000, 4))) {
            Block b = read(k.file());
            assertThat(b.transactions()).hasSize(k.txs());
            assertThat(BlockChecks.checkBlock(b, k.c(), true, true)).as(k.file()).isEmpty();
            assertThat(BlockChecks.contextualCheckBlock(b, parentOf(b, k.height()), k.c())).as(k.file()).isEmpty();
        }
    }

    @Test
    void merkleRootMismatchAndDuplicateTransactionsAreMutations() {
        Block b = read("bitcoinj-block169482.dat");
        List<Transaction> swapped = new ArrayList<>(b.transactions());
        swapped.set(1, b.transactions().get(2));
        swapped.set(2, b.transactions().get(1));
        ValidationError e = BlockChecks.checkBlock(new Block(b.header(), swapped), MAIN, true, true).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-txnmrklroot");
        assertThat(e.result()).isEqualTo(BlockValidationResult.MUTATED);
        assertThat(e.debugMessage()).isEqualTo("hashMerkleRoot mismatch");

        // CVE-2012-2459: five transactions plus a copy of the last have the same root; the real header still matches.
        Block t = read("bitcoinj-block_testnet32768.dat");
        List<Transaction> dup = new ArrayList<>(t.transactions());
        dup.add(dup.getLast());
        Block mutated = new Block(t.header(), dup);
        assertThat(Merkle.blockMerkleRoot(mutated)).isEqualTo(t.header().merkleRoot());
        e = BlockChecks.checkBlock(mutated, TESTNET3, true, true).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-txns-duplicate");
        assertThat(e.result()).isEqualTo(BlockValidationResult.MUTATED);
    }

    @Test
    void sizeAndCoinbasePlacement() {
        Block b = read("bitcoinj-block169482.dat");
        BlockHeader h = b.header();
        Block empty = new Block(new BlockHeader(h.version(), h.prevBlock(), Hash256.ZERO, h.time(), h.bits(), h.nonce()),
                List.of());
        ValidationError e = checkNoPow(empty).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-blk-length");
        assertThat(e.result()).isEqualTo(BlockValidationResult.CONSENSUS);

        assertThat(reason(checkNoPow(withTxs(b, b.transactions().subList(1, 14))))).isEqualTo("bad-cb-missing");
        // The contextual checks alone do not crash on such a block either.
        assertThat(reason(BlockChecks.contextualCheckBlock(withTxs(b, b.transactions().subList(1, 14)),
                parentOf(b, 169482), MAIN))).isEqualTo("bad-cb-missing");
        assertThat(reason(BlockChecks.contextualCheckBlock(empty, parentOf(b, 169482), MAIN))).isEqualTo("bad-cb-missing");

        Transaction cb = b.transactions().get(0);
        Transaction otherCb = new Transaction(cb.version(), List.of(new TxIn(OutPoint.NULL,
                Bytes.fromHex("0101ff"), TxIn.SEQUENCE_FINAL)), cb.outputs(), 0);
        List<Transaction> twoCoinbases = new ArrayList<>(b.transactions());
        twoCoinbases.add(3, otherCb);
        assertThat(reason(checkNoPow(withTxs(b, twoCoinbases)))).isEqualTo("bad-cb-multiple");
    }

    @Test
    void everyTransactionCheckFailsWithCoresReason() {
        Block b = read("bitcoinj-block169482.dat");
        Transaction tx = b.transactions().get(1);
        assertThat(BlockChecks.checkTransaction(tx)).isEmpty();
        TxIn in0 = tx.inputs().get(0);
        TxOut out0 = tx.outputs().get(0);
        Bytes spk = out0.scriptPubKey();

        expectTx(b, t -> new Transaction(1, List.of(), t.outputs(), 0), "bad-txns-vin-empty");
        expectTx(b, t -> new Transaction(1, t.inputs(), List.of(), 0), "bad-txns-vout-empty");
        expectTx(b, t -> new Transaction(1, t.inputs(), List.of(new TxOut(-1, spk)), 0), "bad-txns-vout-negative");
        expectTx(b, t -> new Transaction(1, t.inputs(), List.of(new TxOut(BlockChecks.MAX_MONEY + 1, spk)), 0),
                "bad-txns-vout-toolarge");
        expectTx(b, t -> new Transaction(1, t.inputs(), List.of(new TxOut(BlockChecks.MAX_MONEY, spk),
                new TxOut(1, spk)), 0), "bad-txns-txouttotal-toolarge");
        expectTx(b, t -> new Transaction(1, List.of(in0, in0), t.outputs(), 0), "bad-txns-inputs-duplicate");
        expectTx(b, t -> new Transaction(1, List.of(in0, new TxIn(OutPoint.NULL, Bytes.EMPTY, 0)), t.outputs(), 0),
                "bad-txns-prevout-null");
        // An oversize transaction makes its block oversize first ("bad-blk-length"), as in Core; alone it is
        // "bad-txns-oversize".
        Transaction oversize = new Transaction(1, tx.inputs(), List.of(new TxOut(0, Bytes.wrap(new byte[1_000_001]))), 0);
        assertThat(reason(BlockChecks.checkTransaction(oversize))).isEqualTo("bad-txns-oversize");
        assertThat(reason(checkNoPow(withTx(b, 1, t -> oversize)))).isEqualTo("bad-blk-length");
        // The coinbase scriptSig must be 2..100 bytes.
        for (int len : new int[] {1, 101}) {
            Block cb = withTx(b, 0, t -> new Transaction(t.version(), List.of(new TxIn(OutPoint.NULL,
                    Bytes.wrap(new byte[len]), TxIn.SEQUENCE_FINAL)), t.outputs(), 0));
            assertThat(reason(checkNoPow(cb))).isEqualTo("bad-cb-length");
        }
        for (int len : new int[] {2, 100}) {
            Block cb = withTx(b, 0, t -> new Transaction(t.version(), List.of(new TxIn(OutPoint.NULL,
                    Bytes.wrap(new byte[len]), TxIn.SEQUENCE_FINAL)), t.outputs(), 0));
            assertThat(checkNoPow(cb)).isEmpty();
        }
        assertThat(in0.prevout().isNull()).isFalse();
    }

    private static void expectTx(Block b, UnaryOperator<Transaction> change, String reason) {
        Block mutated = withTx(b, 1, change);
        ValidationError e = checkNoPow(mutated).orElseThrow();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.result()).isEqualTo(BlockValidationResult.CONSENSUS);
        assertThat(e.debugMessage()).startsWith("Transaction check failed (tx hash "
                + mutated.transactions().get(1).txid() + ")");
    }

    @Test
    void legacySigopsAreCountedAsCoreDoes() {
        Block b = read("bitcoinj-block169482.dat");
        byte[] checksigs = new byte[20_001];
        Arrays.fill(checksigs, (byte) 0xac);
        Block over = withTx(b, 1, t -> new Transaction(1, t.inputs(), List.of(new TxOut(0, Bytes.wrap(checksigs))), 0));
        assertThat(reason(checkNoPow(over))).isEqualTo("bad-blk-sigops");
        // A pay-to-pubkey-hash output counts one; CHECKMULTISIG counts 20; a truncated push stops the count.
        assertThat(BlockChecks.sigOpCount(Bytes.fromHex("76a914" + "00".repeat(20) + "88ac"))).isEqualTo(1);
        assertThat(BlockChecks.sigOpCount(Bytes.fromHex("51ae"))).isEqualTo(20);
        assertThat(BlockChecks.sigOpCount(Bytes.fromHex("ac4c05acac"))).isEqualTo(1);
        assertThat(BlockChecks.sigOpCount(Bytes.fromHex("4cac"))).isZero(); // PUSHDATA1 of 0xac bytes: truncated
    }

    @Test
    void bip34HeightMustOpenTheCoinbase() {
        Block b = read("bitcoinj-block481829.dat");
        ValidationError e = BlockChecks.contextualCheckBlock(b, parentOf(b, 481830), MAIN).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-cb-height");
        assertThat(e.result()).isEqualTo(BlockValidationResult.CONSENSUS);
        Block t = read("bitcoinj-block_testnet700000.dat");
        assertThat(reason(BlockChecks.contextualCheckBlock(t, parentOf(t, 700001), TESTNET3))).isEqualTo("bad-cb-height");
        // Before BIP34 (testnet3: 21111) no height is required.
        Block early = read("bitcoinj-block_testnet21066.dat");
        assertThat(BlockChecks.contextualCheckBlock(early, parentOf(early, 21000), TESTNET3)).isEmpty();
        assertThat(BlockChecks.heightPush(1)).containsExactly(0x51);
        assertThat(BlockChecks.heightPush(16)).containsExactly(0x60);
        assertThat(BlockChecks.heightPush(17)).containsExactly(0x01, 0x11);
        assertThat(BlockChecks.heightPush(128)).containsExactly(0x02, 0x80, 0x00);
        assertThat(BlockChecks.heightPush(481829)).containsExactly(0x03, 0x25, 0x5a, 0x07);
    }

    @Test
    void witnessCommitmentRulesOnTheRealSegwitBlock() {
        Block b = read("bitcoinj-block481829.dat");
        BlockIndex prev = parentOf(b, 481829);
        // The coinbase witness is not part of the txid: the real header still commits to these blocks.
        Block shortNonce = withCoinbaseWitness(b, List.of(Bytes.wrap(new byte[31])));
        assertThat(BlockChecks.checkBlock(shortNonce, MAIN, true, true)).isEmpty();
        ValidationError e = BlockChecks.contextualCheckBlock(shortNonce, prev, MAIN).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-witness-nonce-size");
        assertThat(e.result()).isEqualTo(BlockValidationResult.MUTATED);
        assertThat(reason(BlockChecks.contextualCheckBlock(withCoinbaseWitness(b, List.of(Bytes.wrap(new byte[32]),
                Bytes.wrap(new byte[32]))), prev, MAIN))).isEqualTo("bad-witness-nonce-size");
        byte[] otherNonce = b.transactions().get(0).inputs().get(0).witness().get(0).toArray();
        otherNonce[0] ^= 1;
        e = BlockChecks.contextualCheckBlock(withCoinbaseWitness(b, List.of(Bytes.wrap(otherNonce))), prev, MAIN)
                .orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-witness-merkle-match");
        assertThat(e.result()).isEqualTo(BlockValidationResult.MUTATED);
        // Before segwit the same block's witness data is unexpected.
        ChainParams noSegwit = Chains.with(ChainParamsLoader.builtIn("main"), MAIN.pow(),
                Chains.deployments(227931, 388381, 363725, 419328, 600_000));
        e = BlockChecks.contextualCheckBlock(b, prev, noSegwit.consensus()).orElseThrow();
        assertThat(e.reason()).isEqualTo("unexpected-witness");
        assertThat(e.result()).isEqualTo(BlockValidationResult.MUTATED);
    }

    @Test
    void aWitnessOnAPreSegwitBlockIsUnexpected() {
        Block b = read("bitcoinj-block169482.dat");
        Block withWitness = withTxKeepingHeader(b, 1, t -> new Transaction(t.version(),
                List.of(t.inputs().get(0).withWitness(List.of(Bytes.wrap(new byte[] {1})))), t.outputs(), t.lockTime()));
        assertThat(BlockChecks.checkBlock(withWitness, MAIN, true, true)).isEmpty(); // txids unchanged
        assertThat(reason(BlockChecks.contextualCheckBlock(withWitness, parentOf(b, 169482), MAIN)))
                .isEqualTo("unexpected-witness");
    }

    @Test
    void nonFinalTransactionsAndOverweightBlocks() {
        Block b = read("bitcoinj-block169482.dat");
        Block nonFinal = withTx(b, 1, t -> new Transaction(t.version(), List.of(new TxIn(t.inputs().get(0).prevout(),
                t.inputs().get(0).scriptSig(), 0)), t.outputs(), 169482));
        assertThat(checkNoPow(nonFinal)).isEmpty();
        ValidationError e = BlockChecks.contextualCheckBlock(nonFinal, parentOf(b, 169482), MAIN).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-txns-nonfinal");
        // A lock time of 169482 is final from block 169483 on (lock time below the height).
        assertThat(BlockChecks.contextualCheckBlock(nonFinal, parentOf(b, 169483), MAIN)).isEmpty();
        assertThat(BlockChecks.isFinalTx(nonFinal.transactions().get(1), 169483, 0)).isTrue();
        assertThat(BlockChecks.isFinalTx(nonFinal.transactions().get(1), 169482, 0)).isFalse();

        // The segwit block with a large witness added and the commitment and merkle root redone: only the weight fails.
        Block s = read("bitcoinj-block481829.dat");
        int extra = BlockChecks.MAX_BLOCK_WEIGHT - s.weight() + 1;
        List<Transaction> txs = new ArrayList<>(s.transactions());
        Transaction t1 = txs.get(1);
        List<TxIn> ins = new ArrayList<>(t1.inputs());
        ins.set(0, ins.get(0).withWitness(List.of(Bytes.wrap(new byte[extra]))));
        txs.set(1, new Transaction(t1.version(), ins, t1.outputs(), t1.lockTime()));
        Block heavy = recommit(s, txs);
        assertThat(heavy.weight()).isGreaterThan(BlockChecks.MAX_BLOCK_WEIGHT);
        assertThat(checkNoPow(heavy)).isEmpty();
        e = BlockChecks.contextualCheckBlock(heavy, parentOf(s, 481829), MAIN).orElseThrow();
        assertThat(e.reason()).isEqualTo("bad-blk-weight");
        assertThat(e.result()).isEqualTo(BlockValidationResult.CONSENSUS);
    }

    private static Block withCoinbaseWitness(Block b, List<Bytes> stack) {
        return withTxKeepingHeader(b, 0, t -> new Transaction(t.version(),
                List.of(t.inputs().get(0).withWitness(stack)), t.outputs(), t.lockTime()));
    }

    private static Block withTxKeepingHeader(Block b, int index, UnaryOperator<Transaction> change) {
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.set(index, change.apply(txs.get(index)));
        return new Block(b.header(), txs);
    }

    /** Rewrites the coinbase's witness commitment for {@code txs}, then the merkle root. */
    private static Block recommit(Block b, List<Transaction> txs) {
        Block tmp = new Block(b.header(), txs);
        int pos = Merkle.witnessCommitmentIndex(tmp);
        byte[] data = new byte[64];
        Merkle.witnessMerkleRoot(tmp).writeTo(data, 0);
        txs.get(0).inputs().get(0).witness().get(0).copyTo(data, 32);
        Hash256 commitment = Hashes.sha256d(data, 0, 64);
        Transaction cb = txs.get(0);
        List<TxOut> outs = new ArrayList<>(cb.outputs());
        byte[] spk = outs.get(pos).scriptPubKey().toArray();
        commitment.writeTo(spk, 6);
        outs.set(pos, new TxOut(outs.get(pos).value(), Bytes.wrap(spk)));
        List<Transaction> out = new ArrayList<>(txs);
        out.set(0, new Transaction(cb.version(), cb.inputs(), outs, cb.lockTime()));
        return withTxs(b, out);
    }
}
