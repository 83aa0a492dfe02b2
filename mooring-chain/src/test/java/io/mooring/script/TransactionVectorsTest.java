package io.mooring.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.validation.BlockChecks;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's {@code tx_valid.json} and {@code tx_invalid.json}, checked as Core's transaction_tests do: each input's
 * scripts against the listed previous outputs; valid transactions pass with every flag but the excluded ones, still
 * pass with any flags removed, and fail if any one excluded flag is turned on; invalid ones fail under their flags
 * and still fail with any flags added, or fail {@code CheckTransaction} where the file says BADTX.
 */
class TransactionVectorsTest {

    record Vector(int index, String text, Map<OutPoint, Script> prevScripts, Map<OutPoint, Long> prevValues,
                  Transaction tx, String flags) {
    }

    static List<Vector> vectors(String file) {
        JsonNode tests = ScriptVectors.load(file);
        List<Vector> out = new ArrayList<>();
        for (int idx = 0; idx < tests.size(); idx++) {
            JsonNode t = tests.get(idx);
            if (!t.get(0).isArray()) continue; // a comment line
            assertThat(t.size()).as("test %d shape", idx).isEqualTo(3);
            Map<OutPoint, Script> scripts = new HashMap<>();
            Map<OutPoint, Long> values = new HashMap<>();
            for (JsonNode in : t.get(0)) {
                assertThat(in.size()).as("test %d input", idx).isBetween(3, 4);
                OutPoint op = new OutPoint(ScriptVectors.txid(in.get(0).asText()), in.get(1).asLong() & 0xffffffffL);
                scripts.put(op, ScriptAsm.parse(in.get(2).asText()));
                if (in.size() == 4) values.put(op, in.get(3).asLong());
            }
            out.add(new Vector(idx, t.toString(), scripts, values, ScriptVectors.transaction(t.get(1).asText()),
                    t.get(2).asText()));
        }
        return out;
    }

    /**
     * Core's {@code CheckTxScripts}: true if every input passes (expectValid) or if some input fails (not
     * expectValid). Missing amounts are zero, as in Core.
     */
    static boolean scriptsAsExpected(Vector v, ScriptFlags flags, PrecomputedTransactionData txData,
                                     SignatureVerifier verifier, boolean expectValid) {
        boolean allValid = true;
        for (int i = 0; i < v.tx().inputs().size() && allValid; i++) {
            TxIn in = v.tx().inputs().get(i);
            Script scriptPubKey = v.prevScripts().get(in.prevout());
            assertThat(scriptPubKey).as("test %d lists the output input %d spends", v.index(), i).isNotNull();
            long amount = v.prevValues().getOrDefault(in.prevout(), 0L);
            ScriptError err = Interpreter.verifyScript(Script.of(in.scriptSig()), scriptPubKey, in.witness(), flags,
                    new TransactionSignatureChecker(v.tx(), i, amount, txData, verifier));
            allValid = err == ScriptError.OK;
        }
        return allValid == expectValid;
    }

    /** Core's {@code TrimFlags}: drops WITNESS without P2SH and CLEANSTACK without WITNESS. */
    static ScriptFlags trim(ScriptFlags f) {
        if (!f.has(VerifyFlag.P2SH)) f = f.without(VerifyFlag.WITNESS);
        if (!f.has(VerifyFlag.WITNESS)) f = f.without(VerifyFlag.CLEANSTACK);
        return f;
    }

    /** Core's {@code FillFlags}: CLEANSTACK implies WITNESS, WITNESS implies P2SH. */
    static ScriptFlags fill(ScriptFlags f) {
        if (f.has(VerifyFlag.CLEANSTACK)) f = f.with(VerifyFlag.WITNESS);
        if (f.has(VerifyFlag.WITNESS)) f = f.with(VerifyFlag.P2SH);
        return f;
    }

    @Test
    void bothFilesHaveTheirCases() {
        assertThat(vectors("tx_valid.json")).hasSizeGreaterThan(100);
        assertThat(vectors("tx_invalid.json")).hasSizeGreaterThan(80);
    }

    @TestFactory
    Stream<DynamicTest> validTransactions() {
        return vectors("tx_valid.json").stream().flatMap(v -> ScriptVectors.VERIFIERS.stream().map(verifier ->
                DynamicTest.dynamicTest("#" + v.index() + " [" + verifier.name() + "] " + v.text(),
                        () -> checkValid(v, verifier))));
    }

    @TestFactory
    Stream<DynamicTest> invalidTransactions() {
        return vectors("tx_invalid.json").stream().flatMap(v -> ScriptVectors.VERIFIERS.stream().map(verifier ->
                DynamicTest.dynamicTest("#" + v.index() + " [" + verifier.name() + "] " + v.text(),
                        () -> checkInvalid(v, verifier))));
    }

    private static void checkValid(Vector v, SignatureVerifier verifier) {
        assertThat(BlockChecks.checkTransaction(v.tx())).as("CheckTransaction").isEmpty();
        ScriptFlags excluded = ScriptFlags.parse(v.flags());
        ScriptFlags flags = excluded.complement();
        assertThat(fill(flags)).as("the test's flags are a valid combination").isEqualTo(flags);
        PrecomputedTransactionData txData = new PrecomputedTransactionData(v.tx());
        assertThat(scriptsAsExpected(v, flags, txData, verifier, true)).as("passes with all but %s", excluded).isTrue();

        Random random = new Random(v.index());
        for (VerifyFlag flag : VerifyFlag.values()) {
            ScriptFlags fewer = trim(excluded.with(flag).complement());
            assertThat(scriptsAsExpected(v, fewer, txData, verifier, true)).as("passes without %s", flag).isTrue();
            ScriptFlags randomFewer = trim(excluded.union(new ScriptFlags(random.nextLong() & ScriptFlags.ALL_BITS))
                    .complement());
            assertThat(scriptsAsExpected(v, randomFewer, txData, verifier, true)).as("passes with %s", randomFewer)
                    .isTrue();
        }
        // The excluded flags are exactly those needed: turning any one back on fails the transaction.
        for (ScriptFlags excludingOne : excludeIndividualFlags(excluded)) {
            assertThat(scriptsAsExpected(v, excludingOne.complement(), txData, verifier, false))
                    .as("fails with all but %s", excludingOne).isTrue();
        }
    }

    /** Core's {@code ExcludeIndividualFlags}: each distinct valid set that drops one flag of {@code flags}. */
    private static Set<ScriptFlags> excludeIndividualFlags(ScriptFlags flags) {
        Set<ScriptFlags> combos = new LinkedHashSet<>();
        for (VerifyFlag flag : VerifyFlag.values()) {
            ScriptFlags one = trim(flags.without(flag));
            if (!one.equals(flags)) combos.add(one);
        }
        return combos;
    }

    private static void checkInvalid(Vector v, SignatureVerifier verifier) {
        if (BlockChecks.checkTransaction(v.tx()).isPresent()) {
            assertThat(v.flags()).as("only BADTX cases fail CheckTransaction").isEqualTo("BADTX");
            return;
        }
        assertThat(v.flags()).as("a BADTX case passed CheckTransaction").isNotEqualTo("BADTX");
        ScriptFlags flags = ScriptFlags.parse(v.flags());
        assertThat(fill(flags)).as("the test's flags are a valid combination").isEqualTo(flags);
        PrecomputedTransactionData txData = new PrecomputedTransactionData(v.tx());
        assertThat(scriptsAsExpected(v, flags, txData, verifier, false)).as("fails under %s", flags).isTrue();

        Random random = new Random(v.index());
        for (VerifyFlag flag : VerifyFlag.values()) {
            ScriptFlags more = fill(flags.with(flag));
            assertThat(scriptsAsExpected(v, more, txData, verifier, false)).as("fails with %s added", flag).isTrue();
            ScriptFlags randomMore = fill(flags.union(new ScriptFlags(random.nextLong() & ScriptFlags.ALL_BITS)));
            assertThat(scriptsAsExpected(v, randomMore, txData, verifier, false)).as("fails under %s", randomMore)
                    .isTrue();
        }
    }
}
