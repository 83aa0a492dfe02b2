package io.mooring.validation;

/**
 * Why a block or header was rejected: Core's {@code BlockValidationResult} ({@code consensus/validation.h}). The P2P
 * layer maps these to misbehaviour as Core's {@code MaybePunishNodeForBlock} does (CONSENSUS, MUTATED, CACHED_INVALID,
 * INVALID_HEADER, INVALID_PREV: punish; MISSING_PREV: punish unless headers are being sent one at a time; TIME_FUTURE
 * and HEADER_LOW_WORK: no punishment).
 */
public enum BlockValidationResult {
    /** Invalid by consensus rules (excluding the reasons below). */
    CONSENSUS,
    /** This block was cached as being invalid and we did not store the reason. */
    CACHED_INVALID,
    /** Invalid proof of work or time too old. */
    INVALID_HEADER,
    /** The block's data did not match the data committed to by the PoW (another body may still be valid). */
    MUTATED,
    /** We do not have the previous block. */
    MISSING_PREV,
    /** A block this one builds on is invalid. */
    INVALID_PREV,
    /** The block's timestamp was more than two hours in the future (or our clock is bad). */
    TIME_FUTURE,
    /** The block header may be on a too-little-work chain. */
    HEADER_LOW_WORK
}
