package io.mooring.validation;

import io.mooring.script.Interpreter;
import io.mooring.script.PrecomputedTransactionData;
import io.mooring.script.Script;
import io.mooring.script.ScriptError;
import io.mooring.script.ScriptFlags;
import io.mooring.script.SignatureVerifier;
import io.mooring.script.TransactionSignatureChecker;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

/**
 * One input's script verification, self-contained so it can run on any thread (Core's {@code CScriptCheck}): the
 * spending transaction, the input, the output it spends, the flags and the transaction's shared precomputed hashes.
 */
public record ScriptCheck(Transaction tx, int inputIndex, TxOut spent, ScriptFlags flags,
                          PrecomputedTransactionData txData) {

    /** Runs the check: {@link ScriptError#OK} or why the input fails. */
    public ScriptError run(SignatureVerifier verifier) {
        TxIn in = tx.inputs().get(inputIndex);
        return Interpreter.verifyScript(Script.of(in.scriptSig()), Script.of(spent.scriptPubKey()), in.witness(), flags,
                new TransactionSignatureChecker(tx, inputIndex, spent.value(), txData, verifier));
    }
}
