package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockStatus;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.InMemoryBlockIndexStore;
import io.mooring.validation.BlockIndexCorruptException.Reason;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainstateManagerTest {
    private static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");
    private static final long NOW = REGTEST.genesisHeader().time() + 600 * 1000;

    /** Records listener calls as short strings: "-h" disconnect, "+h" connect, "tip h fork f", "best h". */
    static final class Recorder implements ChainListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void blockDisconnected(BlockIndex b) {
            events.add("-" + b.height() + ":" + b.hash().toString().substring(0, 8));
        }

        @Override
        public void blockConnected(BlockIndex b) {
            events.add("+" + b.height() + ":" + b.hash().toString().substring(0, 8));
        }

        @Override
        public void updatedBlockTip(BlockIndex tip, BlockIndex fork, boolean ibd) {
            events.add("tip " + tip.height() + ":" + tip.hash().toString().substring(0, 8) + " fork " + fork.height()
                    + ":" + fork.hash().toString().substring(0, 8));
        }
    }

    private static String id(Block b, int height) {
        return height + ":" + b.hash().toString().substring(0, 8);
    }

    @Test
    void everyBuiltInChainStartsAtItsRealGenesis() throws Exception {
        Map<String, String> genesis = Map.of(
                "main", "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
                "test", "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
                "testnet4", "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
                "signet", "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
                "regtest", "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
        for (String name : ChainParamsLoader.builtInNames()) {
            ChainParams p = ChainParamsLoader.builtIn(name);
            ChainstateManager m = new ChainstateManager(p);
            assertThat(m.tip().hash()).as(name).isEqualTo(Hash256.fromHex(genesis.get(name)));
            assertThat(m.tip().height()).isZero();
            assertThat(m.tip().chainTxCount()).isEqualTo(1);
            assertThat(m.bestHeader()).isSameAs(m.tip());
            // The real genesis blocks pass the context-free block checks.
            Block g = Block.read(new WireReader(p.genesisBlock().toArray()));
            assertThat(BlockChecks.checkBlock(g, p.consensus(), true, true)).as(name).isEmpty();
        }
        assertThat(ChainParamsLoader.builtInNames()).containsExactlyInAnyOrderElementsOf(genesis.keySet());
    }

    /** The first 439 real mainnet blocks, accepted and connected one by one. */
    @Test
    void realMainnetBlocksConnectInOrder() throws Exception {
        ChainParams main = ChainParamsLoader.builtIn("main");
        byte[] file = Chains.vector("blocks", "bitcoinj-first-100k-blocks.dat");
        ChainstateManager m = new ChainstateManager(main);
        Recorder rec = new Recorder();
        m.addListener(rec);
        int pos = 0;
        int count = 0;
        int lastPos = -1;
        while (pos < file.length) {
            int len = (file[pos + 4] & 0xff) | (file[pos + 5] & 0xff) << 8 | (file[pos + 6] & 0xff) << 16
                    | (file[pos + 7] & 0xff) << 24;
            Block b = Block.read(new WireReader(file, pos + 8, len));
            AcceptResult r = m.processNewBlock(b, 0, pos + 8, b.header().time() + 60);
            assertThat(r.error()).as("block %d", count).isEmpty();
            lastPos = pos + 8;
            pos += 8 + len;
            count++;
        }
        assertThat(count).isEqualTo(439);
        assertThat(m.tip().height()).isEqualTo(438);
        assertThat(m.tip().hash()).isEqualTo(
                Hash256.fromHex("0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a"));
        assertThat(m.tip().isValid(BlockStatus.VALID_TRANSACTIONS)).isTrue();
        assertThat(m.tip().dataPos()).isEqualTo(lastPos);
        assertThat(m.tip().chainTxCount()).isGreaterThan(439); // a few early blocks carry transactions
        assertThat(rec.events).hasSize(2 * 438).allMatch(e -> !e.startsWith("-"));
        assertThat(m.isInitialBlockDownload(m.tip().time())).isTrue(); // far below mainnet's minimum chain work
    }

    @Test
    void moreWorkBranchWinsAndListenersSeeDisconnectThenConnect() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        Recorder rec = new Recorder();
        m.addListener(rec);
        BlockIndex genesis = m.tip();
        List<Block> a = Chains.blocks(m, genesis, 5, 600, 1, NOW);
        assertThat(m.activateBestChain(NOW)).isTrue();
        List<String> expected = new ArrayList<>();
        String prev = "0:" + genesis.hash().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            // Core connects one block per step here: each one already beats the step's starting tip.
            expected.add("+" + id(a.get(i), i + 1));
            expected.add("tip " + id(a.get(i), i + 1) + " fork " + prev);
            prev = id(a.get(i), i + 1);
        }
        assertThat(rec.events).isEqualTo(expected);
        rec.events.clear();

        BlockIndex a2 = m.lookup(a.get(1).hash());
        List<Block> b = Chains.blocks(m, a2, 4, 601, 2, NOW); // heights 3..6
        assertThat(rec.events).isEmpty();
        assertThat(m.activateBestChain(NOW)).isTrue();
        assertThat(rec.events).containsExactly(
                "-" + id(a.get(4), 5), "-" + id(a.get(3), 4), "-" + id(a.get(2), 3),
                "+" + id(b.get(0), 3), "+" + id(b.get(1), 4), "+" + id(b.get(2), 5), "+" + id(b.get(3), 6),
                "tip " + id(b.get(3), 6) + " fork " + id(a.get(1), 2));
        assertThat(m.tip().hash()).isEqualTo(b.get(3).hash());
        assertThat(m.chainTips()).containsExactly(
                new ChainTip(6, b.get(3).hash(), 0, "active"),
                new ChainTip(5, a.get(4).hash(), 3, "valid-fork"));
        assertThat(m.activateBestChain(NOW)).isFalse();
    }

    @Test
    void equalWorkKeepsTheFirstReceived() {
        for (boolean xFirst : new boolean[] {true, false}) {
            ChainstateManager m = new ChainstateManager(REGTEST);
            Block x = Chains.block(REGTEST, m.tip(), 600, 11);
            Block y = Chains.block(REGTEST, m.tip(), 600, 12);
            m.acceptBlock(xFirst ? x : y, 0, 0, NOW);
            m.acceptBlock(xFirst ? y : x, 0, 0, NOW);
            m.activateBestChain(NOW);
            assertThat(m.tip().hash()).isEqualTo((xFirst ? x : y).hash());
            assertThat(m.chainTips()).extracting(ChainTip::status).containsExactlyInAnyOrder("active", "valid-fork");
        }
        // Once connected, an equal-work competitor received later does not displace the tip.
        ChainstateManager m = new ChainstateManager(REGTEST);
        Block x = Chains.block(REGTEST, m.tip(), 600, 21);
        m.processNewBlock(x, 0, 0, NOW);
        Block y = Chains.block(REGTEST, m.lookup(REGTEST.genesisHash()), 600, 22);
        m.processNewBlock(y, 0, 0, NOW);
        assertThat(m.tip().hash()).isEqualTo(x.hash());
    }

    @Test
    void blocksArrivingBeforeTheirParentsWaitForThem() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        ChainstateManager source = new ChainstateManager(REGTEST);
        List<Block> blocks = Chains.blocks(source, source.tip(), 3, 600, 5, NOW);
        m.processNewBlockHeaders(blocks.stream().map(Block::header).toList(), NOW);
        assertThat(m.bestHeader().height()).isEqualTo(3);
        assertThat(m.acceptBlock(blocks.get(2), 0, 300, NOW).error()).isEmpty();
        assertThat(m.acceptBlock(blocks.get(1), 0, 200, NOW).error()).isEmpty();
        m.activateBestChain(NOW);
        assertThat(m.tip().height()).isZero();
        assertThat(m.lookup(blocks.get(2).hash()).haveNumChainTxs()).isFalse();
        assertThat(m.chainTips()).extracting(ChainTip::status).containsExactly("headers-only", "active");
        m.acceptBlock(blocks.get(0), 0, 100, NOW);
        assertThat(m.lookup(blocks.get(2).hash()).chainTxCount()).isEqualTo(4);
        m.activateBestChain(NOW);
        assertThat(m.tip().hash()).isEqualTo(blocks.get(2).hash());
        assertThat(m.tip().dataPos()).isEqualTo(300);
        assertThat(m.tip().txCount()).isEqualTo(1);
    }

    @Test
    void anInvalidBlockFailsItsBranchAndTheBestHeaderFallsBack() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        List<Block> good = Chains.blocks(m, m.tip(), 2, 600, 1, NOW);
        m.activateBestChain(NOW);
        BlockIndex tip = m.tip();
        // A block at height 3 whose coinbase claims height 4: the header is fine, the block is not (bad-cb-height).
        Transaction wrongCb = Chains.coinbase(4, 99);
        long bits = DifficultyRules.nextWorkRequired(tip, tip.time() + 600, REGTEST.consensus().pow());
        BlockHeader h = Chains.mine(4, tip.hash(), wrongCb.txid(), tip.time() + 600, bits);
        Block bad = new Block(h, List.of(wrongCb));
        // Its header and a descendant's arrive first and make the branch the best header.
        BlockHeader child = Chains.mine(4, h.hash(), new Hash256(5, 5, 5, 5), h.time() + 600, bits);
        assertThat(m.acceptBlockHeader(h, NOW).error()).isEmpty();
        assertThat(m.acceptBlockHeader(child, NOW).error()).isEmpty();
        assertThat(m.bestHeader().hash()).isEqualTo(child.hash());

        AcceptResult r = m.acceptBlock(bad, 0, 0, NOW);
        assertThat(r.error().orElseThrow().reason()).isEqualTo("bad-cb-height");
        assertThat(r.error().orElseThrow().result()).isEqualTo(BlockValidationResult.CONSENSUS);
        assertThat(r.index().status() & BlockStatus.FAILED_VALID).isNotZero();
        assertThat(m.lookup(child.hash()).status() & BlockStatus.FAILED_CHILD).isNotZero();
        assertThat(m.bestHeader()).isSameAs(tip);
        assertThat(m.bestInvalid()).isSameAs(r.index());
        assertThat(m.acceptBlockHeader(h, NOW).error().orElseThrow().reason()).isEqualTo("duplicate-invalid");
        assertThat(m.acceptBlockHeader(h, NOW).error().orElseThrow().result())
                .isEqualTo(BlockValidationResult.CACHED_INVALID);
        BlockHeader grandChild = Chains.mine(4, child.hash(), Hash256.ZERO, child.time() + 600, bits);
        AcceptResult gc = m.acceptBlockHeader(grandChild, NOW);
        assertThat(gc.error().orElseThrow().result()).isEqualTo(BlockValidationResult.INVALID_PREV);
        assertThat(gc.error().orElseThrow().reason()).isEqualTo("bad-prevblk");
        assertThat(m.chainTips()).extracting(ChainTip::height, ChainTip::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, "invalid"), org.assertj.core.groups.Tuple.tuple(2, "active"));
        assertThat(good).hasSize(2);
    }

    @Test
    void aMutatedBodyDoesNotMarkTheHeaderInvalid() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        Block real = Chains.block(REGTEST, m.tip(), 600, 3);
        // A witness on the coinbase without a commitment: "unexpected-witness", a MUTATED block.
        Transaction cb = real.transactions().get(0);
        TxIn in = cb.inputs().get(0).withWitness(List.of(Bytes.wrap(new byte[32])));
        Block mutated = new Block(real.header(), List.of(new Transaction(cb.version(), List.of(in), cb.outputs(),
                cb.lockTime())));
        AcceptResult r = m.acceptBlock(mutated, 0, 0, NOW);
        assertThat(r.error().orElseThrow().reason()).isEqualTo("unexpected-witness");
        assertThat(r.error().orElseThrow().result()).isEqualTo(BlockValidationResult.MUTATED);
        assertThat(r.index().isFailed()).isFalse();
        assertThat(r.index().haveData()).isFalse();
        assertThat(m.processNewBlock(real, 0, 0, NOW).error()).isEmpty();
        assertThat(m.tip().hash()).isEqualTo(real.hash());
    }

    @Test
    void initialBlockDownloadLatchesOffOnceTheTipIsRecentAndHasEnoughWork() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        Chains.blocks(m, m.tip(), 2, 600, 1, NOW);
        m.activateBestChain(NOW);
        long tipTime = m.tip().time();
        assertThat(m.isInitialBlockDownload(tipTime + ChainstateManager.DEFAULT_MAX_TIP_AGE + 1)).isTrue();
        assertThat(m.isInitialBlockDownload(tipTime + ChainstateManager.DEFAULT_MAX_TIP_AGE)).isFalse();
        assertThat(m.isInitialBlockDownload(tipTime + 10 * ChainstateManager.DEFAULT_MAX_TIP_AGE)).isFalse(); // latched

        ChainParams demanding = Chains.withMinimumChainWork(REGTEST, BigInteger.valueOf(7)); // 3 blocks x 2 + genesis 2
        ChainstateManager d = new ChainstateManager(demanding);
        Chains.blocks(d, d.tip(), 2, 600, 1, NOW);
        d.activateBestChain(NOW);
        assertThat(d.tip().chainWork()).isEqualTo(BigInteger.valueOf(6));
        assertThat(d.isInitialBlockDownload(d.tip().time())).isTrue();
        Chains.blocks(d, d.tip(), 1, 600, 2, NOW);
        d.activateBestChain(NOW);
        assertThat(d.isInitialBlockDownload(d.tip().time())).isFalse();
    }

    @Test
    void antiDosThresholdIsTheMinimumWorkOrTheTipLess144Blocks() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        assertThat(m.antiDosWorkThreshold()).isZero(); // regtest: no minimum, and 144 blocks exceed the genesis
        Chains.blocks(m, m.tip(), 150, 1, 1, NOW);
        m.activateBestChain(NOW);
        assertThat(m.tip().chainWork()).isEqualTo(BigInteger.valueOf(2 * 151));
        assertThat(m.antiDosWorkThreshold()).isEqualTo(BigInteger.valueOf(2 * (151 - 144)));
        ChainstateManager main = new ChainstateManager(ChainParamsLoader.builtIn("main"));
        assertThat(main.antiDosWorkThreshold()).isEqualTo(ChainParamsLoader.builtIn("main").minimumChainWork());
    }

    @Test
    void locatorsFindTheForkInTheGlobalIndex() {
        ChainstateManager m = new ChainstateManager(REGTEST);
        Chains.blocks(m, m.tip(), 30, 600, 1, NOW);
        m.activateBestChain(NOW);
        BlockIndex at20 = m.activeChain().get(20);
        assertThat(m.findForkInGlobalIndex(ActiveChain(at20))).isSameAs(at20);
        assertThat(m.findForkInGlobalIndex(List.of(new Hash256(1, 2, 3, 4)))).isSameAs(m.activeChain().genesis());
        assertThat(m.findForkInGlobalIndex(m.activeChain().locator())).isSameAs(m.tip());
    }

    private static List<Hash256> ActiveChain(BlockIndex index) {
        return io.mooring.chain.ActiveChain.locator(index);
    }

    @Test
    void flushWritesOnlyChangesAndLoadRebuildsTheSameTree() throws IOException {
        ChainstateManager m = new ChainstateManager(REGTEST);
        List<Block> a = Chains.blocks(m, m.tip(), 4, 600, 1, NOW);
        m.activateBestChain(NOW);
        Chains.blocks(m, m.lookup(a.get(1).hash()), 1, 601, 2, NOW); // a valid fork at height 3
        InMemoryBlockIndexStore store = new InMemoryBlockIndexStore();
        assertThat(m.flush(store)).isEqualTo(6);
        assertThat(m.flush(store)).isZero();
        assertThat(store.writes).isEqualTo(1);

        ChainstateManager loaded = new ChainstateManager(REGTEST);
        loaded.load(store);
        assertThat(loaded.tip().hash()).isEqualTo(m.tip().hash());
        assertThat(loaded.tip().chainWork()).isEqualTo(m.tip().chainWork());
        assertThat(loaded.tip().chainTxCount()).isEqualTo(5);
        assertThat(loaded.bestHeader().hash()).isEqualTo(m.bestHeader().hash());
        assertThat(loaded.chainTips()).isEqualTo(m.chainTips());
        assertThat(loaded.size()).isEqualTo(6);
        assertThat(loaded.activeChain().get(2).getAncestor(1).hash()).isEqualTo(a.get(0).hash());
        assertThat(loaded.flush(store)).isZero();

        // One more block: its entry and the new tip are all that is written.
        Chains.blocks(loaded, loaded.tip(), 1, 600, 3, NOW);
        loaded.activateBestChain(NOW);
        store.failWrites = true;
        assertThatThrownBy(() -> loaded.flush(store)).isInstanceOf(IOException.class);
        store.failWrites = false;
        assertThat(loaded.flush(store)).isEqualTo(1);
        assertThat(store.tip).isEqualTo(loaded.tip().hash());
        assertThat(store.records).hasSize(7);
    }

    @Test
    void theLoadedTipKeepsWinningTiesAfterARestart() throws IOException {
        ChainstateManager m = new ChainstateManager(REGTEST);
        Chains.blocks(m, m.tip(), 2, 600, 1, NOW);
        m.activateBestChain(NOW);
        InMemoryBlockIndexStore store = new InMemoryBlockIndexStore();
        m.flush(store);
        ChainstateManager loaded = new ChainstateManager(REGTEST);
        loaded.load(store);
        Block rival = Chains.block(REGTEST, loaded.activeChain().get(1), 601, 9);
        loaded.processNewBlock(rival, 0, 0, NOW);
        assertThat(loaded.tip().hash()).isEqualTo(m.tip().hash());
    }

    @Test
    void corruptStoresAreTypedErrors() throws IOException {
        ChainstateManager m = new ChainstateManager(REGTEST);
        List<Block> a = Chains.blocks(m, m.tip(), 4, 600, 1, NOW);
        m.activateBestChain(NOW);
        InMemoryBlockIndexStore good = new InMemoryBlockIndexStore();
        m.flush(good);

        InMemoryBlockIndexStore missing = copy(good);
        missing.records.remove(a.get(1).hash());
        assertThat(loadError(missing)).isEqualTo(Reason.MISSING_PREV);

        InMemoryBlockIndexStore wrongHash = copy(good);
        BlockIndexRecord r = wrongHash.records.get(a.get(2).hash());
        wrongHash.records.put(r.hash(), new BlockIndexRecord(r.hash(), new BlockHeader(r.header().version(),
                r.header().prevBlock(), r.header().merkleRoot(), r.header().time() + 1, r.header().bits(),
                r.header().nonce()), r.height(), r.status(), r.txCount(), r.file(), r.dataPos()));
        assertThat(loadError(wrongHash)).isEqualTo(Reason.HASH_MISMATCH);

        InMemoryBlockIndexStore wrongHeight = copy(good);
        r = wrongHeight.records.get(a.get(3).hash()); // the tip: nothing is stored above it
        wrongHeight.records.put(r.hash(), new BlockIndexRecord(r.hash(), r.header(), 7, r.status(), r.txCount(),
                r.file(), r.dataPos()));
        assertThat(loadError(wrongHeight)).isEqualTo(Reason.BAD_HEIGHT);

        InMemoryBlockIndexStore wrongTip = copy(good);
        wrongTip.tip = new Hash256(9, 9, 9, 9);
        assertThat(loadError(wrongTip)).isEqualTo(Reason.BAD_TIP);

        ChainstateManager testnet = new ChainstateManager(ChainParamsLoader.builtIn("test"));
        assertThatThrownBy(() -> testnet.load(copy(good))).isInstanceOfSatisfying(BlockIndexCorruptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_GENESIS));

        // A manager that already holds more than the genesis refuses to load.
        assertThatThrownBy(() -> m.load(copy(good))).isInstanceOf(IllegalStateException.class);
    }

    private static InMemoryBlockIndexStore copy(InMemoryBlockIndexStore s) {
        InMemoryBlockIndexStore c = new InMemoryBlockIndexStore();
        c.records.putAll(s.records);
        c.tip = s.tip;
        return c;
    }

    private static Reason loadError(InMemoryBlockIndexStore store) {
        try {
            new ChainstateManager(REGTEST).load(store);
            throw new AssertionError("loaded a corrupt store");
        } catch (BlockIndexCorruptException e) {
            return e.reason();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
