package io.mooring.headers;

import io.mooring.chain.ChainParams;
import io.mooring.validation.BlockValidationResult;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What header sync needs from the chain layer (Core's ChainstateManager as net_processing uses it). The node adapts
 * its chain state to this; tests use a small in-memory chain. Called on the node loop only.
 */
public interface HeaderChain {

    /** A block the index knows: enough to compare work, build locators and answer peers. */
    record Known(Hash256 hash, BlockHeader header, int height, BigInteger chainWork) {
        public Known {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(chainWork, "chainWork");
        }
    }

    /**
     * Why headers were refused, in Core's {@code BlockValidationResult} terms (the category decides the penalty, as
     * Core's MaybePunishNodeForBlock) with Core's reject reason.
     */
    record Rejection(BlockValidationResult category, String reason) {
        public Rejection {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The result of {@link #processNewBlockHeaders}: the last header accepted (present whenever at least the first
     * header was accepted or already known) and, if processing stopped early, why.
     */
    record Processed(Optional<Known> last, Optional<Rejection> rejection) {
        public Processed {
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    ChainParams params();

    Optional<Known> lookup(Hash256 hash);

    /** The most-work valid header known (Core's m_best_header). */
    Known bestHeader();

    /** The tip of the active chain. */
    Known activeTip();

    /** True when {@code block} is on the active chain. */
    boolean isInActiveChain(Hash256 block);

    /**
     * Core's {@code IsValid(BLOCK_VALID_SCRIPTS)}, as far as Mooring validates: the block and all its ancestors are
     * stored and passed every check Mooring makes ({@code BLOCK_VALID_TRANSACTIONS}, its highest level, not failed).
     * Mooring's block index cannot tell a block it connected and later disconnected from one it stored on a branch
     * that never had the most work; both count.
     */
    boolean isFullyValidated(Known block);

    /** Core's IsAncestorOfBestHeaderOrTip. */
    boolean isAncestorOfBestHeaderOrTip(Hash256 block);

    /** The ancestor of {@code block} at {@code height} (height at most the block's). */
    Known ancestor(Known block, int height);

    /** Core's GetLocator(block): exponentially spaced hashes back to genesis. */
    List<Hash256> locator(Known block);

    /** Core's FindForkInGlobalIndex: the last locator entry on the active chain (genesis if none). */
    Known findForkInActiveChain(List<Hash256> locator);

    /** The active chain's block after {@code block}, or empty at the tip. */
    Optional<Known> nextInActiveChain(Known block);

    /** The anti-DoS snapshot of {@code block} that presync starts from. */
    ChainStart chainStart(Known block);

    /** Core's nMinimumChainWork (or -minimumchainwork). */
    BigInteger minimumChainWork();

    /** Core's PermittedDifficultyTransition for this chain. */
    DifficultyTransitionCheck difficultyTransitions();

    /**
     * Core's HasValidProofOfWork for one header, given its hash (computed once by the caller): the hash meets the
     * target its bits claim, within the PoW limit.
     */
    boolean hasValidProofOfWork(Hash256 hash, long bits);

    /** Core's ProcessNewBlockHeaders with min_pow_checked: validates and stores headers in order. */
    Processed processNewBlockHeaders(List<BlockHeader> headers, long nowSeconds);

    /** Core's IsInitialBlockDownload. */
    boolean isInitialBlockDownload(long nowSeconds);
}
