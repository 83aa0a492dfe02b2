package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

class BlockIndexTest {
    static {
        // JOL cannot ask Unsafe for record field offsets (Hash256 is a record); its own probe works.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final long EASY = 0x207fffffL;

    @Test
    void skipHeightsAreCoresAndAlwaysBelowTheBlock() {
        // Core's GetSkipHeight on a few values worked by hand: even heights clear the lowest set bit, odd ones clear
        // the two lowest set bits of height-1 and add one.
        assertThat(BlockIndex.skipHeight(0)).isZero();
        assertThat(BlockIndex.skipHeight(1)).isZero();
        assertThat(BlockIndex.skipHeight(2)).isZero();
        assertThat(BlockIndex.skipHeight(6)).isEqualTo(4);
        assertThat(BlockIndex.skipHeight(12)).isEqualTo(8);
        assertThat(BlockIndex.skipHeight(7)).isEqualTo(1); // 6 = 110b -> 000b, +1
        assertThat(BlockIndex.skipHeight(13)).isEqualTo(1); // 12 = 1100b -> 0000b, +1
        assertThat(BlockIndex.skipHeight(15)).isEqualTo(9); // 14 = 1110b -> 1000b, +1
        for (int h = 2; h < 100_000; h++) {
            assertThat(BlockIndex.skipHeight(h)).isLessThan(h).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void getAncestorMatchesTheLinearChainEverywhere() {
        List<BlockIndex> chain = SyntheticChains.chain(20_000, EASY);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            BlockIndex from = chain.get(random.nextInt(chain.size()));
            int h = random.nextInt(from.height() + 1);
            assertThat(from.getAncestor(h)).isSameAs(chain.get(h));
        }
        BlockIndex tip = chain.getLast();
        assertThat(tip.getAncestor(tip.height() + 1)).isNull();
        assertThat(tip.getAncestor(-1)).isNull();
        for (BlockIndex b : chain) {
            if (b.height() > 0) assertThat(b.skip()).isSameAs(chain.get(BlockIndex.skipHeight(b.height())));
        }
    }

    @Test
    void lastCommonAncestorOfTwoBranchesIsTheForkPoint() {
        List<BlockIndex> a = SyntheticChains.chain(500, EASY);
        List<BlockIndex> b = new ArrayList<>(a.subList(0, 301));
        SyntheticChains.extend(b, 450, EASY, 9);
        assertThat(BlockIndex.lastCommonAncestor(a.getLast(), b.getLast())).isSameAs(a.get(300));
        assertThat(BlockIndex.lastCommonAncestor(a.get(100), b.getLast())).isSameAs(a.get(100));
    }

    @Test
    void medianTimePastIsTheMedianOfTheLastElevenTimes() {
        long[] times = {1000, 900, 1300, 1100, 1200, 800, 1500, 1400, 700, 1600, 1000, 2000};
        List<BlockIndex> chain = new ArrayList<>();
        BlockHeader g = SyntheticChains.header(Hash256.ZERO, times[0], EASY, 0);
        chain.add(BlockIndex.genesis(g.hash(), g));
        for (int i = 1; i < times.length; i++) {
            BlockHeader h = SyntheticChains.header(chain.getLast().hash(), times[i], EASY, i);
            chain.add(BlockIndex.child(h.hash(), h, chain.getLast()));
        }
        assertThat(chain.get(0).medianTimePast()).isEqualTo(1000);
        assertThat(chain.get(2).medianTimePast()).isEqualTo(1000); // {1000, 900, 1300}
        assertThat(chain.get(3).medianTimePast()).isEqualTo(1100); // 4 values: upper middle, as Core
        // last eleven: 900..2000 without the first 1000 -> sorted 700 800 900 1000 1100 1200 1300 1400 1500 1600 2000
        assertThat(chain.get(11).medianTimePast()).isEqualTo(1200);
    }

    @Test
    void headerAndRecordRoundTripTheInlineFields() {
        List<BlockIndex> chain = SyntheticChains.chain(3, 0x1d00ffffL);
        BlockIndex b = chain.get(2);
        BlockHeader h = b.header();
        assertThat(h.hash()).isEqualTo(b.hash());
        assertThat(h.prevBlock()).isEqualTo(chain.get(1).hash());
        BlockIndexRecord r = b.toRecord();
        assertThat(r.header()).isEqualTo(h);
        assertThat(r.height()).isEqualTo(2);
        assertThat(r.file()).isEqualTo(-1);
        assertThatThrownBy(() -> BlockIndex.child(h.hash(), h, chain.get(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chainWorkIsTheSumOfBlockProofsAndComparesAsANumber() {
        List<BlockIndex> chain = SyntheticChains.chain(10, 0x1d00ffffL);
        assertThat(chain.get(9).chainWork()).isEqualTo(Pow.blockProof(0x1d00ffffL).multiply(BigInteger.TEN));
        // Work above 2^64 and 2^128 carries across the inline words.
        BigInteger big = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        BlockIndex root = BlockIndex.anchored(chain.get(0).hash(), chain.get(0).header(), 0, big);
        BlockHeader h = SyntheticChains.header(root.hash(), 1, 0x1d00ffffL, 1);
        BlockIndex child = BlockIndex.child(h.hash(), h, root);
        assertThat(child.chainWork()).isEqualTo(big.add(Pow.blockProof(0x1d00ffffL)));
        assertThat(child.compareWork(root)).isPositive();
        assertThat(root.compareWork(child)).isNegative();
        assertThat(child.compareWork(child.chainWork())).isZero();
    }

    /**
     * bitcoinj's mainnet checkpoints carry each period's first header with its chain work. Anchoring an entry at
     * checkpoint k with its stated work and adding the 2015 blocks of that period (at its bits) and then checkpoint
     * k+1's header must give exactly the work bitcoinj states for k+1: our cumulative work is Core's.
     */
    @Test
    void cumulativeWorkMatchesBitcoinjMainnetCheckpoints() {
        String[] lines = TestResources.text("/vectors/bitcoinj-org.bitcoin.production.checkpoints.txt").split("\n");
        int n = Integer.parseInt(lines[2].strip());
        List<BigInteger> works = new ArrayList<>();
        List<BlockHeader> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = Base64.getDecoder().decode(lines[3 + i].strip());
            works.add(new BigInteger(1, java.util.Arrays.copyOfRange(b, 0, 12)));
            try {
                headers.add(BlockHeader.read(new WireReader(b, 16, 80)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        for (int k = 0; k + 1 < n; k += 7) { // every seventh period keeps the test quick; all 435 agree
            BlockIndex walk = BlockIndex.anchored(headers.get(k).hash(), headers.get(k), 2016 * (k + 1), works.get(k));
            for (int i = 0; i < 2015; i++) {
                BlockHeader filler = SyntheticChains.header(walk.hash(), headers.get(k).time() + i, headers.get(k).bits(), i);
                walk = BlockIndex.child(filler.hash(), filler, walk);
            }
            BlockHeader next = new BlockHeader(headers.get(k + 1).version(), walk.hash(), headers.get(k + 1).merkleRoot(),
                    headers.get(k + 1).time(), headers.get(k + 1).bits(), headers.get(k + 1).nonce());
            BlockIndex end = BlockIndex.child(next.hash(), next, walk);
            assertThat(end.height()).isEqualTo(2016 * (k + 2));
            assertThat(end.chainWork()).as("checkpoint %d", k + 1).isEqualTo(works.get(k + 1));
        }
    }

    /** JOL measures the entry, its hash and the map node and table slot holding it: the memory a block costs. */
    @Test
    void anEntryWithItsMapSlotCostsAtMost250Bytes() {
        int count = 20_000;
        List<BlockIndex> chain = SyntheticChains.chain(count, EASY);
        Map<Hash256, BlockIndex> map = new HashMap<>();
        for (BlockIndex b : chain) map.put(b.hash(), b);
        // The chain list is only a test convenience; count the map (which reaches every entry through its values).
        long total = GraphLayout.parseInstance(map).totalSize();
        long perEntry = total / count;
        assertThat(perEntry).as("bytes per block index entry").isLessThanOrEqualTo(250);
        // The entry object itself (header fields and work inline): 144 bytes with compressed oops.
        assertThat(ClassLayout.parseClass(BlockIndex.class).instanceSize()).isLessThanOrEqualTo(152);
    }
}
