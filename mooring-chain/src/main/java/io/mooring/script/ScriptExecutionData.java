package io.mooring.script;

/**
 * What one witness-program execution carries between the interpreter and the signature checker (Core's
 * {@code ScriptExecutionData}): the tapleaf hash, the position of the last executed OP_CODESEPARATOR, the annex hash,
 * the remaining BIP342 validation weight and a cached SIGHASH_SINGLE output hash. Mutable, confined to one
 * verification.
 */
public final class ScriptExecutionData {
    /** BIP342: each executed signature check with a non-empty signature costs this much budget. */
    static final int VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;
    /** BIP342: the budget starts at the witness size plus this. */
    static final int VALIDATION_WEIGHT_OFFSET = 50;

    byte[] tapleafHash;
    /** Opcode index of the last executed OP_CODESEPARATOR, 0xFFFFFFFF if none. */
    long codeSeparatorPosition = 0xFFFFFFFFL;
    boolean annexPresent;
    byte[] annexHash;
    long validationWeightLeft;
    boolean validationWeightInitialised;
    byte[] singleOutputHash;

    public ScriptExecutionData() {
    }

    /** For BIP341 vectors and callers computing a sighash outside script execution. */
    public static ScriptExecutionData forKeyPath(byte[] annexHashOrNull) {
        ScriptExecutionData d = new ScriptExecutionData();
        d.annexPresent = annexHashOrNull != null;
        d.annexHash = annexHashOrNull;
        return d;
    }
}
