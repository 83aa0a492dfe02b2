package io.mooring.script;

import io.mooring.wire.Bytes;
import io.mooring.wire.primitives.Transaction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes as scripts and witnesses never escape the interpreter as an unchecked exception: whatever a peer
 * sends, the answer is a {@link ScriptError}. Scripts are built from opcode-heavy byte soup so that stack, signature,
 * lock-time and taproot paths all run.
 */
class InterpreterRobustnessPropertyTest {

    @Provide
    Arbitrary<byte[]> scripts() {
        // Mostly opcodes (0x4f..0xba), some pushes, occasionally long: the interesting region of the byte space.
        Arbitrary<Byte> opcodeByte = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x4f, 0xba).map(Integer::byteValue)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x00, 0x4e).map(Integer::byteValue)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        return opcodeByte.array(byte[].class).ofMaxSize(120);
    }

    @Provide
    Arbitrary<ScriptFlags> flags() {
        return Arbitraries.longs().between(0, ScriptFlags.ALL_BITS).map(ScriptFlags::new)
                .filter(ScriptFlags::isValidCombination);
    }

    @Provide
    Arbitrary<List<byte[]>> witnesses() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(80).list().ofMaxSize(5);
    }

    @Property(tries = 3000)
    void arbitraryScriptsGiveAnErrorCodeNotAnException(@ForAll("scripts") byte[] scriptSig,
                                                        @ForAll("scripts") byte[] scriptPubKey,
                                                        @ForAll("witnesses") List<byte[]> witness,
                                                        @ForAll("flags") ScriptFlags flags) {
        assertThat(verify(scriptSig, scriptPubKey, witness, flags)).isNotNull();
    }

    @Property(tries = 2000)
    void arbitraryWitnessesAgainstWitnessProgramsGiveAnErrorCode(@ForAll("witnesses") List<byte[]> witness,
                                                                 @ForAll("scripts") byte[] tail,
                                                                 @ForAll("flags") ScriptFlags flags) {
        // A segwit v0 P2WSH and a v1 taproot output whose program is the tail padded to 32 bytes.
        byte[] program = new byte[32];
        System.arraycopy(tail, 0, program, 0, Math.min(tail.length, 32));
        byte[] v0 = ScriptVectors.concat(new byte[]{Opcodes.OP_0, 32}, program);
        byte[] v1 = ScriptVectors.concat(new byte[]{(byte) Opcodes.OP_1, 32}, program);
        // A tapscript leaf as the second-to-last element exercises script-path spending.
        assertThat(verify(new byte[0], v0, witness, flags)).isNotNull();
        assertThat(verify(new byte[0], v1, witness, flags)).isNotNull();
    }

    private static ScriptError verify(byte[] scriptSig, byte[] scriptPubKey, List<byte[]> witness, ScriptFlags flags) {
        List<Bytes> w = witness.stream().map(Bytes::wrap).toList();
        Transaction credit = ScriptVectors.creditingTransaction(Script.of(scriptPubKey), 1000);
        Transaction spend = ScriptVectors.spendingTransaction(Script.of(scriptSig), w, credit);
        PrecomputedTransactionData txData = new PrecomputedTransactionData(spend, List.of(credit.outputs().get(0)));
        return Interpreter.verifyScript(Script.of(scriptSig), Script.of(scriptPubKey), w, flags,
                new TransactionSignatureChecker(spend, 0, 1000, txData, BouncyCastleVerifier.INSTANCE));
    }
}
