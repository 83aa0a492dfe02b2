package io.mooring.script;

/** Which signature rules a script runs under (Core's {@code SigVersion}). */
public enum SigVersion {
    /** Bare scripts and P2SH redeem scripts: legacy sighash, FindAndDelete. */
    BASE,
    /** BIP141/143 witness v0 scripts (P2WPKH, P2WSH). */
    WITNESS_V0,
    /** BIP341 key-path spending: no script, one Schnorr signature. */
    TAPROOT,
    /** BIP342 tapscript leaves (leaf version 0xc0). */
    TAPSCRIPT
}
