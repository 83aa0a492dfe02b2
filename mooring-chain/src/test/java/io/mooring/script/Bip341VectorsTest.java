package io.mooring.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.Bytes;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BIP341's wallet vectors ({@code bip341_wallet_vectors.json}): script trees hash to the given leaf hashes, merkle
 * roots, tweaks and output keys, every control block commits to its output; each key-path input's signature message
 * hash matches and the given witness satisfies the interpreter, while a damaged one does not.
 */
class Bip341VectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ScriptFlags TAPROOT_FLAGS = ScriptFlags.of(VerifyFlag.P2SH, VerifyFlag.WITNESS,
            VerifyFlag.TAPROOT);

    @TestFactory
    Stream<DynamicTest> scriptTreesCommitAsBip341() {
        JsonNode vectors = ScriptVectors.load("bip341_wallet_vectors.json").get("scriptPubKey");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            for (SignatureVerifier verifier : ScriptVectors.VERIFIERS) {
                tests.add(DynamicTest.dynamicTest("scriptPubKey #" + i + " [" + verifier.name() + "]",
                        () -> checkTree(v, verifier)));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(14);
        return tests.stream();
    }

    private static void checkTree(JsonNode v, SignatureVerifier verifier) {
        byte[] internal = HEX.parseHex(v.get("given").get("internalPubkey").asText());
        JsonNode tree = v.get("given").get("scriptTree");
        Map<Integer, byte[]> leafHashes = new TreeMap<>();
        byte[] root = tree.isNull() ? null : treeHash(tree, leafHashes);
        JsonNode mid = v.get("intermediary");
        if (root == null) {
            assertThat(mid.get("merkleRoot").isNull()).isTrue();
        } else {
            assertThat(HEX.formatHex(root)).isEqualTo(mid.get("merkleRoot").asText());
            List<String> expectedLeaves = new ArrayList<>();
            mid.get("leafHashes").forEach(h -> expectedLeaves.add(h.asText()));
            assertThat(leafHashes.values().stream().map(HEX::formatHex).toList()).isEqualTo(expectedLeaves);
        }
        byte[] tweak = Taproot.tweak(internal, root);
        assertThat(HEX.formatHex(tweak)).isEqualTo(mid.get("tweak").asText());
        byte[] output = HEX.parseHex(mid.get("tweakedPubkey").asText());
        assertThat(v.get("expected").get("scriptPubKey").asText()).isEqualTo("5120" + HEX.formatHex(output));
        boolean oddY = ScriptVectors.tweak(internal, tweak).oddY();
        assertThat(verifier.checkTapTweak(output, internal, tweak, oddY)).as("output key commits").isTrue();
        assertThat(verifier.checkTapTweak(output, internal, tweak, !oddY)).as("wrong parity is refused").isFalse();

        JsonNode controls = v.get("expected").get("scriptPathControlBlocks");
        if (controls == null) return;
        int n = 0;
        for (Map.Entry<Integer, byte[]> leaf : leafHashes.entrySet()) {
            byte[] control = HEX.parseHex(controls.get(leaf.getKey()).asText());
            assertThat(Taproot.verifyCommitment(control, output, leaf.getValue(), verifier))
                    .as("control block of leaf %d", leaf.getKey()).isTrue();
            byte[] otherLeaf = leaf.getValue().clone();
            otherLeaf[0] ^= 1;
            assertThat(Taproot.verifyCommitment(control, output, otherLeaf, verifier)).isFalse();
            n++;
        }
        assertThat(n).isEqualTo(controls.size());
    }

    /** BIP341's taproot_tree_helper: a leaf is an object, a branch an array of two subtrees. */
    private static byte[] treeHash(JsonNode node, Map<Integer, byte[]> leafHashes) {
        if (node.isObject()) {
            byte[] h = Taproot.leafHash(node.get("leafVersion").asInt(), HEX.parseHex(node.get("script").asText()));
            leafHashes.put(node.get("id").asInt(), h);
            return h;
        }
        assertThat(node.size()).isEqualTo(2);
        return Taproot.branchHash(treeHash(node.get(0), leafHashes), treeHash(node.get(1), leafHashes));
    }

    @TestFactory
    Stream<DynamicTest> keyPathSpendsVerify() {
        JsonNode spending = ScriptVectors.load("bip341_wallet_vectors.json").get("keyPathSpending");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode group : spending) {
            Transaction unsigned = ScriptVectors.transaction(group.get("given").get("rawUnsignedTx").asText());
            List<TxOut> spent = new ArrayList<>();
            for (JsonNode u : group.get("given").get("utxosSpent")) {
                spent.add(new TxOut(u.get("amountSats").asLong(), Bytes.fromHex(u.get("scriptPubKey").asText())));
            }
            PrecomputedTransactionData txData = new PrecomputedTransactionData(unsigned, spent);
            JsonNode mid = group.get("intermediary");
            tests.add(DynamicTest.dynamicTest("precomputed hashes", () -> {
                assertThat(HEX.formatHex(txData.shaPrevouts())).isEqualTo(mid.get("hashPrevouts").asText());
                assertThat(HEX.formatHex(txData.shaSequences())).isEqualTo(mid.get("hashSequences").asText());
                assertThat(HEX.formatHex(txData.shaOutputs())).isEqualTo(mid.get("hashOutputs").asText());
                assertThat(HEX.formatHex(txData.shaAmounts().orElseThrow())).isEqualTo(mid.get("hashAmounts").asText());
                assertThat(HEX.formatHex(txData.shaScriptPubKeys().orElseThrow()))
                        .isEqualTo(mid.get("hashScriptPubkeys").asText());
            }));
            for (JsonNode input : group.get("inputSpending")) {
                for (SignatureVerifier verifier : ScriptVectors.VERIFIERS) {
                    tests.add(DynamicTest.dynamicTest("input " + input.get("given").get("txinIndex") + " ["
                            + verifier.name() + "]", () -> checkKeyPath(unsigned, spent, txData, input, verifier)));
                }
            }
        }
        return tests.stream();
    }

    private static void checkKeyPath(Transaction unsigned, List<TxOut> spent, PrecomputedTransactionData txData,
                                     JsonNode input, SignatureVerifier verifier) {
        int index = input.get("given").get("txinIndex").asInt();
        int hashType = input.get("given").get("hashType").asInt();
        byte[] sighash = SignatureHash.taproot(ScriptExecutionData.forKeyPath(null), unsigned, index, hashType,
                SigVersion.TAPROOT, txData);
        assertThat(HEX.formatHex(sighash)).isEqualTo(input.get("intermediary").get("sigHash").asText());

        List<Bytes> witness = new ArrayList<>();
        input.get("expected").get("witness").forEach(w -> witness.add(Bytes.fromHex(w.asText())));
        assertThat(verify(unsigned, spent, index, witness, verifier)).isEqualTo(ScriptError.OK);

        byte[] damaged = witness.get(0).toArray();
        damaged[10] ^= 1;
        assertThat(verify(unsigned, spent, index, List.of(Bytes.wrap(damaged)), verifier))
                .isEqualTo(ScriptError.SCHNORR_SIG);
    }

    private static ScriptError verify(Transaction unsigned, List<TxOut> spent, int index, List<Bytes> witness,
                                      SignatureVerifier verifier) {
        List<TxIn> inputs = new ArrayList<>(unsigned.inputs());
        TxIn in = inputs.get(index);
        inputs.set(index, new TxIn(in.prevout(), in.scriptSig(), in.sequence(), witness));
        Transaction signed = new Transaction(unsigned.version(), inputs, unsigned.outputs(), unsigned.lockTime());
        PrecomputedTransactionData txData = new PrecomputedTransactionData(signed, spent);
        return Interpreter.verifyScript(Script.of(in.scriptSig()), Script.of(spent.get(index).scriptPubKey()), witness,
                TAPROOT_FLAGS, new TransactionSignatureChecker(signed, index, spent.get(index).value(), txData,
                        verifier));
    }
}
