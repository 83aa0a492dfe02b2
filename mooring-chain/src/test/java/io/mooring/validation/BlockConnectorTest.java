package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.coins.BlockUndo;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinsViewCache;
import io.mooring.coins.MemoryCoinsStore;
import io.mooring.script.ScriptFlags;
import io.mooring.script.SignatureVerifiers;
import io.mooring.script.VerifyFlag;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting and disconnecting the first 439 real mainnet blocks against a UTXO set built from genesis, with every
 * script checked (block 170 holds the first spend, a signed P2PK input), and Core's reject reason for each rule an
 * altered block breaks.
 */
class BlockConnectorTest {
    private static final ChainParams MAIN = ChainParamsLoader.builtIn("main");
    private static final List<Block> BLOCKS = new ArrayList<>();
    private static final List<BlockIndex> INDEX = new ArrayList<>();
    /** The first spend of bitcoin: block 170, Satoshi to Hal Finney. */
    private static final Hash256 FIRST_SPEND = Hash256.fromHex(
            "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16");

    @BeforeAll
    static void loadChain() throws Exception {
        byte[] file = Chains.vector("blocks", "bitcoinj-first-100k-blocks.dat");
        ChainstateManager m = new ChainstateManager(MAIN);
        int pos = 0;
        while (pos < file.length) {
            int len = (file[pos + 4] & 0xff) | (file[pos + 5] & 0xff) << 8 | (file[pos + 6] & 0xff) << 16
                    | (file[pos + 7] & 0xff) << 24;
            Block b = Block.read(new WireReader(file, pos + 8, len));
            assertThat(m.processNewBlock(b, 0, pos + 8, b.header().time() + 60).error()).isEmpty();
            BLOCKS.add(b);
            INDEX.add(m.lookup(b.hash()));
            pos += 8 + len;
        }
    }

    private static final class CountingRunner implements ScriptCheckRunner {
        final AtomicInteger checks = new AtomicInteger();
        final ScriptCheckRunner inner = ScriptCheckRunner.sequential(SignatureVerifiers.defaultVerifier());

        @Override
        public java.util.Optional<Failure> runAll(List<ScriptCheck> list) {
            checks.addAndGet(list.size());
            return inner.runAll(list);
        }
    }

    /** Connects blocks [0, upTo] into {@code base}, flushing each, and returns their undo records. */
    private static List<BlockUndo> connect(BlockConnector connector, MemoryCoinsStore base, int upTo) {
        List<BlockUndo> undos = new ArrayList<>();
        for (int h = base.bestBlock().isZero() ? 0 : heightOf(base.bestBlock()) + 1; h <= upTo; h++) {
            CoinsViewCache view = new CoinsViewCache(base);
            BlockConnector.ConnectResult r = connector.connectBlock(BLOCKS.get(h), INDEX.get(h), view, true);
            assertThat(r.error()).as("block %d", h).isEmpty();
            view.flush();
            undos.add(r.undo());
        }
        return undos;
    }

    private static int heightOf(Hash256 hash) {
        for (BlockIndex i : INDEX) {
            if (i.hash().equals(hash)) return i.height();
        }
        throw new IllegalArgumentException(hash.toString());
    }

    @Test
    void firstMainnetBlocksConnectWithEveryScriptChecked() {
        CountingRunner runner = new CountingRunner();
        BlockConnector connector = new BlockConnector(MAIN, runner);
        MemoryCoinsStore utxo = new MemoryCoinsStore();
        connect(connector, utxo, BLOCKS.size() - 1);

        assertThat(utxo.bestBlock()).isEqualTo(INDEX.get(438).hash());
        // Outputs created (genesis excluded, it is never added) minus outputs spent.
        long created = 0;
        long spent = 0;
        for (int h = 1; h < BLOCKS.size(); h++) {
            for (Transaction tx : BLOCKS.get(h).transactions()) {
                created += tx.outputs().size();
                if (!tx.isCoinbase()) spent += tx.inputs().size();
            }
        }
        assertThat(spent).as("the early chain has a few spends").isPositive();
        assertThat(runner.checks.get()).isEqualTo((int) spent);
        assertThat(utxo.size()).isEqualTo((int) (created - spent));
        // Block 9's coinbase went to Hal Finney in block 170: gone; the payment and change are there.
        Transaction first = BLOCKS.get(170).transactions().get(1);
        assertThat(first.txid()).isEqualTo(FIRST_SPEND);
        assertThat(utxo.getCoin(first.inputs().get(0).prevout())).isEmpty();
        Coin payment = utxo.getCoin(new OutPoint(FIRST_SPEND, 0)).orElseThrow();
        assertThat(payment.out().value()).isEqualTo(10 * BlockChecks.COIN);
        assertThat(payment.height()).isEqualTo(170);
        assertThat(payment.coinbase()).isFalse();
        Coin genesisLikeCoinbase = utxo.getCoin(new OutPoint(BLOCKS.get(1).transactions().get(0).txid(), 0))
                .orElseThrow();
        assertThat(genesisLikeCoinbase.coinbase()).isTrue();
        assertThat(utxo.getCoin(new OutPoint(BLOCKS.get(0).transactions().get(0).txid(), 0)))
                .as("the genesis coinbase is never spendable").isEmpty();
    }

    @Test
    void disconnectingBackAndReconnectingRestoresTheUtxoSetExactly() throws Exception {
        BlockConnector connector = new BlockConnector(MAIN, ScriptCheckRunner.sequential(
                SignatureVerifiers.defaultVerifier()));
        MemoryCoinsStore utxo = new MemoryCoinsStore();
        List<BlockUndo> undos = new ArrayList<>(connect(connector, utxo, 100));
        Map<OutPoint, Coin> at100 = utxo.snapshot();
        undos.addAll(connect(connector, utxo, BLOCKS.size() - 1));
        Map<OutPoint, Coin> atTip = utxo.snapshot();

        for (int h = BLOCKS.size() - 1; h > 100; h--) {
            // Through the bytes of Core's rev format, as a node reading rev?????.dat would.
            BlockUndo undo = BlockUndo.read(new WireReader(undos.get(h).serialize()));
            CoinsViewCache view = new CoinsViewCache(utxo);
            assertThat(connector.disconnectBlock(BLOCKS.get(h), INDEX.get(h), undo, view)).as("block %d", h)
                    .isEqualTo(BlockConnector.DisconnectResult.OK);
            view.flush();
        }
        assertThat(utxo.bestBlock()).isEqualTo(INDEX.get(100).hash());
        assertThat(utxo.snapshot()).isEqualTo(at100);

        connect(connector, utxo, BLOCKS.size() - 1);
        assertThat(utxo.snapshot()).isEqualTo(atTip);
    }

    /** Connects blocks up to 169, then block 170 altered by {@code change}, returning the result. */
    private static BlockConnector.ConnectResult connect170(UnaryOperator<Transaction> change,
                                                           UnaryOperator<Transaction> coinbaseChange) {
        BlockConnector connector = new BlockConnector(MAIN, ScriptCheckRunner.sequential(
                SignatureVerifiers.defaultVerifier()));
        MemoryCoinsStore utxo = new MemoryCoinsStore();
        connect(connector, utxo, 169);
        Block b = BLOCKS.get(170);
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.set(0, coinbaseChange.apply(txs.get(0)));
        txs.set(1, change.apply(txs.get(1)));
        // The header (and so the index entry) stays: ConnectBlock runs after CheckBlock, so only its rules speak.
        return connector.connectBlock(new Block(b.header(), txs), INDEX.get(170), new CoinsViewCache(utxo), true);
    }

    private static Transaction withInput(Transaction tx, TxIn in) {
        return new Transaction(tx.version(), List.of(in), tx.outputs(), tx.lockTime());
    }

    private static Transaction withFirstOutputValue(Transaction tx, long value) {
        List<TxOut> outs = new ArrayList<>(tx.outputs());
        outs.set(0, new TxOut(value, outs.get(0).scriptPubKey()));
        return new Transaction(tx.version(), tx.inputs(), outs, tx.lockTime());
    }

    @Test
    void aDamagedSignatureFailsWithCoresScriptReason() {
        var r = connect170(tx -> {
            TxIn in = tx.inputs().get(0);
            byte[] sig = in.scriptSig().toArray();
            sig[20] ^= 1; // inside r of the DER signature
            return withInput(tx, new TxIn(in.prevout(), Bytes.wrap(sig), in.sequence(), in.witness()));
        }, UnaryOperator.identity());
        assertThat(r.error()).hasValueSatisfying(e -> {
            assertThat(e.result()).isEqualTo(BlockValidationResult.CONSENSUS);
            assertThat(e.reason()).isEqualTo("block-script-verify-flag-failed (Script evaluated without error but "
                    + "finished with a false/empty top stack element)");
            assertThat(e.debugMessage()).startsWith("input 0 of ");
        });
    }

    @Test
    void spendingAMissingOutputIsRejected() {
        var r = connect170(tx -> {
            TxIn in = tx.inputs().get(0);
            return withInput(tx, new TxIn(new OutPoint(in.prevout().txid(), 7), in.scriptSig(), in.sequence(),
                    in.witness()));
        }, UnaryOperator.identity());
        assertThat(r.error()).hasValueSatisfying(e ->
                assertThat(e.reason()).isEqualTo("bad-txns-inputs-missingorspent"));
    }

    @Test
    void spendingAnImmatureCoinbaseIsRejected() {
        Hash256 coinbase100 = BLOCKS.get(100).transactions().get(0).txid();
        var r = connect170(tx -> {
            TxIn in = tx.inputs().get(0);
            return withInput(tx, new TxIn(new OutPoint(coinbase100, 0), in.scriptSig(), in.sequence(),
                    in.witness()));
        }, UnaryOperator.identity());
        assertThat(r.error()).hasValueSatisfying(e -> {
            assertThat(e.reason()).isEqualTo("bad-txns-premature-spend-of-coinbase");
            assertThat(e.debugMessage()).startsWith("tried to spend coinbase at depth 70");
        });
    }

    @Test
    void spendingMoreThanTheInputsIsRejected() {
        var r = connect170(tx -> withFirstOutputValue(tx, 11 * BlockChecks.COIN), UnaryOperator.identity());
        assertThat(r.error()).hasValueSatisfying(e -> {
            assertThat(e.reason()).isEqualTo("bad-txns-in-belowout");
            assertThat(e.debugMessage()).startsWith("value in (50.00) < value out (51.00)");
        });
    }

    @Test
    void aCoinbaseClaimingMoreThanSubsidyAndFeesIsRejected() {
        var r = connect170(UnaryOperator.identity(), cb -> withFirstOutputValue(cb, 50 * BlockChecks.COIN + 1));
        assertThat(r.error()).hasValueSatisfying(e -> {
            assertThat(e.reason()).isEqualTo("bad-cb-amount");
            assertThat(e.debugMessage()).isEqualTo("coinbase pays too much (actual=5000000001 vs limit=5000000000)");
        });
    }

    @Test
    void skippedScriptChecksAcceptTheDamagedSignature() {
        // -assumevalid's effect: with script checks off, only the other rules apply.
        BlockConnector connector = new BlockConnector(MAIN, ScriptCheckRunner.sequential(
                SignatureVerifiers.defaultVerifier()));
        MemoryCoinsStore utxo = new MemoryCoinsStore();
        connect(connector, utxo, 169);
        Block b = BLOCKS.get(170);
        List<Transaction> txs = new ArrayList<>(b.transactions());
        TxIn in = txs.get(1).inputs().get(0);
        byte[] sig = in.scriptSig().toArray();
        sig[20] ^= 1;
        txs.set(1, withInput(txs.get(1), new TxIn(in.prevout(), Bytes.wrap(sig), in.sequence(), in.witness())));
        var r = connector.connectBlock(new Block(b.header(), txs), INDEX.get(170), new CoinsViewCache(utxo), false);
        assertThat(r.isValid()).isTrue();
    }

    @Test
    void blockScriptFlagsFollowTheDeploymentsAndCoresExceptions() {
        ChainParams.Deployments d = MAIN.consensus().deployments();
        assertThat(BlockConnector.blockScriptFlags(INDEX.get(170), d))
                .isEqualTo(ScriptFlags.of(VerifyFlag.P2SH, VerifyFlag.WITNESS, VerifyFlag.TAPROOT));
        BlockIndex late = Chains.root(d.segwitHeight(), 1_500_000_000L, 0x1d00ffffL);
        assertThat(BlockConnector.blockScriptFlags(late, d)).isEqualTo(ScriptFlags.of(VerifyFlag.P2SH,
                VerifyFlag.WITNESS, VerifyFlag.TAPROOT, VerifyFlag.DERSIG, VerifyFlag.CHECKLOCKTIMEVERIFY,
                VerifyFlag.CHECKSEQUENCEVERIFY, VerifyFlag.NULLDUMMY));
        assertThat(BlockConnector.blockSubsidy(0, 210_000)).isEqualTo(50 * BlockChecks.COIN);
        assertThat(BlockConnector.blockSubsidy(210_000, 210_000)).isEqualTo(25 * BlockChecks.COIN);
        assertThat(BlockConnector.blockSubsidy(64 * 210_000, 210_000)).isZero();
    }
}
