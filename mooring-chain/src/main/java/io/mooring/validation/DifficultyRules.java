package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams.PowRules;
import io.mooring.chain.Pow;
import java.math.BigInteger;

/**
 * Core's difficulty rules ({@code pow.cpp}): the bits a block must carry ({@code GetNextWorkRequired},
 * {@code CalculateNextWorkRequired}) and the cheap plausibility test headers presync uses
 * ({@code PermittedDifficultyTransition}). Targets are computed as Core's {@code arith_uint256}: products wrap at
 * 2<sup>256</sup> (no built-in chain gets near that) and the result is rounded through the compact form.
 */
public final class DifficultyRules {
    private static final BigInteger MASK_256 = Pow.TWO_256.subtract(BigInteger.ONE);

    private DifficultyRules() {
    }

    /**
     * Core's {@code GetNextWorkRequired}: the bits of the block after {@code last} with time {@code newBlockTime}.
     * Between retargets the bits stay the same, except with {@code allowMinDifficultyBlocks} (testnet): a block more
     * than twice the target spacing after its parent may use the PoW limit, and otherwise the bits are those of the last
     * block that did not use that exception (walking back to the start of the period). Every
     * {@code difficultyAdjustmentInterval()} blocks the target is recomputed from the period's duration.
     */
    public static long nextWorkRequired(BlockIndex last, long newBlockTime, PowRules pow) {
        long limitCompact = limitCompact(pow);
        long interval = pow.difficultyAdjustmentInterval();
        if ((last.height() + 1) % interval != 0) {
            if (pow.allowMinDifficultyBlocks()) {
                // Testnet's special rule: after 2 x spacing without a block, a min-difficulty block is allowed.
                if (newBlockTime > last.time() + pow.targetSpacing() * 2) {
                    return limitCompact;
                }
                // Otherwise return the bits of the last block that did not use the special rule.
                // Walking down from `last`, the first height divisible by the interval is the period's start, so
                // Core's `nHeight % interval != 0` test is a comparison with it (no division per step).
                int periodStart = (int) (last.height() - last.height() % interval);
                int limitBits = (int) limitCompact;
                BlockIndex i = last;
                while (i.prev() != null && i.height() != periodStart && (int) i.bits() == limitBits) {
                    i = i.prev();
                }
                return i.bits();
            }
            return last.bits();
        }
        // Go back by what we want to be 14 days worth of blocks.
        int heightFirst = (int) (last.height() - (interval - 1));
        BlockIndex first = last.getAncestor(heightFirst);
        if (first == null) {
            throw new IllegalArgumentException("the retarget needs the ancestor at height " + heightFirst);
        }
        return calculateNextWorkRequired(last, first.time(), pow);
    }

    /** The limit's compact form; the last one computed is kept (it is needed for every header on test networks). */
    private record LimitCompact(java.math.BigInteger limit, long compact) {
    }

    private static volatile LimitCompact lastLimit;

    private static long limitCompact(PowRules pow) {
        LimitCompact c = lastLimit;
        if (c == null || c.limit != pow.limit()) {
            c = new LimitCompact(pow.limit(), pow.limitCompact());
            lastLimit = c;
        }
        return c.compact;
    }

    /**
     * Core's {@code CalculateNextWorkRequired}: the period's actual duration ({@code last} time minus
     * {@code firstBlockTime}) clamped to [timespan/4, timespan*4], the target scaled by actual/timespan and capped at
     * the PoW limit. Under BIP94 (testnet4) the old target is that of the period's first block, which cannot use the
     * min-difficulty exception, rather than the last block's.
     */
    public static long calculateNextWorkRequired(BlockIndex last, long firstBlockTime, PowRules pow) {
        if (pow.noRetargeting()) return last.bits();
        long oldBits = last.bits();
        if (pow.enforceBip94()) {
            int heightFirst = (int) (last.height() - (pow.difficultyAdjustmentInterval() - 1));
            BlockIndex first = last.getAncestor(heightFirst);
            if (first == null) {
                throw new IllegalArgumentException("BIP94 needs the period's first block at height " + heightFirst);
            }
            oldBits = first.bits();
        }
        return retarget(oldBits, last.time() - firstBlockTime, pow);
    }

    /**
     * The retarget arithmetic on plain values: {@code oldBits} scaled by the clamped {@code actualTimespan}, capped at
     * the PoW limit (what {@link #calculateNextWorkRequired} does once it has picked the old bits).
     */
    public static long retarget(long oldBits, long actualTimespan, PowRules pow) {
        long timespan = pow.targetTimespan();
        if (actualTimespan < timespan / 4) actualTimespan = timespan / 4;
        if (actualTimespan > timespan * 4) actualTimespan = timespan * 4;
        BigInteger target = Pow.compactToTarget(oldBits).multiply(BigInteger.valueOf(actualTimespan)).and(MASK_256)
                .divide(BigInteger.valueOf(timespan));
        if (target.compareTo(pow.limit()) > 0) target = pow.limit();
        return Pow.targetToCompact(target);
    }

    /**
     * Core's {@code PermittedDifficultyTransition}: whether {@code newBits} at {@code height} could follow
     * {@code oldBits} without knowing the timestamps. Always true with {@code allowMinDifficultyBlocks}; at a retarget
     * height the new target must lie within the (compact-rounded) quarter-to-four-times range, capped at the PoW
     * limit; elsewhere the bits must not change.
     */
    public static boolean permittedDifficultyTransition(PowRules pow, long height, long oldBits, long newBits) {
        if (pow.allowMinDifficultyBlocks()) return true;
        if (height % pow.difficultyAdjustmentInterval() == 0) {
            BigInteger observed = Pow.compactToTarget(newBits);
            long timespan = pow.targetTimespan();
            BigInteger largest = scaledCapped(oldBits, timespan * 4, timespan, pow.limit());
            if (Pow.compactToTarget(Pow.targetToCompact(largest)).compareTo(observed) < 0) return false;
            BigInteger smallest = scaledCapped(oldBits, timespan / 4, timespan, pow.limit());
            return Pow.compactToTarget(Pow.targetToCompact(smallest)).compareTo(observed) <= 0;
        }
        return oldBits == newBits;
    }

    private static BigInteger scaledCapped(long bits, long numerator, long denominator, BigInteger limit) {
        BigInteger t = Pow.compactToTarget(bits).multiply(BigInteger.valueOf(numerator)).and(MASK_256)
                .divide(BigInteger.valueOf(denominator));
        return t.compareTo(limit) > 0 ? limit : t;
    }
}
