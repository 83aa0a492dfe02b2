package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams.Consensus;
import io.mooring.chain.ChainParams.Deployments;
import io.mooring.chain.ChainParams.PowRules;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.util.Optional;

/**
 * Core's header checks ({@code validation.cpp}): {@code CheckBlockHeader} (context free: the proof of work) and
 * {@code ContextualCheckBlockHeader} (against the parent: bits, timestamps, BIP94 timewarp, version). Each returns the
 * first failure with Core's result category and reject reason, in Core's order; empty when the header passes.
 * Time is passed in (seconds since the epoch): the caller's clock, never read here.
 */
public final class HeaderValidator {
    /** Core's {@code MAX_FUTURE_BLOCK_TIME} (chain.h): a header may be at most two hours ahead of our clock. */
    public static final long MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
    /** Core's {@code MAX_TIMEWARP} (consensus.h, BIP94): how far a period's first block may be before its parent. */
    public static final long MAX_TIMEWARP = 600;

    private HeaderValidator() {
    }

    /**
     * Core's {@code CheckBlockHeader} with {@code fCheckPOW}: the hash meets the target its bits claim, and that target
     * is usable and not above the PoW limit ({@code CheckProofOfWork}); otherwise INVALID_HEADER "high-hash".
     *
     * @param hash the header's hash (callers usually have it already; it is not recomputed)
     */
    public static Optional<ValidationError> checkBlockHeader(Hash256 hash, long bits, PowRules pow) {
        if (!Pow.checkProofOfWork(hash, bits, pow.limit())) {
            return Optional.of(ValidationError.of(BlockValidationResult.INVALID_HEADER, "high-hash",
                    "proof of work failed"));
        }
        return Optional.empty();
    }

    /** {@link #checkBlockHeader(Hash256, long, PowRules)} hashing the header. */
    public static Optional<ValidationError> checkBlockHeader(BlockHeader header, PowRules pow) {
        return checkBlockHeader(header.hash(), header.bits(), pow);
    }

    /**
     * Core's {@code ContextualCheckBlockHeader} for a header building on {@code prev}, in Core's order:
     * "bad-diffbits" (bits differ from {@code GetNextWorkRequired}), "time-too-old" (not after the parent's median
     * time past), "time-timewarp-attack" (BIP94: a period's first block more than {@value #MAX_TIMEWARP} s before its
     * parent), "time-too-new" (more than {@value #MAX_FUTURE_BLOCK_TIME} s after {@code nowSeconds}: TIME_FUTURE) and
     * "bad-version(0x%08x)" (version below 2, 3 or 4 once BIP34, BIP66 or BIP65 is active at this height).
     */
    public static Optional<ValidationError> contextualCheckBlockHeader(BlockHeader header, BlockIndex prev,
                                                                       Consensus consensus, long nowSeconds) {
        int height = prev.height() + 1;
        PowRules pow = consensus.pow();
        if (header.bits() != DifficultyRules.nextWorkRequired(prev, header.time(), pow)) {
            return Optional.of(ValidationError.of(BlockValidationResult.INVALID_HEADER, "bad-diffbits",
                    "incorrect proof of work"));
        }
        if (header.time() <= prev.medianTimePast()) {
            return Optional.of(ValidationError.of(BlockValidationResult.INVALID_HEADER, "time-too-old",
                    "block's timestamp is too early"));
        }
        if (pow.enforceBip94() && height % pow.difficultyAdjustmentInterval() == 0
                && header.time() < prev.time() - MAX_TIMEWARP) {
            return Optional.of(ValidationError.of(BlockValidationResult.INVALID_HEADER, "time-timewarp-attack",
                    "block's timestamp is too early on diff adjustment block"));
        }
        if (header.time() > nowSeconds + MAX_FUTURE_BLOCK_TIME) {
            return Optional.of(ValidationError.of(BlockValidationResult.TIME_FUTURE, "time-too-new",
                    "block timestamp too far in the future"));
        }
        Deployments d = consensus.deployments();
        int v = header.version();
        // Core's DeploymentActiveAfter(pindexPrev, BURIED): the block's height is at least the deployment height.
        if ((v < 2 && height >= d.bip34Height()) || (v < 3 && height >= d.bip66Height())
                || (v < 4 && height >= d.bip65Height())) {
            String hex = String.format("0x%08x", v);
            return Optional.of(ValidationError.of(BlockValidationResult.INVALID_HEADER, "bad-version(" + hex + ")",
                    "rejected nVersion=" + hex + " block"));
        }
        return Optional.empty();
    }
}
