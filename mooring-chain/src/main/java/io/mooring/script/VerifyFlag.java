package io.mooring.script;

/**
 * Core's script verification flags ({@code SCRIPT_VERIFY_*} in {@code script/interpreter.h}), in Core's bit order.
 * Consensus uses a subset per deployment; the rest are policy. A set of them is a {@link ScriptFlags}.
 */
public enum VerifyFlag {
    /** BIP16 pay-to-script-hash. */
    P2SH,
    /** Signatures and public keys must be strictly encoded (defined hash type, 33/65-byte keys). */
    STRICTENC,
    /** BIP66 strict DER signatures. */
    DERSIG,
    /** BIP62 rule 5: S at most half the curve order. */
    LOW_S,
    /** BIP147: the extra CHECKMULTISIG argument must be empty. */
    NULLDUMMY,
    /** scriptSig must be push-only. */
    SIGPUSHONLY,
    /** Pushes and script numbers must be minimally encoded. */
    MINIMALDATA,
    /** OP_NOP1, OP_NOP4..OP_NOP10 fail instead of doing nothing. */
    DISCOURAGE_UPGRADABLE_NOPS,
    /** Exactly one stack element must remain (requires P2SH and WITNESS). */
    CLEANSTACK,
    /** BIP65 OP_CHECKLOCKTIMEVERIFY. */
    CHECKLOCKTIMEVERIFY,
    /** BIP112 OP_CHECKSEQUENCEVERIFY. */
    CHECKSEQUENCEVERIFY,
    /** BIP141 segregated witness (requires P2SH). */
    WITNESS,
    /** Unknown witness versions fail instead of succeeding. */
    DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
    /** Witness v0: OP_IF/OP_NOTIF arguments must be empty or exactly 0x01. */
    MINIMALIF,
    /** A failed signature check must have an empty signature. */
    NULLFAIL,
    /** Witness v0 public keys must be compressed. */
    WITNESS_PUBKEYTYPE,
    /** OP_CODESEPARATOR and FindAndDelete hits fail in legacy scripts. */
    CONST_SCRIPTCODE,
    /** BIP341/342 taproot and tapscript. */
    TAPROOT,
    /** Unknown taproot leaf versions fail. */
    DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,
    /** OP_SUCCESSx fail. */
    DISCOURAGE_OP_SUCCESS,
    /** Tapscript public keys of unknown length fail. */
    DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

    /** This flag's bit: 1 shl ordinal, as Core's {@code script_verify_flag_name}. */
    public long bit() {
        return 1L << ordinal();
    }
}
