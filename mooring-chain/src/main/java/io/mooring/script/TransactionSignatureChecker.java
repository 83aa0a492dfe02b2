package io.mooring.script;

import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Checks signatures and lock times for one input of a transaction (Core's {@code TransactionSignatureChecker}).
 * Signature hashes come from {@link SignatureHash}; the curve work from a {@link SignatureVerifier}.
 */
public final class TransactionSignatureChecker implements SignatureChecker {
    /** Core's {@code LOCKTIME_THRESHOLD}: lock times below are heights, above are Unix times. */
    static final long LOCKTIME_THRESHOLD = 500_000_000L;
    static final long SEQUENCE_FINAL = 0xffffffffL;
    static final long SEQUENCE_LOCKTIME_DISABLE_FLAG = 1L << 31;
    static final long SEQUENCE_LOCKTIME_TYPE_FLAG = 1L << 22;
    static final long SEQUENCE_LOCKTIME_MASK = 0x0000ffffL;

    private final Transaction tx;
    private final int inputIndex;
    private final long amount;
    private final PrecomputedTransactionData txData;
    private final SignatureVerifier verifier;

    /**
     * @param amount the value of the output being spent (witness signatures commit to it)
     * @param txData the precomputed hashes, with the spent outputs for taproot inputs
     */
    public TransactionSignatureChecker(Transaction tx, int inputIndex, long amount, PrecomputedTransactionData txData,
                                       SignatureVerifier verifier) {
        this.tx = Objects.requireNonNull(tx, "tx");
        if (inputIndex < 0 || inputIndex >= tx.inputs().size()) {
            throw new IllegalArgumentException("input index " + inputIndex + " of " + tx.inputs().size());
        }
        this.inputIndex = inputIndex;
        this.amount = amount;
        this.txData = Objects.requireNonNull(txData, "txData");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    SignatureVerifier verifier() {
        return verifier;
    }

    @Override
    public boolean checkEcdsaSignature(byte[] signature, byte[] publicKey, byte[] scriptCode, SigVersion sigVersion) {
        if (EcdsaSignatures.canonicalPublicKey(publicKey) == null) return false;
        if (signature.length == 0) return false;
        int hashType = signature[signature.length - 1] & 0xff;
        byte[] der = Arrays.copyOf(signature, signature.length - 1);
        // Core reads the hash type byte as an int from an unsigned char, so it is 0..255 here.
        byte[] sighash = sigVersion == SigVersion.WITNESS_V0
                ? SignatureHash.witnessV0(scriptCode, tx, inputIndex, hashType, amount, txData)
                : SignatureHash.legacy(scriptCode, tx, inputIndex, hashType);
        return EcdsaSignatures.verify(der, publicKey, sighash, verifier);
    }

    @Override
    public void checkSchnorrSignature(byte[] signature, byte[] publicKey, SigVersion sigVersion,
                                      ScriptExecutionData exec) throws ScriptException {
        if (signature.length != 64 && signature.length != 65) throw new ScriptException(ScriptError.SCHNORR_SIG_SIZE);
        int hashType = SignatureHash.SIGHASH_DEFAULT;
        byte[] sig = signature;
        if (signature.length == 65) {
            hashType = signature[64] & 0xff;
            if (hashType == SignatureHash.SIGHASH_DEFAULT) throw new ScriptException(ScriptError.SCHNORR_SIG_HASHTYPE);
            sig = Arrays.copyOf(signature, 64);
        }
        // Core's MissingDataBehavior::FAIL: without the spent outputs a taproot signature cannot be valid.
        if (!txData.hasSpentOutputs()) throw new ScriptException(ScriptError.SCHNORR_SIG);
        byte[] sighash = SignatureHash.taproot(exec, tx, inputIndex, hashType, sigVersion, txData);
        if (sighash == null) throw new ScriptException(ScriptError.SCHNORR_SIG_HASHTYPE);
        if (!verifier.verifySchnorr(sighash, sig, publicKey)) throw new ScriptException(ScriptError.SCHNORR_SIG);
    }

    @Override
    public boolean checkLockTime(long lockTime) {
        long txLockTime = tx.lockTime();
        // Compare heights with heights and times with times only.
        boolean sameKind = (txLockTime < LOCKTIME_THRESHOLD && lockTime < LOCKTIME_THRESHOLD)
                || (txLockTime >= LOCKTIME_THRESHOLD && lockTime >= LOCKTIME_THRESHOLD);
        if (!sameKind) return false;
        if (lockTime > txLockTime) return false;
        // A final input would let IsFinalTx bypass the lock time, so CLTV requires this input to be non-final.
        return tx.inputs().get(inputIndex).sequence() != SEQUENCE_FINAL;
    }

    @Override
    public boolean checkSequence(long sequence) {
        TxIn in = tx.inputs().get(inputIndex);
        long txSequence = in.sequence();
        // BIP68 applies from version 2; Core compares the version as unsigned, so a "negative" version qualifies.
        if (Integer.compareUnsigned(tx.version(), 2) < 0) return false;
        if ((txSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) return false;
        long mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
        long txMasked = txSequence & mask;
        long masked = sequence & mask;
        boolean sameKind = (txMasked < SEQUENCE_LOCKTIME_TYPE_FLAG && masked < SEQUENCE_LOCKTIME_TYPE_FLAG)
                || (txMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG && masked >= SEQUENCE_LOCKTIME_TYPE_FLAG);
        if (!sameKind) return false;
        return masked <= txMasked;
    }
}
