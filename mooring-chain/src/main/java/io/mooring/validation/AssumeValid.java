package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;

/**
 * Core's {@code -assumevalid} decision in ConnectBlock: scripts of a block are skipped only when it is an ancestor of
 * the assumed-valid block, that block is in the best header chain, the best header has the minimum chain work, and
 * the block is more than two weeks of work below the best header. Everything else about the block is still checked.
 */
public final class AssumeValid {
    /** Core's {@code TWO_WEEKS_IN_SECONDS}: blocks this close to the best header always get script checks. */
    static final long TWO_WEEKS_IN_SECONDS = 60L * 60 * 24 * 7 * 2;

    private AssumeValid() {
    }

    /**
     * Why scripts of {@code index} must be checked, in Core's words (logged as "Enabling script verification at block
     * #h (hash): reason"), or empty when they may be skipped.
     *
     * @param assumeValid the configured block ({@link Hash256#ZERO}: {@code -assumevalid=0}, always verify)
     * @param lookup      the block index, by hash
     */
    public static Optional<String> scriptCheckReason(BlockIndex index, Hash256 assumeValid,
                                                     Function<Hash256, BlockIndex> lookup, BlockIndex bestHeader,
                                                     BigInteger minimumChainWork, ChainParams.PowRules pow) {
        if (assumeValid.isZero()) return Optional.of("assumevalid=0 (always verify)");
        BlockIndex av = lookup.apply(assumeValid);
        if (av == null) return Optional.of("assumevalid hash not in headers");
        if (av.getAncestor(index.height()) != index) {
            return Optional.of(index.height() > av.height() ? "block height above assumevalid height"
                    : "block not in assumevalid chain");
        }
        if (bestHeader.getAncestor(index.height()) != index) return Optional.of("block not in best header chain");
        if (bestHeader.chainWork().compareTo(minimumChainWork) < 0) {
            return Optional.of("best header chainwork below minimumchainwork");
        }
        long equivalent = Pow.blockProofEquivalentTime(bestHeader.chainWork(), index.chainWork(), bestHeader.bits(),
                pow.targetSpacing());
        if (equivalent <= TWO_WEEKS_IN_SECONDS) return Optional.of("block too recent relative to best header");
        return Optional.empty();
    }
}
