package io.mooring.script;

import io.mooring.wire.Hashes;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.security.MessageDigest;
import java.util.List;

/**
 * The three signature-hash schemes (Core's {@code SignatureHash} and {@code SignatureHashSchnorr}). Hashes are 32
 * bytes in internal order (Core's {@code uint256} bytes; sighash.json prints them reversed).
 */
public final class SignatureHash {
    /** BIP341's default hash type: a 64-byte signature, committing like SIGHASH_ALL. */
    public static final int SIGHASH_DEFAULT = 0;

    private SignatureHash() {
    }

    /**
     * The original (pre-segwit) signature hash. The scriptCode is serialised without its OP_CODESEPARATORs; other
     * inputs get empty scripts; NONE drops the outputs and SINGLE keeps only the one at the input's index (blanking
     * the ones before it as value -1 with an empty script), both letting other inputs' sequences be zero;
     * ANYONECANPAY keeps only this input. SIGHASH_SINGLE without a matching output hashes to the number 1 (Core's
     * {@code uint256::ONE}): a historical bug consensus keeps.
     */
    public static byte[] legacy(byte[] scriptCode, Transaction tx, int inputIndex, int hashType) {
        if (inputIndex < 0 || inputIndex >= tx.inputs().size()) {
            throw new IllegalArgumentException("input index " + inputIndex + " of " + tx.inputs().size());
        }
        boolean anyoneCanPay = (hashType & EcdsaSignatures.SIGHASH_ANYONECANPAY) != 0;
        boolean single = (hashType & 0x1f) == EcdsaSignatures.SIGHASH_SINGLE;
        boolean none = (hashType & 0x1f) == EcdsaSignatures.SIGHASH_NONE;
        if (single && inputIndex >= tx.outputs().size()) {
            byte[] one = new byte[32];
            one[0] = 1;
            return one;
        }
        WireWriter w = new WireWriter(tx.strippedSize() + scriptCode.length + 8);
        w.writeI32LE(tx.version());
        List<TxIn> ins = tx.inputs();
        int inputCount = anyoneCanPay ? 1 : ins.size();
        w.writeCompactSize(inputCount);
        for (int k = 0; k < inputCount; k++) {
            int i = anyoneCanPay ? inputIndex : k;
            TxIn in = ins.get(i);
            in.prevout().write(w);
            if (i != inputIndex) {
                w.writeCompactSize(0);
            } else {
                writeScriptCodeWithoutSeparators(w, scriptCode);
            }
            if (i != inputIndex && (single || none)) {
                w.writeU32LE(0);
            } else {
                w.writeU32LE(in.sequence());
            }
        }
        int outputCount = none ? 0 : single ? inputIndex + 1 : tx.outputs().size();
        w.writeCompactSize(outputCount);
        for (int o = 0; o < outputCount; o++) {
            if (single && o != inputIndex) {
                // Core's default CTxOut: value -1, empty script.
                w.writeI64LE(-1).writeCompactSize(0);
            } else {
                tx.outputs().get(o).write(w);
            }
        }
        w.writeU32LE(tx.lockTime());
        w.writeI32LE(hashType);
        return Hashes.sha256d(w.array(), 0, w.size()).toInternalBytes();
    }

    /**
     * Core's {@code SerializeScriptCode}: the length counts every OP_CODESEPARATOR out, and the bytes between them are
     * written; when the script stops parsing, the bytes up to where the parser stopped are written (so a truncated
     * push at the end writes fewer bytes than the length says, exactly as Core).
     */
    private static void writeScriptCodeWithoutSeparators(WireWriter w, byte[] script) {
        ScriptReader r = new ScriptReader(script);
        int separators = 0;
        while (r.next()) {
            if (r.opcode() == Opcodes.OP_CODESEPARATOR) separators++;
        }
        w.writeCompactSize(script.length - separators);
        r = new ScriptReader(script);
        int begin = 0;
        while (r.next()) {
            if (r.opcode() == Opcodes.OP_CODESEPARATOR) {
                w.writeBytes(script, begin, r.position() - begin - 1);
                begin = r.position();
            }
        }
        if (begin != script.length) {
            w.writeBytes(script, begin, r.position() - begin);
        }
    }

    /**
     * BIP143 (witness v0): version, hashPrevouts, hashSequence, the outpoint, scriptCode, amount, sequence,
     * hashOutputs, lock time, hash type; the three aggregate hashes are zero where the hash type excludes them.
     * SIGHASH_SINGLE without a matching output commits to a zero hashOutputs (no "1" bug here).
     */
    public static byte[] witnessV0(byte[] scriptCode, Transaction tx, int inputIndex, int hashType, long amount,
                                   PrecomputedTransactionData txData) {
        boolean anyoneCanPay = (hashType & EcdsaSignatures.SIGHASH_ANYONECANPAY) != 0;
        int base = hashType & 0x1f;
        boolean single = base == EcdsaSignatures.SIGHASH_SINGLE;
        boolean none = base == EcdsaSignatures.SIGHASH_NONE;
        PrecomputedTransactionData data = txData != null ? txData : new PrecomputedTransactionData(tx);
        byte[] zero = new byte[32];
        byte[] hashPrevouts = anyoneCanPay ? zero : Hashes.sha256(data.prevoutsHash());
        byte[] hashSequence = anyoneCanPay || single || none ? zero : Hashes.sha256(data.sequencesHash());
        byte[] hashOutputs;
        if (!single && !none) {
            hashOutputs = Hashes.sha256(data.outputsHash());
        } else if (single && inputIndex < tx.outputs().size()) {
            WireWriter o = new WireWriter(64);
            tx.outputs().get(inputIndex).write(o);
            hashOutputs = Hashes.sha256d(o.array(), 0, o.size()).toInternalBytes();
        } else {
            hashOutputs = zero;
        }
        TxIn in = tx.inputs().get(inputIndex);
        WireWriter w = new WireWriter(160 + scriptCode.length);
        w.writeI32LE(tx.version());
        w.writeBytes(hashPrevouts);
        w.writeBytes(hashSequence);
        in.prevout().write(w);
        w.writeCompactSize(scriptCode.length).writeBytes(scriptCode);
        w.writeI64LE(amount);
        w.writeU32LE(in.sequence());
        w.writeBytes(hashOutputs);
        w.writeU32LE(tx.lockTime());
        w.writeI32LE(hashType);
        return Hashes.sha256d(w.array(), 0, w.size()).toInternalBytes();
    }

    /**
     * BIP341/342 (Core's {@code SignatureHashSchnorr}): the TapSighash tagged hash of epoch 0, hash type, version,
     * lock time, the precomputed sha_prevouts/amounts/scriptpubkeys/sequences (unless ANYONECANPAY), sha_outputs
     * (for ALL and DEFAULT), the spend type, this input's data, the annex hash, the single output's hash and, for
     * tapscript, the leaf hash, key version 0 and the code separator position.
     *
     * @return the hash, or null for an undefined hash type or SIGHASH_SINGLE without a matching output (both
     * SCHNORR_SIG_HASHTYPE to the caller)
     * @throws IllegalArgumentException if the spent outputs are not in {@code txData}
     */
    public static byte[] taproot(ScriptExecutionData exec, Transaction tx, int inputIndex, int hashType,
                                 SigVersion sigVersion, PrecomputedTransactionData txData) {
        int extFlag = switch (sigVersion) {
            case TAPROOT -> 0;
            case TAPSCRIPT -> 1;
            case BASE, WITNESS_V0 -> throw new IllegalArgumentException("not a taproot sigversion: " + sigVersion);
        };
        if (!txData.hasSpentOutputs()) throw new IllegalArgumentException("taproot sighash needs the spent outputs");
        if (!(hashType <= 0x03 || (hashType >= 0x81 && hashType <= 0x83))) return null;
        int outputType = hashType == SIGHASH_DEFAULT ? EcdsaSignatures.SIGHASH_ALL : hashType & 0x03;
        boolean anyoneCanPay = (hashType & 0x80) != 0;

        MessageDigest md = ScriptHashes.tagged("TapSighash");
        WireWriter w = new WireWriter(256);
        w.writeU8(0); // epoch
        w.writeU8(hashType);
        w.writeI32LE(tx.version());
        w.writeU32LE(tx.lockTime());
        if (!anyoneCanPay) {
            w.writeBytes(txData.prevoutsHash());
            w.writeBytes(txData.amountsHash());
            w.writeBytes(txData.scriptPubKeysHash());
            w.writeBytes(txData.sequencesHash());
        }
        if (outputType == EcdsaSignatures.SIGHASH_ALL) {
            w.writeBytes(txData.outputsHash());
        }
        int spendType = (extFlag << 1) + (exec.annexPresent ? 1 : 0);
        w.writeU8(spendType);
        if (anyoneCanPay) {
            TxIn in = tx.inputs().get(inputIndex);
            in.prevout().write(w);
            txData.spentOutputs().get(inputIndex).write(w);
            w.writeU32LE(in.sequence());
        } else {
            w.writeU32LE(inputIndex);
        }
        if (exec.annexPresent) {
            w.writeBytes(exec.annexHash);
        }
        if (outputType == EcdsaSignatures.SIGHASH_SINGLE) {
            if (inputIndex >= tx.outputs().size()) return null;
            if (exec.singleOutputHash == null) {
                WireWriter o = new WireWriter(64);
                TxOut out = tx.outputs().get(inputIndex);
                out.write(o);
                exec.singleOutputHash = Hashes.sha256(o.array(), 0, o.size());
            }
            w.writeBytes(exec.singleOutputHash);
        }
        if (sigVersion == SigVersion.TAPSCRIPT) {
            w.writeBytes(exec.tapleafHash);
            w.writeU8(0); // key_version
            w.writeU32LE(exec.codeSeparatorPosition);
        }
        md.update(w.array(), 0, w.size());
        return md.digest();
    }
}
