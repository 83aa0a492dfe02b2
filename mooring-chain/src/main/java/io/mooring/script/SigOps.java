package io.mooring.script;

import io.mooring.wire.Bytes;

import java.util.List;

/**
 * Signature-operation counting as Core's {@code CScript::GetSigOpCount} and {@code CountWitnessSigOps}
 * (script.cpp, interpreter.cpp): the inputs of the block sigop-cost limit.
 */
public final class SigOps {
    private SigOps() {
    }

    /**
     * Core's {@code GetSigOpCount(fAccurate)}: CHECKSIG(VERIFY) count 1; CHECKMULTISIG(VERIFY) count the key count
     * pushed just before when {@code accurate} and it is OP_1..OP_16, else 20. Counting stops at a malformed push.
     */
    public static int count(byte[] script, boolean accurate) {
        int n = 0;
        int lastOpcode = Opcodes.OP_INVALIDOPCODE;
        ScriptReader r = new ScriptReader(script);
        while (r.next()) {
            int op = r.opcode();
            if (op == Opcodes.OP_CHECKSIG || op == Opcodes.OP_CHECKSIGVERIFY) {
                n++;
            } else if (op == Opcodes.OP_CHECKMULTISIG || op == Opcodes.OP_CHECKMULTISIGVERIFY) {
                if (accurate && lastOpcode >= Opcodes.OP_1 && lastOpcode <= Opcodes.OP_16) {
                    n += Opcodes.decodeSmallInt(lastOpcode);
                } else {
                    n += Script.MAX_PUBKEYS_PER_MULTISIG;
                }
            }
            lastOpcode = op;
        }
        return n;
    }

    /**
     * Core's {@code GetSigOpCount(scriptSig)} for a P2SH output: the accurate count of the redeem script, the last
     * push of {@code scriptSig}; 0 if {@code scriptSig} is not push-only. For other outputs, their accurate count.
     */
    public static int p2shCount(Script scriptPubKey, Script scriptSig) {
        if (!scriptPubKey.isPayToScriptHash()) return count(scriptPubKey.toByteArray(), true);
        ScriptReader r = new ScriptReader(scriptSig.toByteArray());
        byte[] last = new byte[0];
        while (r.hasMore()) {
            if (!r.next()) return 0;
            if (r.opcode() > Opcodes.OP_16) return 0;
            last = r.data();
        }
        return count(last, true);
    }

    /**
     * Core's {@code CountWitnessSigOps}: 1 for P2WPKH, the accurate count of the witness script for P2WSH (also when
     * nested in P2SH), 0 for other versions and without the WITNESS flag.
     */
    public static int witnessCount(Script scriptSig, Script scriptPubKey, List<Bytes> witness, ScriptFlags flags) {
        if (!flags.has(VerifyFlag.WITNESS)) return 0;
        var program = scriptPubKey.witnessProgram();
        if (program.isPresent()) return witnessProgramCount(program.get(), witness);
        if (scriptPubKey.isPayToScriptHash() && scriptSig.isPushOnly()) {
            ScriptReader r = new ScriptReader(scriptSig.toByteArray());
            byte[] last = new byte[0];
            while (r.next()) last = r.data();
            var nested = Script.of(last).witnessProgram();
            if (nested.isPresent()) return witnessProgramCount(nested.get(), witness);
        }
        return 0;
    }

    private static int witnessProgramCount(WitnessProgram wp, List<Bytes> witness) {
        if (wp.version() != 0) return 0;
        if (wp.program().length == 20) return 1;
        if (wp.program().length == 32 && !witness.isEmpty()) {
            return count(witness.get(witness.size() - 1).toArray(), true);
        }
        return 0;
    }
}
