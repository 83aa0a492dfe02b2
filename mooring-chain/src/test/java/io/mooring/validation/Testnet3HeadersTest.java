package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Core's blockheader_testnet3.hex: testnet3 heights 1..546 and a two-header fork from the genesis. */
class Testnet3HeadersTest {
    private static final ChainParams TESTNET3 = ChainParamsLoader.builtIn("test");
    private static final Hash256 TIP_546 =
            Hash256.fromHex("000000002a936ca763904c3c35fce2f3556c559c0214345d31b1bcebf76acb70");
    private static List<BlockHeader> main;
    private static List<BlockHeader> fork;
    private static long now;

    @BeforeAll
    static void read() throws Exception {
        main = new ArrayList<>();
        fork = new ArrayList<>();
        String text = new String(Chains.vector("headers", "blockheader_testnet3.hex"), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            boolean isFork = line.startsWith("fork:");
            byte[] b = HexFormat.of().parseHex(isFork ? line.substring(5) : line);
            (isFork ? fork : main).add(BlockHeader.read(new WireReader(b)));
        }
        assertThat(main).hasSize(546);
        assertThat(fork).hasSize(2);
        now = main.getLast().time() + 3600;
    }

    @Test
    void allRealHeadersValidateUnderTestnet3Rules() {
        ChainstateManager m = new ChainstateManager(TESTNET3);
        List<BlockIndex> bestHeaders = new ArrayList<>();
        m.addListener(new ChainListener() {
            @Override
            public void newBestHeader(BlockIndex best) {
                bestHeaders.add(best);
            }
        });
        HeadersResult r = m.processNewBlockHeaders(main, now);
        assertThat(r.error()).isEmpty();
        assertThat(r.accepted()).isEqualTo(546);
        assertThat(r.last().hash()).isEqualTo(TIP_546);
        assertThat(r.last().height()).isEqualTo(546);
        assertThat(m.bestHeader()).isSameAs(r.last());
        assertThat(bestHeaders).containsExactly(r.last()); // one notification per batch, as Core's NotifyHeaderTip
        BigInteger work = Pow.blockProof(TESTNET3.genesisHeader().bits());
        for (BlockHeader h : main) work = work.add(Pow.blockProof(h.bits()));
        assertThat(r.last().chainWork()).isEqualTo(work);
        // Headers only: the active chain is still the genesis, the best header's branch is headers-only.
        assertThat(m.tip().height()).isZero();
        assertThat(m.chainTips()).containsExactly(new ChainTip(546, TIP_546, 546, "headers-only"),
                new ChainTip(0, TESTNET3.genesisHash(), 0, "active"));
        // Sent again: every header is already known.
        HeadersResult again = m.processNewBlockHeaders(main, now);
        assertThat(again.accepted()).isEqualTo(546);
        assertThat(again.last()).isSameAs(r.last());
        assertThat(m.size()).isEqualTo(547);
    }

    @Test
    void theRealLowWorkForkIsAHeadersOnlyTipAndDoesNotBecomeTheBestHeader() {
        ChainstateManager m = new ChainstateManager(TESTNET3);
        m.processNewBlockHeaders(main, now);
        // The fork was mined when the file was made (2019): a clock of that time accepts it.
        long later = Math.max(fork.get(0).time(), fork.get(1).time());
        assertThat(m.processNewBlockHeaders(fork, later - HeaderValidator.MAX_FUTURE_BLOCK_TIME - 1).error()
                .orElseThrow().reason()).isEqualTo("time-too-new");
        HeadersResult f = m.processNewBlockHeaders(fork, later);
        assertThat(f.error()).isEmpty();
        assertThat(f.last().height()).isEqualTo(2);
        assertThat(m.bestHeader().hash()).isEqualTo(TIP_546);
        assertThat(m.chainTips()).extracting(ChainTip::height, ChainTip::branchLen, ChainTip::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(546, 546, "headers-only"),
                        org.assertj.core.groups.Tuple.tuple(2, 2, "headers-only"),
                        org.assertj.core.groups.Tuple.tuple(0, 0, "active"));
        assertThat(BlockIndex.lastCommonAncestor(f.last(), m.bestHeader()).height()).isZero();
    }

    /** Any changed field changes the hash, which then misses the difficulty-1 target: "high-hash" at that header. */
    @ParameterizedTest
    @ValueSource(strings = {"version", "prev", "merkle", "time", "bits", "nonce"})
    void alteringAnyFieldFailsAtThatHeader(String field) {
        UnaryOperator<BlockHeader> alter = switch (field) {
            case "version" -> h -> new BlockHeader(h.version() ^ 4, h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), h.nonce());
            case "prev" -> h -> new BlockHeader(h.version(), flip(h.prevBlock()), h.merkleRoot(), h.time(), h.bits(), h.nonce());
            case "merkle" -> h -> new BlockHeader(h.version(), h.prevBlock(), flip(h.merkleRoot()), h.time(), h.bits(), h.nonce());
            case "time" -> h -> new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time() + 1, h.bits(), h.nonce());
            case "bits" -> h -> new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), 0x1c00ffffL, h.nonce());
            case "nonce" -> h -> new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), h.nonce() ^ 1);
            default -> throw new IllegalArgumentException(field);
        };
        for (int k : new int[] {0, 137, 545}) {
            List<BlockHeader> headers = new ArrayList<>(main);
            headers.set(k, alter.apply(headers.get(k)));
            ChainstateManager m = new ChainstateManager(TESTNET3);
            HeadersResult r = m.processNewBlockHeaders(headers, now);
            assertThat(r.accepted()).as("%s at %d", field, k).isEqualTo(k);
            ValidationError e = r.error().orElseThrow();
            assertThat(e.reason()).isEqualTo("high-hash");
            assertThat(e.result()).isEqualTo(BlockValidationResult.INVALID_HEADER);
            assertThat(m.bestHeader().height()).isEqualTo(k);
        }
    }

    private static Hash256 flip(Hash256 h) {
        return new Hash256(h.w0() ^ 1, h.w1(), h.w2(), h.w3());
    }

    @Test
    void aClockBehindTheHeadersRejectsTheFirstOneMoreThanTwoHoursAhead() {
        long clock = main.get(300).time() - HeaderValidator.MAX_FUTURE_BLOCK_TIME - 1;
        int firstTooNew = -1;
        for (int i = 0; i < main.size() && firstTooNew < 0; i++) {
            if (main.get(i).time() > clock + HeaderValidator.MAX_FUTURE_BLOCK_TIME) firstTooNew = i;
        }
        assertThat(firstTooNew).isBetween(1, 300);
        HeadersResult r = new ChainstateManager(TESTNET3).processNewBlockHeaders(main, clock);
        assertThat(r.accepted()).isEqualTo(firstTooNew);
        assertThat(r.error().orElseThrow().result()).isEqualTo(BlockValidationResult.TIME_FUTURE);
        assertThat(r.error().orElseThrow().reason()).isEqualTo("time-too-new");
    }

    @Test
    void version1HeadersFailOnceBip34IsBuriedAtTheirHeight() {
        ChainParams early = Chains.with(TESTNET3, TESTNET3.consensus().pow(), Chains.deployments(300, 10_000, 10_000,
                10_000, 10_000));
        assertThat(main.get(299).version()).isEqualTo(1); // height 300
        HeadersResult r = new ChainstateManager(early).processNewBlockHeaders(main, now);
        assertThat(r.accepted()).isEqualTo(299);
        assertThat(r.error().orElseThrow().reason()).isEqualTo("bad-version(0x00000001)");
    }

    @Test
    void unknownParentIsMissingPrevAndAKnownInvalidParentIsBadPrevblk() {
        ChainstateManager m = new ChainstateManager(TESTNET3);
        HeadersResult r = m.processNewBlockHeaders(main.subList(10, 20), now);
        assertThat(r.accepted()).isZero();
        assertThat(r.last()).isNull();
        assertThat(r.error().orElseThrow().result()).isEqualTo(BlockValidationResult.MISSING_PREV);
        assertThat(r.error().orElseThrow().reason()).isEqualTo("prev-blk-not-found");
        // Without the anti-DoS work check the header is not stored.
        AcceptResult low = m.acceptBlockHeader(main.get(0), now, false);
        assertThat(low.error().orElseThrow().result()).isEqualTo(BlockValidationResult.HEADER_LOW_WORK);
        assertThat(low.error().orElseThrow().reason()).isEqualTo("too-little-chainwork");
        assertThat(m.lookup(main.get(0).hash())).isNull();
    }
}
