package io.mooring.bench;

import io.mooring.coins.CoinsViewCache;
import io.mooring.script.BouncyCastleVerifier;
import io.mooring.script.NativeSecp256k1Verifier;
import io.mooring.script.SignatureVerifier;
import io.mooring.validation.BlockConnector;
import io.mooring.validation.ScriptCheckRunner;
import io.mooring.wire.Bytes;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The script-verification benchmark's block stays what the benchmark says it is: 2,000 inputs that all verify. */
class ScriptSpendBlockTest {
    private static ScriptSpendBlock data;
    private static SignatureVerifier nativeVerifier;

    @BeforeAll
    static void build() {
        data = ScriptSpendBlock.build();
        nativeVerifier = NativeSecp256k1Verifier.load();
    }

    @Test
    void halfP2wpkhHalfTaprootKeyPath() {
        List<Transaction> spends = data.spends();
        assertThat(spends).hasSize(ScriptSpendBlock.TRANSACTIONS);
        int p2wpkh = 0;
        int p2tr = 0;
        for (int t = 0; t < spends.size(); t++) {
            for (var out : data.spent.get(t)) {
                byte[] spk = out.scriptPubKey().toArray();
                if (spk.length == 22 && spk[0] == 0x00 && spk[1] == 0x14) p2wpkh++;
                if (spk.length == 34 && spk[0] == 0x51 && spk[1] == 0x20) p2tr++;
            }
        }
        assertThat(p2wpkh).isEqualTo(1_000);
        assertThat(p2tr).isEqualTo(1_000);
        assertThat(data.ecdsa).hasSize(1_000);
        assertThat(data.schnorr).hasSize(1_000);
    }

    @Test
    void everyInputVerifiesWithBothVerifiers() {
        assertThat(data.verifyAll(nativeVerifier)).isEqualTo(ScriptSpendBlock.INPUTS);
        assertThat(data.verifyAll(BouncyCastleVerifier.INSTANCE)).isEqualTo(ScriptSpendBlock.INPUTS);
        assertThat(data.verifyP2wpkh(nativeVerifier)).isEqualTo(ScriptSpendBlock.INPUTS / 2);
    }

    @Test
    void theBlockConnectsAndLeavesTheStoreUntouched() {
        BlockConnector connector = new BlockConnector(data.params, ScriptCheckRunner.sequential(nativeVerifier));
        int before = data.coins().size();
        for (int i = 0; i < 2; i++) {
            var r = connector.connectBlock(data.block, data.index, new CoinsViewCache(data.coins()), true);
            assertThat(r.error()).isEmpty();
            assertThat(r.fees()).isEqualTo(ScriptSpendBlock.TRANSACTIONS * ScriptSpendBlock.FEE);
        }
        assertThat(data.coins().size()).isEqualTo(before).isEqualTo(ScriptSpendBlock.INPUTS);
    }

    /**
     * Why the bitcoinj comparison covers P2WPKH only: bitcoinj 0.17's {@code correctlySpends} has no taproot rules, so
     * it runs a P2TR output as a legacy script (a push of the key, true) and "accepts" any witness, even a damaged
     * signature or none at all; it is not verifying those inputs. (It does check P2WPKH: a damaged one throws.)
     */
    @Test
    void bitcoinjAcceptsAnyTaprootWitnessButChecksP2wpkh() throws Exception {
        var spk = org.bitcoinj.script.Script.parse(data.spent.get(1).get(0).scriptPubKey().toArray());
        var tx = org.bitcoinj.core.Transaction.read(java.nio.ByteBuffer.wrap(data.spends().get(1).serialize()));
        byte[] sig = tx.getInput(0).getWitness().getPush(0).clone();
        sig[10] ^= 1;
        for (var witness : List.of(org.bitcoinj.core.TransactionWitness.of(sig),
                org.bitcoinj.core.TransactionWitness.EMPTY)) {
            tx.getInput(0).getScriptSig().correctlySpends(tx, 0, witness,
                    org.bitcoinj.base.Coin.valueOf(ScriptSpendBlock.COIN_VALUE), spk,
                    org.bitcoinj.script.Script.ALL_VERIFY_FLAGS); // no exception: not checked
        }

        var wpkh = org.bitcoinj.core.Transaction.read(java.nio.ByteBuffer.wrap(data.spends().get(0).serialize()));
        var wpkhSpk = org.bitcoinj.script.Script.parse(data.spent.get(0).get(0).scriptPubKey().toArray());
        var good = wpkh.getInput(0).getWitness();
        byte[] der = good.getPush(0).clone();
        der[10] ^= 1; // inside r
        var damaged = org.bitcoinj.core.TransactionWitness.of(der, good.getPush(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wpkh.getInput(0).getScriptSig().correctlySpends(
                        wpkh, 0, damaged, org.bitcoinj.base.Coin.valueOf(ScriptSpendBlock.COIN_VALUE), wpkhSpk,
                        org.bitcoinj.script.Script.ALL_VERIFY_FLAGS))
                .isInstanceOf(org.bitcoinj.script.ScriptException.class);
    }

    @Test
    void aDamagedSignatureIsCaught() {
        // Flip one bit in the last transaction's first witness element (a Schnorr signature): the check must notice.
        List<Transaction> txs = new ArrayList<>(data.block.transactions());
        Transaction last = txs.get(txs.size() - 1);
        TxIn in = last.inputs().get(0);
        byte[] sig = in.witness().get(0).toArray();
        sig[10] ^= 1;
        List<TxIn> ins = new ArrayList<>(last.inputs());
        ins.set(0, in.withWitness(List.of(Bytes.wrap(sig))));
        txs.set(txs.size() - 1, new Transaction(last.version(), ins, last.outputs(), last.lockTime()));
        BlockConnector connector = new BlockConnector(data.params, ScriptCheckRunner.sequential(nativeVerifier));
        var r = connector.connectBlock(new Block(data.block.header(), txs), data.index,
                new CoinsViewCache(data.coins()), true);
        assertThat(r.error()).hasValueSatisfying(e ->
                assertThat(e.reason()).startsWith("block-script-verify-flag-failed"));
    }
}
