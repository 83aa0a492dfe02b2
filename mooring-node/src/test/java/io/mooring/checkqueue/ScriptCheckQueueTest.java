package io.mooring.checkqueue;

import io.mooring.script.BouncyCastleVerifier;
import io.mooring.script.PrecomputedTransactionData;
import io.mooring.script.ScriptError;
import io.mooring.script.ScriptFlags;
import io.mooring.script.VerifyFlag;
import io.mooring.validation.ScriptCheck;
import io.mooring.validation.ScriptCheckRunner;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptCheckQueueTest {
    private static final ScriptFlags FLAGS = ScriptFlags.of(VerifyFlag.P2SH, VerifyFlag.WITNESS);

    /** Checks of OP_1 outputs spent by empty scriptSigs; {@code badAt} spends an OP_0 output (fails EVAL_FALSE). */
    private static List<ScriptCheck> checks(int n, int badAt) {
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ins.add(new TxIn(new OutPoint(Hash256.fromHex(String.format("%064x", i + 1)), 0), Bytes.EMPTY,
                    TxIn.SEQUENCE_FINAL));
        }
        Transaction tx = new Transaction(2, ins, List.of(new TxOut(1, Bytes.fromHex("51"))), 0);
        List<TxOut> spent = new ArrayList<>();
        for (int i = 0; i < n; i++) spent.add(new TxOut(1, Bytes.fromHex(i == badAt ? "00" : "51")));
        PrecomputedTransactionData txData = new PrecomputedTransactionData(tx, spent);
        List<ScriptCheck> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new ScriptCheck(tx, i, spent.get(i), FLAGS, txData));
        return out;
    }

    @Test
    void parallelAndSequentialAgree() {
        try (ScriptCheckQueue queue = new ScriptCheckQueue(BouncyCastleVerifier.INSTANCE, 3)) {
            assertThat(queue.runAll(checks(1000, -1))).isEmpty();
            Optional<ScriptCheckRunner.Failure> f = queue.runAll(checks(1000, 777));
            assertThat(f).hasValueSatisfying(x -> {
                assertThat(x.check().inputIndex()).isEqualTo(777);
                assertThat(x.error()).isEqualTo(ScriptError.EVAL_FALSE);
            });
            assertThat(ScriptCheckRunner.sequential(BouncyCastleVerifier.INSTANCE).runAll(checks(1000, 777)))
                    .hasValueSatisfying(x -> assertThat(x.check().inputIndex()).isEqualTo(777));
            assertThat(queue.runAll(List.of())).isEmpty();
        }
    }

    @Test
    void parMapsToWorkerThreadsAsCore() {
        assertThat(ScriptCheckQueue.workersFor(0, 8)).isEqualTo(7);   // auto: cores - 1
        assertThat(ScriptCheckQueue.workersFor(-2, 8)).isEqualTo(5);  // leave 2 cores free
        assertThat(ScriptCheckQueue.workersFor(1, 8)).isZero();       // the caller alone
        assertThat(ScriptCheckQueue.workersFor(64, 8)).isEqualTo(15); // Core's MAX_SCRIPTCHECK_THREADS
        assertThat(ScriptCheckQueue.workersFor(-20, 8)).isZero();
    }
}
