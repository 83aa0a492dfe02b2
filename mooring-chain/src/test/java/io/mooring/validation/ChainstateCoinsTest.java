package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.BlockStatus;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.coins.BlockUndo;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinsViewCache;
import io.mooring.coins.MemoryCoinsStore;
import io.mooring.script.SignatureVerifiers;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ChainstateManager with the UTXO set attached: blocks join the active chain only if they connect, reorganisations
 * go through undo data, a block failing a coins rule is marked invalid and the best valid chain wins, and the tip
 * follows the coins' best block at attach time (Core's LoadChainTip).
 */
class ChainstateCoinsTest {
    private static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");
    private static final long NOW = 2_000_000_000L;

    /** Block and undo storage in memory, undo kept as Core's rev bytes. */
    static final class MemoryChainstate implements ChainstateCoins {
        final MemoryCoinsStore base = new MemoryCoinsStore();
        final CoinsViewCache tip = new CoinsViewCache(base);
        final Map<Hash256, Block> blocks = new HashMap<>();
        final Map<Hash256, byte[]> undo = new HashMap<>();
        final List<String> checked = new ArrayList<>();

        @Override
        public CoinsViewCache coinsTip() {
            return tip;
        }

        @Override
        public Block readBlock(BlockIndex index) {
            return blocks.get(index.hash());
        }

        @Override
        public void writeUndo(BlockIndex index, BlockUndo u) {
            undo.put(index.hash(), u.serialize());
        }

        @Override
        public BlockUndo readUndo(BlockIndex index) throws java.io.IOException {
            try {
                return BlockUndo.read(new WireReader(undo.get(index.hash())));
            } catch (io.mooring.wire.ProtocolException e) {
                throw new java.io.IOException(e);
            }
        }

        @Override
        public boolean checkScripts(BlockIndex index) {
            return true;
        }

        Map<OutPoint, Coin> utxo() {
            tip.flush();
            return base.snapshot();
        }
    }

    private static ChainstateManager withCoins(MemoryChainstate cs) {
        ChainstateManager m = new ChainstateManager(REGTEST);
        m.attachCoins(cs, new BlockConnector(REGTEST, ScriptCheckRunner.sequential(
                SignatureVerifiers.defaultVerifier())));
        m.addListener(new ChainListener() {
            @Override
            public void blockChecked(BlockIndex index, Block block, Optional<ValidationError> error) {
                cs.checked.add(index.height() + ":" + error.map(ValidationError::reason).orElse("ok"));
            }
        });
        return m;
    }

    /** A block on {@code prev} with the given transactions after a coinbase paying {@code coinbaseValue}. */
    private static Block block(BlockIndex prev, long salt, long coinbaseValue, List<Transaction> txs) {
        Transaction cb0 = Chains.coinbase(prev.height() + 1, salt);
        Transaction cb = new Transaction(cb0.version(), cb0.inputs(),
                List.of(new TxOut(coinbaseValue, cb0.outputs().get(0).scriptPubKey())), 0);
        List<Transaction> all = new ArrayList<>();
        all.add(cb);
        all.addAll(txs);
        long time = prev.time() + 600;
        long bits = DifficultyRules.nextWorkRequired(prev, time, REGTEST.consensus().pow());
        BlockHeader h = Chains.mine(4, prev.hash(), merkleRoot(all), time, bits);
        return new Block(h, all);
    }

    private static Hash256 merkleRoot(List<Transaction> txs) {
        List<Hash256> level = new ArrayList<>();
        for (Transaction t : txs) level.add(t.txid());
        return io.mooring.wire.primitives.Merkle.root(level, new boolean[1]);
    }

    private static BlockIndex submit(ChainstateManager m, MemoryChainstate cs, Block b) {
        cs.blocks.put(b.hash(), b);
        AcceptResult r = m.processNewBlock(b, 0, 0, NOW);
        assertThat(r.error()).as("accept %s", b.hash()).isEmpty();
        return r.index();
    }

    private static List<Block> chain(ChainstateManager m, MemoryChainstate cs, BlockIndex from, int n, long salt) {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = block(prev, salt * 100 + i, 50 * BlockChecks.COIN, List.of());
            out.add(b);
            prev = submit(m, cs, b);
        }
        return out;
    }

    @Test
    void connectedBlocksReachTheCoinsAndScriptValidity() {
        MemoryChainstate cs = new MemoryChainstate();
        ChainstateManager m = withCoins(cs);
        chain(m, cs, m.tip(), 3, 1);
        assertThat(m.tip().height()).isEqualTo(3);
        assertThat(cs.tip.bestBlock()).isEqualTo(m.tip().hash());
        assertThat(m.tip().isValid(BlockStatus.VALID_SCRIPTS)).isTrue();
        assertThat(m.tip().status() & BlockStatus.HAVE_UNDO).isNotZero();
        assertThat(cs.utxo()).hasSize(3);
        assertThat(cs.checked).containsExactly("1:ok", "2:ok", "3:ok");
    }

    @Test
    void aBlockBreakingACoinsRuleIsMarkedInvalidAndTheTipStays() {
        MemoryChainstate cs = new MemoryChainstate();
        ChainstateManager m = withCoins(cs);
        BlockIndex genesis = m.tip();
        Block greedy = block(genesis, 7, 50 * BlockChecks.COIN + 1, List.of());
        cs.blocks.put(greedy.hash(), greedy);
        assertThat(m.processNewBlock(greedy, 0, 0, NOW).isValid()).as("structurally fine").isTrue();
        assertThat(m.tip()).isSameAs(genesis);
        assertThat(m.lookup(greedy.hash()).isFailed()).isTrue();
        assertThat(cs.checked).containsExactly("1:bad-cb-amount");
        // A valid sibling takes its place.
        chain(m, cs, genesis, 1, 2);
        assertThat(m.tip().height()).isEqualTo(1);
        assertThat(cs.tip.bestBlock()).isEqualTo(m.tip().hash());
    }

    @Test
    void aReorganisationRestoresTheCoinsOfTheWinningChainExactly() {
        MemoryChainstate cs = new MemoryChainstate();
        ChainstateManager m = withCoins(cs);
        BlockIndex genesis = m.tip();
        // Chain A matures its first coinbase and spends it, so disconnecting must restore a spent coin.
        List<Block> a = chain(m, cs, genesis, 101, 1);
        Transaction cbA1 = a.get(0).transactions().get(0);
        Transaction spend = new Transaction(2, List.of(new TxIn(new OutPoint(cbA1.txid(), 0), Bytes.EMPTY,
                TxIn.SEQUENCE_FINAL)), List.of(new TxOut(49 * BlockChecks.COIN, Bytes.wrap(new byte[]{0x51}))), 0);
        Block withSpend = block(m.tip(), 999, 51 * BlockChecks.COIN, List.of(spend));
        submit(m, cs, withSpend);
        assertThat(m.tip().height()).isEqualTo(102);
        assertThat(cs.checked).last().isEqualTo("102:ok");
        Map<OutPoint, Coin> afterA = cs.utxo();
        assertThat(afterA).doesNotContainKey(new OutPoint(cbA1.txid(), 0));

        // Chain B from genesis, one block longer: A is disconnected through its undo data.
        MemoryChainstate reference = new MemoryChainstate();
        ChainstateManager onlyB = withCoins(reference);
        List<Block> b = chain(onlyB, reference, onlyB.tip(), 103, 2);
        for (Block blk : b) submit(m, cs, blk);
        assertThat(m.tip().hash()).isEqualTo(b.get(102).hash());
        assertThat(cs.utxo()).isEqualTo(reference.utxo());
        assertThat(cs.utxo()).doesNotContainKey(new OutPoint(spend.txid(), 0));
    }

    @Test
    void aReorganisationOntoAChainWithAnInvalidBlockGoesBack() {
        MemoryChainstate cs = new MemoryChainstate();
        ChainstateManager m = withCoins(cs);
        BlockIndex genesis = m.tip();
        List<Block> a = chain(m, cs, genesis, 2, 1);
        Map<OutPoint, Coin> afterA = cs.utxo();
        // B: two good blocks, then one that overpays; headers-wise B is the better chain.
        List<Block> b = new ArrayList<>();
        BlockIndex prev = genesis;
        for (int i = 0; i < 3; i++) {
            Block blk = block(prev, 50 + i, 50 * BlockChecks.COIN + (i == 2 ? 1 : 0), List.of());
            b.add(blk);
            cs.blocks.put(blk.hash(), blk);
            AcceptResult r = m.acceptBlock(blk, 0, 0, NOW);
            assertThat(r.isValid()).isTrue();
            prev = r.index();
        }
        m.activateBestChain(NOW);
        assertThat(m.tip().hash()).as("back on A").isEqualTo(a.get(1).hash());
        assertThat(m.lookup(b.get(2).hash()).isFailed()).isTrue();
        assertThat(cs.utxo()).isEqualTo(afterA);
    }

    @Test
    void attachingEmptyCoinsReconnectsTheKnownChainFromTheBlockStore() {
        // A node whose chainstate is behind its block index (a crash between the two writes) resumes from the coins.
        MemoryChainstate cs = new MemoryChainstate();
        ChainstateManager m = new ChainstateManager(REGTEST);
        List<Block> blocks = Chains.blocks(m, m.tip(), 4, 600, 3, NOW);
        m.activateBestChain(NOW);
        for (Block blk : blocks) cs.blocks.put(blk.hash(), blk);
        assertThat(m.tip().height()).isEqualTo(4);

        m.attachCoins(cs, new BlockConnector(REGTEST, ScriptCheckRunner.sequential(
                SignatureVerifiers.defaultVerifier())));
        assertThat(m.tip().height()).as("the coins are at the genesis").isZero();
        m.activateBestChain(NOW);
        assertThat(m.tip().height()).isEqualTo(4);
        assertThat(cs.tip.bestBlock()).isEqualTo(m.tip().hash());
        assertThat(cs.utxo()).hasSize(4);
    }

    @Test
    void coinsFromAnotherChainAreRefused() {
        MemoryChainstate cs = new MemoryChainstate();
        cs.tip.setBestBlock(Hash256.fromHex("00".repeat(31) + "42"));
        ChainstateManager m = new ChainstateManager(REGTEST);
        assertThatThrownBy(() -> m.attachCoins(cs, new BlockConnector(REGTEST, ScriptCheckRunner.sequential(
                SignatureVerifiers.defaultVerifier())))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold");
    }
}
