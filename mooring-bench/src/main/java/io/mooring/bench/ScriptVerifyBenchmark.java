package io.mooring.bench;

import fr.acinq.secp256k1.Secp256k1;
import io.mooring.coins.CoinsViewCache;
import io.mooring.script.BouncyCastleVerifier;
import io.mooring.script.NativeSecp256k1Verifier;
import io.mooring.script.SignatureVerifier;
import io.mooring.validation.BlockConnector;
import io.mooring.validation.ScriptCheckRunner;
import io.mooring.wire.primitives.TxOut;
import org.bitcoinj.base.Coin;
import org.bitcoinj.core.TransactionWitness;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Script verification (issue 13) on {@link ScriptSpendBlock}: 2,000 inputs, 1,000 P2WPKH and 1,000 P2TR key-path.
 * Every benchmark is one pass over a fixed batch, reported as ms per batch; docs/benchmarks.md turns that into
 * inputs/s.
 *
 * <ul>
 *   <li>{@code interpreter*}: {@code Interpreter.verifyScript} on all 2,000 inputs (with each transaction's
 *       {@code PrecomputedTransactionData} built as block connection does), with libsecp256k1 or Bouncy Castle.</li>
 *   <li>{@code raw*}: only the curve check of the same 1,000 ECDSA or 1,000 Schnorr signatures, on messages hashed
 *       beforehand: libsecp256k1 called directly through ACINQ's binding (the physical limit), and Mooring's Bouncy
 *       Castle verifier.</li>
 *   <li>{@code connectBlock*}: {@code BlockConnector.connectBlock} of the whole block onto a fresh
 *       {@code CoinsViewCache} over the prepared coins, scripts checked sequentially with libsecp256k1, or not checked
 *       (the UTXO work alone).</li>
 *   <li>{@code p2wpkh*}: the 1,000 P2WPKH inputs only, Mooring's interpreter against bitcoinj 0.17's
 *       {@code Script.correctlySpends} (bitcoinj cannot verify taproot spends at all).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScriptVerifyBenchmark extends BenchmarkBase {
    ScriptSpendBlock data;
    SignatureVerifier nativeVerifier;
    Secp256k1 secp;
    BlockConnector connector;

    // bitcoinj's view of the P2WPKH spends, parsed from the same bytes.
    List<org.bitcoinj.core.Transaction> bjTxs;
    List<Script> bjScriptSigs;
    List<TransactionWitness> bjWitnesses;
    List<Script> bjScriptPubKeys;
    List<Coin> bjValues;
    Set<Script.VerifyFlag> bjFlags;

    @Setup
    public void setup() {
        data = ScriptSpendBlock.build();
        nativeVerifier = NativeSecp256k1Verifier.load();
        secp = Secp256k1.Companion.get();
        data.requireAllVerify(nativeVerifier);
        data.requireAllVerify(BouncyCastleVerifier.INSTANCE);
        check(data.ecdsa.size() == ScriptSpendBlock.INPUTS / 2, "1,000 ECDSA signatures");
        check(data.schnorr.size() == ScriptSpendBlock.INPUTS / 2, "1,000 Schnorr signatures");
        check(rawEcdsaNative() == data.ecdsa.size(), "raw ECDSA (libsecp256k1)");
        check(rawSchnorrNative() == data.schnorr.size(), "raw Schnorr (libsecp256k1)");
        check(rawEcdsaBouncyCastle() == data.ecdsa.size(), "raw ECDSA (Bouncy Castle)");
        check(rawSchnorrBouncyCastle() == data.schnorr.size(), "raw Schnorr (Bouncy Castle)");

        connector = new BlockConnector(data.params, ScriptCheckRunner.sequential(nativeVerifier));
        BlockConnector.ConnectResult r = connectBlockNative();
        check(r.isValid(), "the block connects: " + r.error());
        check(r.fees() == ScriptSpendBlock.TRANSACTIONS * ScriptSpendBlock.FEE, "fees");
        check(connectBlockNoScripts().isValid(), "the block connects without scripts");

        // P2SH, DERSIG, NULLDUMMY, CLTV, CSV: the block's consensus flags as far as bitcoinj knows them (it has no
        // WITNESS flag; its P2WPKH path does not look at flags).
        bjFlags = EnumSet.of(Script.VerifyFlag.P2SH, Script.VerifyFlag.DERSIG, Script.VerifyFlag.NULLDUMMY,
                Script.VerifyFlag.CHECKLOCKTIMEVERIFY, Script.VerifyFlag.CHECKSEQUENCEVERIFY);
        bjTxs = new ArrayList<>();
        bjScriptSigs = new ArrayList<>();
        bjWitnesses = new ArrayList<>();
        bjScriptPubKeys = new ArrayList<>();
        bjValues = new ArrayList<>();
        List<io.mooring.wire.primitives.Transaction> spends = data.spends();
        for (int t = 0; t < spends.size(); t += 2) {
            check(ScriptSpendBlock.isP2wpkhTx(t), "even spends are P2WPKH");
            org.bitcoinj.core.Transaction tx = org.bitcoinj.core.Transaction.read(
                    ByteBuffer.wrap(spends.get(t).serialize()));
            check(tx.getTxId().toString().equals(spends.get(t).txid().toString()), "bitcoinj reads the same txid");
            bjTxs.add(tx);
            List<TxOut> prev = data.spent.get(t);
            for (int j = 0; j < prev.size(); j++) {
                bjScriptSigs.add(tx.getInput(j).getScriptSig());
                bjWitnesses.add(tx.getInput(j).getWitness());
                bjScriptPubKeys.add(Script.parse(prev.get(j).scriptPubKey().toArray()));
                bjValues.add(Coin.valueOf(prev.get(j).value()));
            }
        }
        check(bitcoinjP2wpkh() == ScriptSpendBlock.INPUTS / 2, "bitcoinj verifies every P2WPKH input");
        check(p2wpkhMooringNative() == ScriptSpendBlock.INPUTS / 2, "Mooring verifies every P2WPKH input");
    }

    @Benchmark
    public int interpreterNative() {
        return data.verifyAll(nativeVerifier);
    }

    @Benchmark
    public int interpreterBouncyCastle() {
        return data.verifyAll(BouncyCastleVerifier.INSTANCE);
    }

    @Benchmark
    public int rawEcdsaNative() {
        int ok = 0;
        for (ScriptSpendBlock.RawSignature s : data.ecdsa) {
            if (secp.verify(s.signature(), s.message(), s.publicKey())) ok++;
        }
        return ok;
    }

    @Benchmark
    public int rawSchnorrNative() {
        int ok = 0;
        for (ScriptSpendBlock.RawSignature s : data.schnorr) {
            if (secp.verifySchnorr(s.signature(), s.message(), s.publicKey())) ok++;
        }
        return ok;
    }

    @Benchmark
    public int rawEcdsaBouncyCastle() {
        int ok = 0;
        for (ScriptSpendBlock.RawSignature s : data.ecdsa) {
            if (BouncyCastleVerifier.INSTANCE.verifyEcdsa(s.message(), s.signature(), s.publicKey())) ok++;
        }
        return ok;
    }

    @Benchmark
    public int rawSchnorrBouncyCastle() {
        int ok = 0;
        for (ScriptSpendBlock.RawSignature s : data.schnorr) {
            if (BouncyCastleVerifier.INSTANCE.verifySchnorr(s.message(), s.signature(), s.publicKey())) ok++;
        }
        return ok;
    }

    @Benchmark
    public BlockConnector.ConnectResult connectBlockNative() {
        return connector.connectBlock(data.block, data.index, new CoinsViewCache(data.coins()), true);
    }

    @Benchmark
    public BlockConnector.ConnectResult connectBlockNoScripts() {
        return connector.connectBlock(data.block, data.index, new CoinsViewCache(data.coins()), false);
    }

    @Benchmark
    public int p2wpkhMooringNative() {
        return data.verifyP2wpkh(nativeVerifier);
    }

    @Benchmark
    public int p2wpkhMooringBouncyCastle() {
        return data.verifyP2wpkh(BouncyCastleVerifier.INSTANCE);
    }

    @Benchmark
    public int bitcoinjP2wpkh() {
        int ok = 0;
        int n = 0;
        for (org.bitcoinj.core.Transaction tx : bjTxs) {
            for (int j = 0; j < ScriptSpendBlock.INPUTS_PER_TX; j++, n++) {
                try {
                    bjScriptSigs.get(n).correctlySpends(tx, j, bjWitnesses.get(n), bjValues.get(n),
                            bjScriptPubKeys.get(n), bjFlags);
                    ok++;
                } catch (ScriptException e) {
                    // counted as a failure; setup requires none
                }
            }
        }
        return ok;
    }
}
