package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Hash256;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveChainTest {
    private static final long EASY = 0x207fffffL;

    @Test
    void setTipExtendsAndRewindsAndHeightLookupIsExact() {
        List<BlockIndex> a = SyntheticChains.chain(100, EASY);
        List<BlockIndex> b = new ArrayList<>(a.subList(0, 61));
        SyntheticChains.extend(b, 70, EASY, 3);
        ActiveChain c = new ActiveChain();
        assertThat(c.tip()).isNull();
        assertThat(c.height()).isEqualTo(-1);
        c.setTip(a.getLast());
        assertThat(c.height()).isEqualTo(99);
        assertThat(c.genesis()).isSameAs(a.get(0));
        for (BlockIndex i : a) assertThat(c.get(i.height())).isSameAs(i);
        assertThat(c.next(a.get(10))).isSameAs(a.get(11));
        assertThat(c.next(a.getLast())).isNull();
        assertThat(c.contains(b.getLast())).isFalse();
        assertThat(c.findFork(b.getLast())).isSameAs(a.get(60));
        c.setTip(b.getLast());
        assertThat(c.height()).isEqualTo(130);
        for (BlockIndex i : b) assertThat(c.get(i.height())).isSameAs(i);
        assertThat(c.contains(a.get(61))).isFalse();
        assertThat(c.contains(a.get(60))).isTrue();
        assertThat(c.next(a.get(61))).isNull();
        c.setTip(a.get(20));
        assertThat(c.height()).isEqualTo(20);
        assertThat(c.get(21)).isNull();
        assertThat(c.findFork(b.getLast())).isSameAs(a.get(20));
        c.setTip(null);
        assertThat(c.tip()).isNull();
    }

    @Test
    void locatorHasTenSingleStepsThenDoublesAndEndsAtGenesis() {
        List<BlockIndex> chain = SyntheticChains.chain(100_001, EASY);
        List<Hash256> loc = ActiveChain.locator(chain.getLast());
        List<Integer> heights = new ArrayList<>();
        for (Hash256 h : loc) {
            heights.add(chain.stream().filter(x -> x.hash().equals(h)).findFirst().orElseThrow().height());
        }
        // Core's LocatorEntries: the step doubles only after the 11th entry is added, so the first twelve entries are
        // one apart (100000..99989), then steps 2, 4, 8, ... and the genesis last.
        List<Integer> expected = new ArrayList<>();
        int h = 100_000;
        int step = 1;
        while (true) {
            expected.add(h);
            if (h == 0) break;
            h = Math.max(h - step, 0);
            if (expected.size() > 10) step *= 2;
        }
        assertThat(heights).isEqualTo(expected);
        assertThat(heights.subList(0, 11)).containsExactly(100000, 99999, 99998, 99997, 99996, 99995, 99994, 99993,
                99992, 99991, 99990);
        assertThat(heights.get(11)).isEqualTo(99989);
        assertThat(heights.get(12)).isEqualTo(99987);
        assertThat(heights.get(13)).isEqualTo(99983);
        assertThat(heights.getLast()).isZero();
        assertThat(loc.size()).isLessThanOrEqualTo(ActiveChain.MAX_LOCATOR_SZ);
        assertThat(ActiveChain.locator(chain.get(0))).containsExactly(chain.get(0).hash());
        assertThat(ActiveChain.locator(chain.get(5))).hasSize(6);
        assertThat(ActiveChain.locator(null)).isEmpty();
    }

    /**
     * The locator length depends only on the tip height: 11 single steps, then doubling steps until the genesis. At
     * Integer.MAX_VALUE it is 42, far below Core's MAX_LOCATOR_SZ of 101 (which a height of 2^90 + 10 would exceed).
     */
    @Test
    void locatorLengthStaysFarBelowTheLimitForAnyIntHeight() {
        assertThat(locatorLength(Integer.MAX_VALUE)).isEqualTo(42);
        assertThat(locatorLength(1_000_000)).isEqualTo(31);
        assertThat(locatorLength(10)).isEqualTo(11);
    }

    private static int locatorLength(long height) {
        int n = 0;
        long step = 1;
        while (true) {
            n++;
            if (height == 0) return n;
            height = Math.max(height - step, 0);
            if (n > 10) step *= 2;
        }
    }
}
