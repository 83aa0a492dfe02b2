package io.mooring.validation;

/**
 * Why a transaction failed, Core's {@code TxValidationResult} (consensus/validation.h). Block connection turns every
 * one into {@link BlockValidationResult#CONSENSUS}; the mempool (issue 14) keeps them apart, as peers are punished
 * differently for each.
 */
public enum TxValidationResult {
    /** Invalid by consensus rules. */
    CONSENSUS,
    /** Inputs failed policy rules. */
    INPUTS_NOT_STANDARD,
    /** Otherwise didn't meet local policy rules. */
    NOT_STANDARD,
    /** Transaction was missing some of its inputs. */
    MISSING_INPUTS,
    /** Transaction spends a coinbase too early, or violates locktime/sequence locks. */
    PREMATURE_SPEND,
    /** Witness or scriptSig was mutated. */
    WITNESS_MUTATED,
    /** The witness was stripped. */
    WITNESS_STRIPPED,
    /** Conflicts with the mempool or chain. */
    CONFLICT,
    /** Violated a mempool policy rule. */
    MEMPOOL_POLICY,
    /** This node has no mempool. */
    NO_MEMPOOL,
    /** Fails a policy that may change (package fee rate). */
    RECONSIDERABLE,
    /** Transaction was not validated because a package failed. */
    UNKNOWN
}
