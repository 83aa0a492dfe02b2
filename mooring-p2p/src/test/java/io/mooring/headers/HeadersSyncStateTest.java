package io.mooring.headers;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.ChainParams;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeadersSyncStateTest {
    private static final long BITS = 0x207fffffL;
    private static final BigInteger WORK_PER_HEADER = Pow.blockProof(BITS);
    private static final DifficultyTransitionCheck UNCHANGED_BITS = (height, oldBits, newBits) -> oldBits == newBits;
    private static final long START_TIME = 1_600_000_000L;

    private static final BlockHeader START_HEADER =
            new BlockHeader(1, Hash256.ZERO, Hash256.ZERO, START_TIME, BITS, 0);
    private static final ChainStart START = new ChainStart(START_HEADER.hash(), START_HEADER, 0,
            WORK_PER_HEADER, START_TIME, List.of(START_HEADER.hash()));

    /** A chain of {@code count} headers on top of the start; {@code salt} makes distinct chains. */
    private static List<BlockHeader> chain(int count, long salt) {
        List<BlockHeader> headers = new ArrayList<>(count);
        Hash256 prev = START.hash();
        for (int i = 0; i < count; i++) {
            BlockHeader h = new BlockHeader(0x20000000, prev, new Hash256(salt, i, 0, 0), START_TIME + 60L * (i + 1),
                    BITS, i);
            headers.add(h);
            prev = h.hash();
        }
        return headers;
    }

    private static BigInteger workOf(int headers) {
        return START.chainWork().add(WORK_PER_HEADER.multiply(BigInteger.valueOf(headers)));
    }

    private static HeadersSyncState sync(BigInteger minimumWork, int period, int buffer, long now, long seed) {
        return new HeadersSyncState(7, new ChainParams.HeadersPresync(period, buffer), UNCHANGED_BITS, START,
                minimumWork, now, new SplittableRandom(seed));
    }

    @Test
    void honestChainIsPresyncedThenRedownloadedAndReleasedInOrder() {
        List<BlockHeader> headers = chain(5_000, 1);
        // The minimum work is reached at header 4,500.
        HeadersSyncState sync = sync(workOf(4_500), 10, 300, START_TIME + 10_000_000, 42);
        List<BlockHeader> released = new ArrayList<>();
        int position = 0;
        while (sync.state() != HeadersSyncState.State.FINAL) {
            int end = Math.min(headers.size(), position + 2_000);
            List<BlockHeader> batch = headers.subList(position, end);
            HeadersSyncState.ProcessingResult result = sync.processNextHeaders(batch, batch.size() == 2_000);
            assertThat(result.success()).isTrue();
            released.addAll(result.powValidatedHeaders());
            if (!result.requestMore()) break;
            // The peer answers the locator: the first entry says where to continue.
            Hash256 continueFrom = sync.nextHeadersRequestLocator().get(0);
            position = continueFrom.equals(START.hash()) ? 0 : indexOf(headers, continueFrom) + 1;
        }
        // Everything up to the target is released; past it the buffer is released too, since work was reached.
        assertThat(released).isEqualTo(headers.subList(0, released.size()));
        assertThat(released.size()).isGreaterThanOrEqualTo(4_500);
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.FINAL);
    }

    @Test
    void lowWorkChainOfHundredThousandHeadersStoresNothingAndHoldsOnlyCommitmentBits() {
        int total = 100_000;
        List<BlockHeader> headers = chain(total, 2);
        int period = 600;
        HeadersSyncState sync = sync(workOf(total + 100), period, 14_000, START_TIME + 10_000_000, 3);
        int maxCommitmentsSeen = 0;
        for (int position = 0; position < total; position += 2_000) {
            HeadersSyncState.ProcessingResult result =
                    sync.processNextHeaders(headers.subList(position, position + 2_000), true);
            assertThat(result.success()).isTrue();
            assertThat(result.powValidatedHeaders()).isEmpty();
            assertThat(sync.state()).isEqualTo(HeadersSyncState.State.PRESYNC);
            assertThat(sync.bufferedHeaderCount()).isZero();
            maxCommitmentsSeen = Math.max(maxCommitmentsSeen, sync.commitmentCount());
        }
        // One bit per period: 100,000 headers cost about 167 bits, not 100,000 headers.
        assertThat(maxCommitmentsSeen).isBetween(total / period - 1, total / period + 1);
        assertThat(sync.presyncHeight()).isEqualTo(total);
        // The chain ends (a short answer) below the minimum work: the sync ends with nothing kept.
        HeadersSyncState.ProcessingResult last = sync.processNextHeaders(chainFrom(headers.get(total - 1), 5), false);
        assertThat(last.success()).isTrue();
        assertThat(last.requestMore()).isFalse();
        assertThat(last.powValidatedHeaders()).isEmpty();
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.FINAL);
        assertThat(sync.commitmentCount()).isZero();
    }

    @Test
    void chainLongerThanTheMedianTimeRuleAllowsIsAbandoned() {
        // Only 1,000 seconds after the start: at most 6 * (1,000 + 7,200) / 10 = 4,920 commitments, 49,200 headers.
        HeadersSyncState sync = sync(workOf(1_000_000), 10, 300, START_TIME + 1_000, 5);
        assertThat(sync.maxCommitments()).isEqualTo(6L * (1_000 + 7_200) / 10);
        List<BlockHeader> headers = chain(60_000, 3);
        boolean aborted = false;
        for (int position = 0; position < headers.size(); position += 2_000) {
            HeadersSyncState.ProcessingResult result =
                    sync.processNextHeaders(headers.subList(position, position + 2_000), true);
            if (!result.success()) {
                aborted = true;
                assertThat(position).isGreaterThanOrEqualTo(48_000);
                break;
            }
        }
        assertThat(aborted).isTrue();
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.FINAL);
    }

    @Test
    void redownloadOfADifferentChainFailsOnCommitments() {
        List<BlockHeader> honest = chain(2_000, 10);
        List<BlockHeader> swapped = chain(2_000, 11);
        HeadersSyncState sync = sync(workOf(2_000), 5, 5_000, START_TIME + 10_000_000, 9);
        HeadersSyncState.ProcessingResult first = sync.processNextHeaders(honest, true);
        assertThat(first.success()).isTrue();
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.REDOWNLOAD);
        assertThat(sync.nextHeadersRequestLocator().get(0)).isEqualTo(START.hash());
        // Same length and work, different headers: 400 commitment bits make slipping through a 2^-400 chance.
        HeadersSyncState.ProcessingResult second = sync.processNextHeaders(swapped, true);
        assertThat(second.success()).isFalse();
        assertThat(second.powValidatedHeaders()).isEmpty();
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.FINAL);
    }

    @Test
    void batchThatDoesNotConnectEndsThePresync() {
        HeadersSyncState sync = sync(workOf(10_000), 10, 300, START_TIME + 10_000_000, 1);
        List<BlockHeader> headers = chain(4_000, 4);
        assertThat(sync.processNextHeaders(headers.subList(0, 2_000), true).success()).isTrue();
        assertThat(sync.processNextHeaders(headers.subList(2_001, 4_000), true).success()).isFalse();
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.FINAL);
        assertThat(sync.nextHeadersRequestLocator()).isEmpty();
    }

    @Test
    void forbiddenDifficultyTransitionEndsThePresync() {
        HeadersSyncState sync = new HeadersSyncState(1, new ChainParams.HeadersPresync(10, 300),
                (height, oldBits, newBits) -> height != 50 && oldBits == newBits, START, workOf(10_000),
                START_TIME + 10_000_000, new SplittableRandom(1));
        HeadersSyncState.ProcessingResult result = sync.processNextHeaders(chain(2_000, 5), true);
        assertThat(result.success()).isFalse();
        assertThat(sync.state()).isEqualTo(HeadersSyncState.State.FINAL);
    }

    @Test
    void presyncLocatorContinuesFromTheLastHeaderThenTheStartLocator() {
        HeadersSyncState sync = sync(workOf(10_000), 10, 300, START_TIME + 10_000_000, 1);
        List<BlockHeader> headers = chain(2_000, 6);
        assertThat(sync.nextHeadersRequestLocator()).containsExactly(START.hash(), START.hash());
        sync.processNextHeaders(headers, true);
        assertThat(sync.nextHeadersRequestLocator())
                .containsExactly(headers.get(1_999).hash(), START.hash());
        assertThat(sync.presyncWork()).isEqualTo(workOf(2_000));
        assertThat(sync.presyncTime()).isEqualTo(headers.get(1_999).time());
    }

    @Test
    void bitDequeKeepsOrderAcrossGrowthAndCompaction() {
        BitDeque deque = new BitDeque();
        SplittableRandom random = new SplittableRandom(77);
        java.util.ArrayDeque<Boolean> model = new java.util.ArrayDeque<>();
        for (int step = 0; step < 200_000; step++) {
            if (model.isEmpty() || random.nextInt(3) != 0) {
                boolean bit = random.nextBoolean();
                deque.addLast(bit);
                model.addLast(bit);
            } else {
                assertThat(deque.removeFirst()).isEqualTo(model.removeFirst());
            }
            assertThat(deque.size()).isEqualTo(model.size());
        }
    }

    private static List<BlockHeader> chainFrom(BlockHeader tip, int count) {
        List<BlockHeader> headers = new ArrayList<>();
        Hash256 prev = tip.hash();
        for (int i = 0; i < count; i++) {
            BlockHeader h = new BlockHeader(0x20000000, prev, new Hash256(99, i, 0, 0), tip.time() + i + 1, BITS, i);
            headers.add(h);
            prev = h.hash();
        }
        return headers;
    }

    private static int indexOf(List<BlockHeader> headers, Hash256 hash) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).hash().equals(hash)) return i;
        }
        throw new AssertionError("not in chain: " + hash);
    }
}
