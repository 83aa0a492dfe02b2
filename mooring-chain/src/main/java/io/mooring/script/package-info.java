/**
 * Bitcoin's script system as Core's {@code script/interpreter.cpp}: {@link io.mooring.script.Script} and
 * {@link io.mooring.script.Opcodes}, {@link io.mooring.script.ScriptNum} (CScriptNum), the
 * {@link io.mooring.script.Interpreter} (EvalScript/VerifyScript with P2SH, segwit v0, taproot and tapscript) under
 * {@link io.mooring.script.ScriptFlags}, failures as {@link io.mooring.script.ScriptError}, the three
 * {@link io.mooring.script.SignatureHash} schemes (legacy, BIP143, BIP341) over
 * {@link io.mooring.script.PrecomputedTransactionData}, Core's signature encoding rules
 * ({@link io.mooring.script.EcdsaSignatures}) and the curve work behind {@link io.mooring.script.SignatureVerifier}
 * (libsecp256k1 through JNI by default, Bouncy Castle as the pure-Java fallback).
 *
 * <p>Owns: whether one input's scripts are satisfied, given the spending transaction, the spent output and flags.
 * Must not touch: the UTXO set, blocks, chain state, peers, files, threads or the clock; which flags apply at which
 * height is the caller's ({@code io.mooring.validation}).
 */
package io.mooring.script;
