package io.mooring.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.Bytes;
import io.mooring.wire.primitives.Transaction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of Core's {@code script_tests.json}, run as Core's {@code script_json_test} runs it: the scripts in a
 * crediting/spending transaction pair, the expected {@link ScriptError}, and Core's check that removing flags from a
 * passing case or adding flags to a failing one never changes the verdict. Each case runs with libsecp256k1 and with
 * the Bouncy Castle fallback.
 */
class ScriptTestsJsonTest {
    /** Secret key 1 (Core's {@code vchKey0}): the internal key of the auto-generated taproot outputs. */
    private static final byte[] KEY0_X_ONLY = ScriptVectors.xOnlyPublicKey(java.math.BigInteger.ONE);
    private static final int TAPROOT_LEAF_TAPSCRIPT = 0xc0;

    record Case(int index, String description, List<Bytes> witness, long amount, Script scriptSig,
                Script scriptPubKey, ScriptFlags flags, ScriptError expected) {
    }

    static List<Case> cases() {
        JsonNode tests = ScriptVectors.load("script_tests.json");
        List<Case> out = new ArrayList<>();
        for (int idx = 0; idx < tests.size(); idx++) {
            JsonNode t = tests.get(idx);
            int pos = 0;
            List<Bytes> witness = new ArrayList<>();
            long amount = 0;
            byte[] tapOutput = null;
            if (t.size() > 0 && t.get(0).isArray()) {
                JsonNode w = t.get(0);
                for (int i = 0; i < w.size() - 1; i++) {
                    String element = w.get(i).asText();
                    if (element.startsWith("#SCRIPT#")) {
                        witness.add(Bytes.wrap(ScriptAsm.bytes(element.substring("#SCRIPT#".length()))));
                    } else if (element.equals("#CONTROLBLOCK#")) {
                        // One tapscript leaf at depth 0 under key0, as Core's TaprootBuilder makes it.
                        byte[] leaf = witness.get(witness.size() - 1).toArray();
                        byte[] leafHash = Taproot.leafHash(TAPROOT_LEAF_TAPSCRIPT, leaf);
                        ScriptVectors.TweakedKey q = ScriptVectors.tweak(KEY0_X_ONLY, Taproot.tweak(KEY0_X_ONLY, leafHash));
                        byte[] control = ScriptVectors.concat(
                                new byte[]{(byte) (TAPROOT_LEAF_TAPSCRIPT | (q.oddY() ? 1 : 0))}, KEY0_X_ONLY);
                        witness.add(Bytes.wrap(control));
                        tapOutput = q.x();
                    } else {
                        witness.add(Bytes.wrap(ScriptVectors.hex(element)));
                    }
                }
                amount = new BigDecimal(w.get(w.size() - 1).asText()).movePointRight(8).longValueExact();
                pos++;
            }
            if (t.size() < 4 + pos) {
                assertThat(t.size()).as("comment line %d", idx).isEqualTo(1);
                continue;
            }
            Script scriptSig = ScriptAsm.parse(t.get(pos++).asText());
            String pubKeyText = t.get(pos++).asText();
            Script scriptPubKey;
            if (pubKeyText.equals("0x51 0x20 #TAPROOTOUTPUT#")) {
                assertThat(tapOutput).as("taproot output of case %d", idx).isNotNull();
                scriptPubKey = Script.of(ScriptVectors.concat(new byte[]{Opcodes.OP_1, 0x20}, tapOutput));
            } else {
                scriptPubKey = ScriptAsm.parse(pubKeyText);
            }
            ScriptFlags flags = ScriptFlags.parse(t.get(pos++).asText());
            ScriptError expected = ScriptError.valueOf(t.get(pos++).asText());
            String comment = pos < t.size() ? t.get(pos).asText() : "";
            out.add(new Case(idx, comment.isEmpty() ? t.toString() : comment, witness, amount, scriptSig, scriptPubKey,
                    flags, expected));
        }
        return out;
    }

    @Test
    void everyNonCommentLineIsACase() {
        // Guards against a parser that silently drops cases: Core's file has over 1,200.
        assertThat(cases()).hasSizeGreaterThan(1200);
    }

    @TestFactory
    Stream<DynamicTest> coreScriptTests() {
        return cases().stream().flatMap(c -> ScriptVectors.VERIFIERS.stream().map(v -> DynamicTest.dynamicTest(
                "#" + c.index() + " [" + v.name() + "] " + c.description(), () -> run(c, v))));
    }

    private static void run(Case c, SignatureVerifier verifier) {
        ScriptFlags flags = c.flags();
        // As Core's DoTest: CLEANSTACK cases run with the flags it needs.
        if (flags.has(VerifyFlag.CLEANSTACK)) flags = flags.with(VerifyFlag.P2SH).with(VerifyFlag.WITNESS);
        Transaction credit = ScriptVectors.creditingTransaction(c.scriptPubKey(), c.amount());
        Transaction spend = ScriptVectors.spendingTransaction(c.scriptSig(), c.witness(), credit);
        PrecomputedTransactionData txData = new PrecomputedTransactionData(spend, List.of(credit.outputs().get(0)));
        SignatureChecker checker = new TransactionSignatureChecker(spend, 0, c.amount(), txData, verifier);

        ScriptError result = Interpreter.verifyScript(c.scriptSig(), c.scriptPubKey(), c.witness(), flags, checker);
        assertThat(result).as("case %d under %s", c.index(), flags).isEqualTo(c.expected());

        // Flags are soft forks: fewer flags never fail a passing script, more never pass a failing one.
        boolean expectOk = c.expected() == ScriptError.OK;
        Random random = new Random(c.index());
        for (int i = 0; i < 64; i++) {
            long extra = random.nextLong() & ScriptFlags.ALL_BITS;
            ScriptFlags combined = new ScriptFlags(expectOk ? flags.bits() & ~extra : flags.bits() | extra);
            if (!combined.isValidCombination()) continue;
            ScriptError r = Interpreter.verifyScript(c.scriptSig(), c.scriptPubKey(), c.witness(), combined, checker);
            assertThat(r == ScriptError.OK).as("case %d under %s gave %s", c.index(), combined, r).isEqualTo(expectOk);
        }
    }
}
