package io.mooring.script;

import io.mooring.wire.Bytes;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.mooring.script.Opcodes.*;

/**
 * Bitcoin's script interpreter: Core's {@code EvalScript} and {@code VerifyScript} ({@code script/interpreter.cpp})
 * with P2SH, segwit v0 (P2WPKH, P2WSH), taproot key-path and script-path spending and BIP342 tapscript. Stateless;
 * every call gets its own stacks. Malformed scripts and witnesses give a {@link ScriptError}, never an unchecked
 * exception.
 */
public final class Interpreter {
    private static final byte[] FALSE = new byte[0];
    private static final byte[] TRUE = {1};
    /** BIP341: the annex is a last witness element starting with 0x50. */
    private static final int ANNEX_TAG = 0x50;
    private static final int TAPROOT_LEAF_MASK = 0xfe;
    private static final int TAPROOT_LEAF_TAPSCRIPT = 0xc0;
    private static final int TAPROOT_CONTROL_BASE_SIZE = 33;
    private static final int TAPROOT_CONTROL_NODE_SIZE = 32;
    private static final int TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
    private static final int TAPROOT_CONTROL_MAX_SIZE =
            TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;

    private Interpreter() {
    }

    /**
     * Core's {@code VerifyScript}: runs scriptSig, then scriptPubKey on the resulting stack, then the P2SH redeem
     * script and witness program as the flags enable them, and the CLEANSTACK and unexpected-witness rules.
     *
     * @param witness the input's witness stack (empty if none)
     * @return {@link ScriptError#OK} if the input is valid under {@code flags}, else why not
     * @throws IllegalArgumentException if {@code flags} is not a valid combination (Core asserts)
     */
    public static ScriptError verifyScript(Script scriptSig, Script scriptPubKey, List<Bytes> witness, ScriptFlags flags,
                                           SignatureChecker checker) {
        if (!flags.isValidCombination()) throw new IllegalArgumentException("invalid flag combination " + flags);
        try {
            verify(scriptSig, scriptPubKey, witness, flags, checker);
            return ScriptError.OK;
        } catch (ScriptException e) {
            return e.error();
        }
    }

    private static void verify(Script scriptSig, Script scriptPubKey, List<Bytes> witness, ScriptFlags flags,
                               SignatureChecker checker) throws ScriptException {
        if (flags.has(VerifyFlag.SIGPUSHONLY) && !scriptSig.isPushOnly()) throw fail(ScriptError.SIG_PUSHONLY);

        // scriptSig and scriptPubKey run one after the other on one stack, never concatenated (CVE-2010-5141).
        List<byte[]> stack = new ArrayList<>();
        evalScript(stack, scriptSig, flags, checker, SigVersion.BASE, new ScriptExecutionData());
        List<byte[]> stackCopy = flags.has(VerifyFlag.P2SH) ? new ArrayList<>(stack) : null;
        evalScript(stack, scriptPubKey, flags, checker, SigVersion.BASE, new ScriptExecutionData());
        if (stack.isEmpty() || !ScriptNum.castToBool(top(stack, 1))) throw fail(ScriptError.EVAL_FALSE);

        boolean hadWitness = false;
        if (flags.has(VerifyFlag.WITNESS)) {
            Optional<WitnessProgram> program = scriptPubKey.witnessProgram();
            if (program.isPresent()) {
                hadWitness = true;
                // The scriptSig must be exactly empty, or malleability returns.
                if (!scriptSig.isEmpty()) throw fail(ScriptError.WITNESS_MALLEATED);
                verifyWitnessProgram(witness, program.get(), flags, checker, false);
                // The stack is not clean for witness programs; the CLEANSTACK check below is bypassed.
                truncateToOne(stack);
            }
        }

        if (flags.has(VerifyFlag.P2SH) && scriptPubKey.isPayToScriptHash()) {
            if (!scriptSig.isPushOnly()) throw fail(ScriptError.SIG_PUSHONLY);
            stack = stackCopy;
            // Not empty: HASH160 <h> EQUAL on an empty stack failed above.
            byte[] serialized = stack.remove(stack.size() - 1);
            Script redeemScript = Script.wrap(serialized);
            evalScript(stack, redeemScript, flags, checker, SigVersion.BASE, new ScriptExecutionData());
            if (stack.isEmpty() || !ScriptNum.castToBool(top(stack, 1))) throw fail(ScriptError.EVAL_FALSE);

            if (flags.has(VerifyFlag.WITNESS)) {
                Optional<WitnessProgram> program = redeemScript.witnessProgram();
                if (program.isPresent()) {
                    hadWitness = true;
                    // The scriptSig must be exactly one push of the redeem script.
                    if (!Arrays.equals(scriptSig.array(), Script.pushEncoding(serialized))) {
                        throw fail(ScriptError.WITNESS_MALLEATED_P2SH);
                    }
                    verifyWitnessProgram(witness, program.get(), flags, checker, true);
                    truncateToOne(stack);
                }
            }
        }

        // After P2SH and witness evaluation: their inputs would otherwise never leave a clean stack.
        if (flags.has(VerifyFlag.CLEANSTACK) && stack.size() != 1) throw fail(ScriptError.CLEANSTACK);

        if (flags.has(VerifyFlag.WITNESS) && !hadWitness && !witness.isEmpty()) {
            throw fail(ScriptError.WITNESS_UNEXPECTED);
        }
    }

    /** Core's {@code stack.resize(1)}: keeps the bottom element (the stack is never empty here). */
    private static void truncateToOne(List<byte[]> stack) {
        while (stack.size() > 1) stack.remove(stack.size() - 1);
    }

    private static void verifyWitnessProgram(List<Bytes> witness, WitnessProgram wp, ScriptFlags flags,
                                             SignatureChecker checker, boolean isP2sh) throws ScriptException {
        int version = wp.version();
        byte[] program = wp.programArray();
        List<byte[]> stack = new ArrayList<>(witness.size());
        for (Bytes b : witness) stack.add(b.toArray());
        ScriptExecutionData exec = new ScriptExecutionData();

        if (version == 0) {
            if (program.length == 32) {
                // P2WSH: the last witness element is the script, committed by its SHA256.
                if (stack.isEmpty()) throw fail(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY);
                byte[] scriptBytes = stack.remove(stack.size() - 1);
                if (!Arrays.equals(ScriptHashes.sha256(scriptBytes), program)) {
                    throw fail(ScriptError.WITNESS_PROGRAM_MISMATCH);
                }
                executeWitnessScript(stack, Script.wrap(scriptBytes), flags, SigVersion.WITNESS_V0, checker, exec);
            } else if (program.length == 20) {
                // P2WPKH: exactly signature and key, run through the implied P2PKH script.
                if (stack.size() != 2) throw fail(ScriptError.WITNESS_PROGRAM_MISMATCH);
                executeWitnessScript(stack, p2pkhScript(program), flags, SigVersion.WITNESS_V0, checker, exec);
            } else {
                throw fail(ScriptError.WITNESS_PROGRAM_WRONG_LENGTH);
            }
        } else if (version == 1 && program.length == 32 && !isP2sh) {
            if (!flags.has(VerifyFlag.TAPROOT)) return;
            if (stack.isEmpty()) throw fail(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY);
            byte[] last = top(stack, 1);
            if (stack.size() >= 2 && last.length > 0 && (last[0] & 0xff) == ANNEX_TAG) {
                // The annex: committed to by the signature hash, otherwise unused (and non-standard).
                stack.remove(stack.size() - 1);
                exec.annexHash = ScriptHashes.sha256(withCompactSize(last));
                exec.annexPresent = true;
            } else {
                exec.annexPresent = false;
            }
            if (stack.size() == 1) {
                // Key path: one Schnorr signature for the output key.
                checker.checkSchnorrSignature(stack.get(0), program, SigVersion.TAPROOT, exec);
                return;
            }
            // Script path: ... script control.
            byte[] control = stack.remove(stack.size() - 1);
            byte[] script = stack.remove(stack.size() - 1);
            if (control.length < TAPROOT_CONTROL_BASE_SIZE || control.length > TAPROOT_CONTROL_MAX_SIZE
                    || (control.length - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE != 0) {
                throw fail(ScriptError.TAPROOT_WRONG_CONTROL_SIZE);
            }
            int leafVersion = control[0] & TAPROOT_LEAF_MASK;
            exec.tapleafHash = Taproot.leafHash(leafVersion, script);
            if (!Taproot.verifyCommitment(control, program, exec.tapleafHash, verifierOf(checker))) {
                throw fail(ScriptError.WITNESS_PROGRAM_MISMATCH);
            }
            if (leafVersion == TAPROOT_LEAF_TAPSCRIPT) {
                // BIP342 budget: the serialised size of the whole witness plus 50.
                exec.validationWeightLeft = serializedWitnessSize(witness) + ScriptExecutionData.VALIDATION_WEIGHT_OFFSET;
                exec.validationWeightInitialised = true;
                executeWitnessScript(stack, Script.wrap(script), flags, SigVersion.TAPSCRIPT, checker, exec);
                return;
            }
            if (flags.has(VerifyFlag.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION)) {
                throw fail(ScriptError.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION);
            }
        } else if (!isP2sh && version == 1 && program.length == 2 && program[0] == 0x4e && program[1] == 0x73) {
            // Pay-to-anchor (OP_1 <0x4e73>): anyone can spend, never discouraged.
            return;
        } else {
            if (flags.has(VerifyFlag.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)) {
                throw fail(ScriptError.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
            }
            // Other versions and sizes succeed: room for future soft forks.
        }
    }

    private static SignatureVerifier verifierOf(SignatureChecker checker) {
        return checker instanceof TransactionSignatureChecker t ? t.verifier() : SignatureVerifiers.defaultVerifier();
    }

    private static long serializedWitnessSize(List<Bytes> witness) {
        long n = compactSizeLength(witness.size());
        for (Bytes b : witness) n += compactSizeLength(b.length()) + b.length();
        return n;
    }

    private static int compactSizeLength(long v) {
        return v < 0xfd ? 1 : v <= 0xffff ? 3 : v <= 0xffffffffL ? 5 : 9;
    }

    private static byte[] withCompactSize(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 9);
        long n = data.length;
        if (n < 0xfd) {
            out.write((int) n);
        } else if (n <= 0xffff) {
            out.write(0xfd);
            out.write((int) (n & 0xff));
            out.write((int) (n >>> 8));
        } else {
            out.write(0xfe);
            for (int i = 0; i < 4; i++) out.write((int) ((n >>> (8 * i)) & 0xff));
        }
        out.write(data, 0, data.length);
        return out.toByteArray();
    }

    private static Script p2pkhScript(byte[] keyHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(25);
        out.write(OP_DUP);
        out.write(OP_HASH160);
        Script.writePush(out, keyHash);
        out.write(OP_EQUALVERIFY);
        out.write(OP_CHECKSIG);
        return Script.wrap(out.toByteArray());
    }

    private static void executeWitnessScript(List<byte[]> stack, Script script, ScriptFlags flags, SigVersion sigVersion,
                                             SignatureChecker checker, ScriptExecutionData exec) throws ScriptException {
        if (sigVersion == SigVersion.TAPSCRIPT) {
            // OP_SUCCESSx anywhere (that parses) wins over everything, even element size limits.
            ScriptReader r = new ScriptReader(script.array());
            while (r.hasMore()) {
                if (!r.next()) throw fail(ScriptError.BAD_OPCODE);
                if (Opcodes.isOpSuccess(r.opcode())) {
                    if (flags.has(VerifyFlag.DISCOURAGE_OP_SUCCESS)) throw fail(ScriptError.DISCOURAGE_OP_SUCCESS);
                    return;
                }
            }
            if (stack.size() > Script.MAX_STACK_SIZE) throw fail(ScriptError.STACK_SIZE);
        }
        for (byte[] e : stack) {
            if (e.length > Script.MAX_SCRIPT_ELEMENT_SIZE) throw fail(ScriptError.PUSH_SIZE);
        }
        evalScript(stack, script, flags, checker, sigVersion, exec);
        // Witness scripts must leave exactly one true element.
        if (stack.size() != 1) throw fail(ScriptError.CLEANSTACK);
        if (!ScriptNum.castToBool(stack.get(0))) throw fail(ScriptError.EVAL_FALSE);
    }

    /**
     * Core's {@code EvalScript}: runs {@code script} on {@code stack} (changed in place).
     *
     * @throws ScriptException on any failure
     */
    public static void evalScript(List<byte[]> stack, Script script, ScriptFlags flags, SignatureChecker checker,
                                  SigVersion sigVersion, ScriptExecutionData exec) throws ScriptException {
        if (sigVersion == SigVersion.TAPROOT) throw new IllegalArgumentException("key-path spends run no script");
        try {
            eval(stack, script.array(), flags, checker, sigVersion, exec);
        } catch (IndexOutOfBoundsException e) {
            // Core's catch (...) around the loop; every access is size-checked first, so this is a safety net.
            throw fail(ScriptError.UNKNOWN_ERROR);
        }
    }

    private static void eval(List<byte[]> stack, byte[] script, ScriptFlags flags, SignatureChecker checker,
                             SigVersion sigVersion, ScriptExecutionData exec) throws ScriptException {
        boolean legacyOrV0 = sigVersion == SigVersion.BASE || sigVersion == SigVersion.WITNESS_V0;
        if (legacyOrV0 && script.length > Script.MAX_SCRIPT_SIZE) throw fail(ScriptError.SCRIPT_SIZE);
        boolean requireMinimal = flags.has(VerifyFlag.MINIMALDATA);
        ConditionStack exec_ = new ConditionStack();
        List<byte[]> altstack = new ArrayList<>();
        ScriptReader reader = new ScriptReader(script);
        int codeHashBegin = 0;
        int opCount = 0;
        long opcodePosition = 0;
        exec.codeSeparatorPosition = 0xFFFFFFFFL;

        for (; reader.hasMore(); opcodePosition++) {
            boolean executing = exec_.allTrue();
            if (!reader.next()) throw fail(ScriptError.BAD_OPCODE);
            int opcode = reader.opcode();
            if (reader.dataLength() > Script.MAX_SCRIPT_ELEMENT_SIZE) throw fail(ScriptError.PUSH_SIZE);

            // OP_RESERVED and pushes do not count towards the 201-opcode limit; tapscript has no limit.
            if (legacyOrV0 && opcode > OP_16 && ++opCount > Script.MAX_OPS_PER_SCRIPT) {
                throw fail(ScriptError.OP_COUNT);
            }
            // Disabled opcodes fail even in an unexecuted branch (CVE-2010-5137).
            switch (opcode) {
                case OP_CAT, OP_SUBSTR, OP_LEFT, OP_RIGHT, OP_INVERT, OP_AND, OP_OR, OP_XOR, OP_2MUL, OP_2DIV,
                     OP_MUL, OP_DIV, OP_MOD, OP_LSHIFT, OP_RSHIFT -> throw fail(ScriptError.DISABLED_OPCODE);
                default -> {
                }
            }
            // CONST_SCRIPTCODE forbids OP_CODESEPARATOR in legacy scripts, executed or not.
            if (opcode == OP_CODESEPARATOR && sigVersion == SigVersion.BASE && flags.has(VerifyFlag.CONST_SCRIPTCODE)) {
                throw fail(ScriptError.OP_CODESEPARATOR);
            }

            if (executing && opcode <= OP_PUSHDATA4) {
                byte[] data = reader.data();
                if (requireMinimal && !isMinimalPush(data, opcode)) throw fail(ScriptError.MINIMALDATA);
                stack.add(data);
            } else if (executing || (OP_IF <= opcode && opcode <= OP_ENDIF)) {
                switch (opcode) {
                    case OP_1NEGATE, OP_1, OP_2, OP_3, OP_4, OP_5, OP_6, OP_7, OP_8, OP_9, OP_10, OP_11, OP_12,
                         OP_13, OP_14, OP_15, OP_16 -> stack.add(ScriptNum.encode(opcode - (OP_1 - 1)));
                    case OP_NOP -> {
                    }
                    case OP_CHECKLOCKTIMEVERIFY -> {
                        if (!flags.has(VerifyFlag.CHECKLOCKTIMEVERIFY)) break; // NOP2
                        need(stack, 1);
                        // Five bytes: lock times are unsigned 32-bit, beyond the 4-byte operand range.
                        long lockTime = ScriptNum.decode(top(stack, 1), requireMinimal, 5);
                        if (lockTime < 0) throw fail(ScriptError.NEGATIVE_LOCKTIME);
                        if (!checker.checkLockTime(lockTime)) throw fail(ScriptError.UNSATISFIED_LOCKTIME);
                    }
                    case OP_CHECKSEQUENCEVERIFY -> {
                        if (!flags.has(VerifyFlag.CHECKSEQUENCEVERIFY)) break; // NOP3
                        need(stack, 1);
                        long sequence = ScriptNum.decode(top(stack, 1), requireMinimal, 5);
                        if (sequence < 0) throw fail(ScriptError.NEGATIVE_LOCKTIME);
                        // The disable flag makes CSV a NOP, for future soft forks.
                        if ((sequence & TransactionSignatureChecker.SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) break;
                        if (!checker.checkSequence(sequence)) throw fail(ScriptError.UNSATISFIED_LOCKTIME);
                    }
                    case OP_NOP1, OP_NOP4, OP_NOP5, OP_NOP6, OP_NOP7, OP_NOP8, OP_NOP9, OP_NOP10 -> {
                        if (flags.has(VerifyFlag.DISCOURAGE_UPGRADABLE_NOPS)) {
                            throw fail(ScriptError.DISCOURAGE_UPGRADABLE_NOPS);
                        }
                    }
                    case OP_IF, OP_NOTIF -> {
                        boolean value = false;
                        if (executing) {
                            need(stack, 1);
                            byte[] v = top(stack, 1);
                            if (sigVersion == SigVersion.TAPSCRIPT) {
                                // Consensus in tapscript: exactly empty or exactly 0x01.
                                if (v.length > 1 || (v.length == 1 && v[0] != 1)) {
                                    throw fail(ScriptError.TAPSCRIPT_MINIMALIF);
                                }
                            }
                            if (sigVersion == SigVersion.WITNESS_V0 && flags.has(VerifyFlag.MINIMALIF)) {
                                if (v.length > 1 || (v.length == 1 && v[0] != 1)) throw fail(ScriptError.MINIMALIF);
                            }
                            value = ScriptNum.castToBool(v);
                            if (opcode == OP_NOTIF) value = !value;
                            pop(stack);
                        }
                        exec_.push(value);
                    }
                    case OP_ELSE -> {
                        if (exec_.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
                        exec_.toggleTop();
                    }
                    case OP_ENDIF -> {
                        if (exec_.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
                        exec_.pop();
                    }
                    case OP_VERIFY -> {
                        need(stack, 1);
                        if (!ScriptNum.castToBool(top(stack, 1))) throw fail(ScriptError.VERIFY);
                        pop(stack);
                    }
                    case OP_RETURN -> throw fail(ScriptError.OP_RETURN);

                    case OP_TOALTSTACK -> {
                        need(stack, 1);
                        altstack.add(pop(stack));
                    }
                    case OP_FROMALTSTACK -> {
                        if (altstack.isEmpty()) throw fail(ScriptError.INVALID_ALTSTACK_OPERATION);
                        stack.add(altstack.remove(altstack.size() - 1));
                    }
                    case OP_2DROP -> {
                        need(stack, 2);
                        pop(stack);
                        pop(stack);
                    }
                    case OP_2DUP -> {
                        need(stack, 2);
                        byte[] a = top(stack, 2);
                        byte[] b = top(stack, 1);
                        stack.add(a);
                        stack.add(b);
                    }
                    case OP_3DUP -> {
                        need(stack, 3);
                        byte[] a = top(stack, 3);
                        byte[] b = top(stack, 2);
                        byte[] c = top(stack, 1);
                        stack.add(a);
                        stack.add(b);
                        stack.add(c);
                    }
                    case OP_2OVER -> {
                        need(stack, 4);
                        byte[] a = top(stack, 4);
                        byte[] b = top(stack, 3);
                        stack.add(a);
                        stack.add(b);
                    }
                    case OP_2ROT -> {
                        need(stack, 6);
                        byte[] a = stack.remove(stack.size() - 6);
                        byte[] b = stack.remove(stack.size() - 5);
                        stack.add(a);
                        stack.add(b);
                    }
                    case OP_2SWAP -> {
                        need(stack, 4);
                        swap(stack, 4, 2);
                        swap(stack, 3, 1);
                    }
                    case OP_IFDUP -> {
                        need(stack, 1);
                        byte[] v = top(stack, 1);
                        if (ScriptNum.castToBool(v)) stack.add(v);
                    }
                    case OP_DEPTH -> stack.add(ScriptNum.encode(stack.size()));
                    case OP_DROP -> {
                        need(stack, 1);
                        pop(stack);
                    }
                    case OP_DUP -> {
                        need(stack, 1);
                        stack.add(top(stack, 1));
                    }
                    case OP_NIP -> {
                        need(stack, 2);
                        stack.remove(stack.size() - 2);
                    }
                    case OP_OVER -> {
                        need(stack, 2);
                        stack.add(top(stack, 2));
                    }
                    case OP_PICK, OP_ROLL -> {
                        need(stack, 2);
                        int n = ScriptNum.clampToInt(ScriptNum.decode(top(stack, 1), requireMinimal));
                        pop(stack);
                        if (n < 0 || n >= stack.size()) throw fail(ScriptError.INVALID_STACK_OPERATION);
                        byte[] v = top(stack, n + 1);
                        if (opcode == OP_ROLL) stack.remove(stack.size() - n - 1);
                        stack.add(v);
                    }
                    case OP_ROT -> {
                        need(stack, 3);
                        swap(stack, 3, 2);
                        swap(stack, 2, 1);
                    }
                    case OP_SWAP -> {
                        need(stack, 2);
                        swap(stack, 2, 1);
                    }
                    case OP_TUCK -> {
                        need(stack, 2);
                        stack.add(stack.size() - 2, top(stack, 1));
                    }
                    case OP_SIZE -> {
                        need(stack, 1);
                        stack.add(ScriptNum.encode(top(stack, 1).length));
                    }
                    case OP_EQUAL, OP_EQUALVERIFY -> {
                        need(stack, 2);
                        boolean equal = Arrays.equals(top(stack, 2), top(stack, 1));
                        pop(stack);
                        pop(stack);
                        if (opcode == OP_EQUALVERIFY) {
                            if (!equal) {
                                stack.add(FALSE);
                                throw fail(ScriptError.EQUALVERIFY);
                            }
                        } else {
                            stack.add(equal ? TRUE : FALSE);
                        }
                    }
                    case OP_1ADD, OP_1SUB, OP_NEGATE, OP_ABS, OP_NOT, OP_0NOTEQUAL -> {
                        need(stack, 1);
                        long n = ScriptNum.decode(top(stack, 1), requireMinimal);
                        long r = switch (opcode) {
                            case OP_1ADD -> n + 1;
                            case OP_1SUB -> n - 1;
                            case OP_NEGATE -> -n;
                            case OP_ABS -> Math.abs(n);
                            case OP_NOT -> n == 0 ? 1 : 0;
                            default -> n != 0 ? 1 : 0; // OP_0NOTEQUAL
                        };
                        pop(stack);
                        stack.add(ScriptNum.encode(r));
                    }
                    case OP_ADD, OP_SUB, OP_BOOLAND, OP_BOOLOR, OP_NUMEQUAL, OP_NUMEQUALVERIFY, OP_NUMNOTEQUAL,
                         OP_LESSTHAN, OP_GREATERTHAN, OP_LESSTHANOREQUAL, OP_GREATERTHANOREQUAL, OP_MIN, OP_MAX -> {
                        need(stack, 2);
                        long a = ScriptNum.decode(top(stack, 2), requireMinimal);
                        long b = ScriptNum.decode(top(stack, 1), requireMinimal);
                        long r = switch (opcode) {
                            case OP_ADD -> a + b;
                            case OP_SUB -> a - b;
                            case OP_BOOLAND -> a != 0 && b != 0 ? 1 : 0;
                            case OP_BOOLOR -> a != 0 || b != 0 ? 1 : 0;
                            case OP_NUMEQUAL, OP_NUMEQUALVERIFY -> a == b ? 1 : 0;
                            case OP_NUMNOTEQUAL -> a != b ? 1 : 0;
                            case OP_LESSTHAN -> a < b ? 1 : 0;
                            case OP_GREATERTHAN -> a > b ? 1 : 0;
                            case OP_LESSTHANOREQUAL -> a <= b ? 1 : 0;
                            case OP_GREATERTHANOREQUAL -> a >= b ? 1 : 0;
                            case OP_MIN -> Math.min(a, b);
                            default -> Math.max(a, b); // OP_MAX
                        };
                        pop(stack);
                        pop(stack);
                        stack.add(ScriptNum.encode(r));
                        if (opcode == OP_NUMEQUALVERIFY) {
                            if (!ScriptNum.castToBool(top(stack, 1))) throw fail(ScriptError.NUMEQUALVERIFY);
                            pop(stack);
                        }
                    }
                    case OP_WITHIN -> {
                        need(stack, 3);
                        long x = ScriptNum.decode(top(stack, 3), requireMinimal);
                        long min = ScriptNum.decode(top(stack, 2), requireMinimal);
                        long max = ScriptNum.decode(top(stack, 1), requireMinimal);
                        pop(stack);
                        pop(stack);
                        pop(stack);
                        stack.add(min <= x && x < max ? TRUE : FALSE);
                    }
                    case OP_RIPEMD160, OP_SHA1, OP_SHA256, OP_HASH160, OP_HASH256 -> {
                        need(stack, 1);
                        byte[] v = pop(stack);
                        stack.add(switch (opcode) {
                            case OP_RIPEMD160 -> ScriptHashes.ripemd160(v);
                            case OP_SHA1 -> ScriptHashes.sha1(v);
                            case OP_SHA256 -> ScriptHashes.sha256(v);
                            case OP_HASH160 -> ScriptHashes.hash160(v);
                            default -> ScriptHashes.sha256d(v); // OP_HASH256
                        });
                    }
                    case OP_CODESEPARATOR -> {
                        // Signatures hash the script from just after this opcode.
                        codeHashBegin = reader.position();
                        exec.codeSeparatorPosition = opcodePosition;
                    }
                    case OP_CHECKSIG, OP_CHECKSIGVERIFY -> {
                        need(stack, 2);
                        byte[] sig = top(stack, 2);
                        byte[] pubKey = top(stack, 1);
                        boolean ok = evalChecksig(sig, pubKey, script, codeHashBegin, exec, flags, checker, sigVersion);
                        pop(stack);
                        pop(stack);
                        if (opcode == OP_CHECKSIGVERIFY) {
                            if (!ok) {
                                stack.add(FALSE);
                                throw fail(ScriptError.CHECKSIGVERIFY);
                            }
                        } else {
                            stack.add(ok ? TRUE : FALSE);
                        }
                    }
                    case OP_CHECKSIGADD -> {
                        // Tapscript only; a bad opcode before it.
                        if (legacyOrV0) throw fail(ScriptError.BAD_OPCODE);
                        need(stack, 3);
                        byte[] sig = top(stack, 3);
                        long n = ScriptNum.decode(top(stack, 2), requireMinimal);
                        byte[] pubKey = top(stack, 1);
                        boolean ok = evalChecksig(sig, pubKey, script, codeHashBegin, exec, flags, checker, sigVersion);
                        pop(stack);
                        pop(stack);
                        pop(stack);
                        stack.add(ScriptNum.encode(n + (ok ? 1 : 0)));
                    }
                    case OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY -> {
                        if (sigVersion == SigVersion.TAPSCRIPT) throw fail(ScriptError.TAPSCRIPT_CHECKMULTISIG);
                        opCount = checkMultisig(stack, script, codeHashBegin, opCount, opcode, flags, checker,
                                sigVersion, requireMinimal);
                    }
                    default -> throw fail(ScriptError.BAD_OPCODE);
                }
            }
            if (stack.size() + altstack.size() > Script.MAX_STACK_SIZE) throw fail(ScriptError.STACK_SIZE);
        }
        if (!exec_.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
    }

    /** Returns the updated opcode count (the keys count towards the 201 limit). */
    private static int checkMultisig(List<byte[]> stack, byte[] script, int codeHashBegin, int opCount, int opcode,
                                     ScriptFlags flags, SignatureChecker checker, SigVersion sigVersion,
                                     boolean requireMinimal) throws ScriptException {
        // ([sig ...] sigCount [pubkey ...] keyCount -- bool), plus one extra element consumed by a historical bug.
        int i = 1;
        need(stack, i);
        int keyCount = ScriptNum.clampToInt(ScriptNum.decode(top(stack, i), requireMinimal));
        if (keyCount < 0 || keyCount > Script.MAX_PUBKEYS_PER_MULTISIG) throw fail(ScriptError.PUBKEY_COUNT);
        opCount += keyCount;
        if (opCount > Script.MAX_OPS_PER_SCRIPT) throw fail(ScriptError.OP_COUNT);
        int ikey = ++i;
        // ikey2: the position of the last non-signature element, for the NULLFAIL cleanup.
        int ikey2 = keyCount + 2;
        i += keyCount;
        need(stack, i);
        int sigCount = ScriptNum.clampToInt(ScriptNum.decode(top(stack, i), requireMinimal));
        if (sigCount < 0 || sigCount > keyCount) throw fail(ScriptError.SIG_COUNT);
        int isig = ++i;
        i += sigCount;
        need(stack, i);

        byte[] scriptCode = Arrays.copyOfRange(script, codeHashBegin, script.length);
        if (sigVersion == SigVersion.BASE) {
            // Legacy scripts hash the scriptCode without the signatures themselves.
            for (int k = 0; k < sigCount; k++) {
                Script.FindAndDeleteResult r = Script.findAndDelete(scriptCode,
                        Script.pushEncoding(top(stack, isig + k)));
                if (r.found() > 0 && flags.has(VerifyFlag.CONST_SCRIPTCODE)) {
                    throw fail(ScriptError.SIG_FINDANDDELETE);
                }
                scriptCode = r.script();
            }
        }

        boolean success = true;
        while (success && sigCount > 0) {
            byte[] sig = top(stack, isig);
            byte[] pubKey = top(stack, ikey);
            // The order of these checks makes the evaluation order observable under STRICTENC; Core's tests pin it.
            EcdsaSignatures.checkSignatureEncoding(sig, flags);
            EcdsaSignatures.checkPubKeyEncoding(pubKey, flags, sigVersion);
            if (checker.checkEcdsaSignature(sig, pubKey, scriptCode, sigVersion)) {
                isig++;
                sigCount--;
            }
            ikey++;
            keyCount--;
            // More signatures left than keys: it cannot succeed any more.
            if (sigCount > keyCount) success = false;
        }

        while (i-- > 1) {
            // NULLFAIL: after a failure every signature must be empty.
            if (!success && flags.has(VerifyFlag.NULLFAIL) && ikey2 == 0 && top(stack, 1).length > 0) {
                throw fail(ScriptError.NULLFAIL);
            }
            if (ikey2 > 0) ikey2--;
            pop(stack);
        }
        // The extra element; NULLDUMMY (BIP147) requires it to be empty.
        need(stack, 1);
        if (flags.has(VerifyFlag.NULLDUMMY) && top(stack, 1).length > 0) throw fail(ScriptError.SIG_NULLDUMMY);
        pop(stack);

        if (opcode == OP_CHECKMULTISIGVERIFY) {
            if (!success) {
                stack.add(FALSE);
                throw fail(ScriptError.CHECKMULTISIGVERIFY);
            }
        } else {
            stack.add(success ? TRUE : FALSE);
        }
        return opCount;
    }

    /**
     * Core's {@code EvalChecksig}: whether the signature check succeeded; a ScriptException where the whole script
     * must fail instead (encodings, NULLFAIL, tapscript rules).
     */
    private static boolean evalChecksig(byte[] sig, byte[] pubKey, byte[] script, int codeHashBegin,
                                        ScriptExecutionData exec, ScriptFlags flags, SignatureChecker checker,
                                        SigVersion sigVersion) throws ScriptException {
        return switch (sigVersion) {
            case BASE, WITNESS_V0 -> {
                byte[] scriptCode = Arrays.copyOfRange(script, codeHashBegin, script.length);
                if (sigVersion == SigVersion.BASE) {
                    Script.FindAndDeleteResult r = Script.findAndDelete(scriptCode, Script.pushEncoding(sig));
                    if (r.found() > 0 && flags.has(VerifyFlag.CONST_SCRIPTCODE)) {
                        throw fail(ScriptError.SIG_FINDANDDELETE);
                    }
                    scriptCode = r.script();
                }
                EcdsaSignatures.checkSignatureEncoding(sig, flags);
                EcdsaSignatures.checkPubKeyEncoding(pubKey, flags, sigVersion);
                boolean ok = checker.checkEcdsaSignature(sig, pubKey, scriptCode, sigVersion);
                if (!ok && flags.has(VerifyFlag.NULLFAIL) && sig.length > 0) throw fail(ScriptError.NULLFAIL);
                yield ok;
            }
            case TAPSCRIPT -> {
                // BIP342's order matters: budget first, then key type, then the signature itself.
                boolean ok = sig.length > 0;
                if (ok) {
                    exec.validationWeightLeft -= ScriptExecutionData.VALIDATION_WEIGHT_PER_SIGOP_PASSED;
                    if (exec.validationWeightLeft < 0) throw fail(ScriptError.TAPSCRIPT_VALIDATION_WEIGHT);
                }
                if (pubKey.length == 0) {
                    throw fail(ScriptError.TAPSCRIPT_EMPTY_PUBKEY);
                } else if (pubKey.length == 32) {
                    // A non-empty invalid signature fails the script (the checker throws).
                    if (ok) checker.checkSchnorrSignature(sig, pubKey, sigVersion, exec);
                } else if (flags.has(VerifyFlag.DISCOURAGE_UPGRADABLE_PUBKEYTYPE)) {
                    // Unknown key types succeed (future soft forks) unless discouraged.
                    throw fail(ScriptError.DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
                }
                yield ok;
            }
            case TAPROOT -> throw new IllegalStateException("key-path spends run no script");
        };
    }

    /** Core's {@code CheckMinimalPush}. */
    static boolean isMinimalPush(byte[] data, int opcode) {
        int n = data.length;
        if (n == 0) return opcode == OP_0;
        if (n == 1 && data[0] >= 1 && data[0] <= 16) return false; // should have been OP_1..OP_16
        if (n == 1 && (data[0] & 0xff) == 0x81) return false; // should have been OP_1NEGATE
        if (n <= 75) return opcode == n;
        if (n <= 255) return opcode == OP_PUSHDATA1;
        if (n <= 65535) return opcode == OP_PUSHDATA2;
        return true;
    }

    private static void need(List<byte[]> stack, int n) throws ScriptException {
        if (stack.size() < n) throw fail(ScriptError.INVALID_STACK_OPERATION);
    }

    /** Core's {@code stacktop(-depth)}. */
    private static byte[] top(List<byte[]> stack, int depth) {
        return stack.get(stack.size() - depth);
    }

    private static byte[] pop(List<byte[]> stack) {
        return stack.remove(stack.size() - 1);
    }

    private static void swap(List<byte[]> stack, int depthA, int depthB) {
        int a = stack.size() - depthA;
        int b = stack.size() - depthB;
        byte[] t = stack.get(a);
        stack.set(a, stack.get(b));
        stack.set(b, t);
    }

    private static ScriptException fail(ScriptError error) {
        return new ScriptException(error);
    }

    /**
     * Core's {@code ConditionStack}: only "is it empty" and "are all true" are observable, so a size and the position
     * of the first false suffice, whatever the nesting depth.
     */
    private static final class ConditionStack {
        private static final int NO_FALSE = -1;
        private int size;
        private int firstFalse = NO_FALSE;

        boolean isEmpty() {
            return size == 0;
        }

        boolean allTrue() {
            return firstFalse == NO_FALSE;
        }

        void push(boolean value) {
            if (firstFalse == NO_FALSE && !value) firstFalse = size;
            size++;
        }

        void pop() {
            size--;
            if (firstFalse == size) firstFalse = NO_FALSE;
        }

        void toggleTop() {
            if (firstFalse == NO_FALSE) {
                firstFalse = size - 1;
            } else if (firstFalse == size - 1) {
                firstFalse = NO_FALSE;
            }
        }
    }
}
