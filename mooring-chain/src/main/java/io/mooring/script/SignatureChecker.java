package io.mooring.script;

/**
 * What the interpreter asks about the transaction (Core's {@code BaseSignatureChecker}): signature checks against
 * the signature hash, and the lock-time comparisons of BIP65/BIP112. {@link TransactionSignatureChecker} is the real
 * one; {@link #NONE} fails every check, as Core's base class does, for evaluating scripts without a transaction.
 */
public interface SignatureChecker {
    /**
     * Core's {@code CheckECDSASignature}: {@code signature} ends with the hash type byte; {@code scriptCode} is the
     * script from the last OP_CODESEPARATOR (legacy: after FindAndDelete). False for any failure.
     */
    boolean checkEcdsaSignature(byte[] signature, byte[] publicKey, byte[] scriptCode, SigVersion sigVersion);

    /**
     * Core's {@code CheckSchnorrSignature} for a 32-byte key: a 64-byte signature (hash type DEFAULT) or 65 bytes
     * with an explicit non-zero hash type.
     *
     * @throws ScriptException SCHNORR_SIG_SIZE, SCHNORR_SIG_HASHTYPE or SCHNORR_SIG
     */
    void checkSchnorrSignature(byte[] signature, byte[] publicKey, SigVersion sigVersion, ScriptExecutionData exec)
            throws ScriptException;

    /** Core's {@code CheckLockTime} for a non-negative operand. */
    boolean checkLockTime(long lockTime);

    /** Core's {@code CheckSequence} for a non-negative operand without the disable flag. */
    boolean checkSequence(long sequence);

    /** A checker without a transaction: every signature and lock time check fails. */
    SignatureChecker NONE = new SignatureChecker() {
        @Override
        public boolean checkEcdsaSignature(byte[] signature, byte[] publicKey, byte[] scriptCode, SigVersion v) {
            return false;
        }

        @Override
        public void checkSchnorrSignature(byte[] signature, byte[] publicKey, SigVersion v, ScriptExecutionData e)
                throws ScriptException {
            throw new ScriptException(ScriptError.SCHNORR_SIG);
        }

        @Override
        public boolean checkLockTime(long lockTime) {
            return false;
        }

        @Override
        public boolean checkSequence(long sequence) {
            return false;
        }
    };
}
