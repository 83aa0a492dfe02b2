package io.mooring.wire.primitives;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class MalformedTransactionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Transaction SEGWIT_SPEND;
    private static final Transaction SEGWIT_COINBASE;
    private static final Transaction LEGACY;

    static {
        try {
            SEGWIT_SPEND = Vectors.testnetBlock(926485).transactions().get(1);
            Block mainnet = Vectors.block("bitcoinj-block481829.dat");
            SEGWIT_COINBASE = mainnet.transactions().get(0);
            LEGACY = mainnet.transactions().get(1);
        } catch (ProtocolException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Transaction firstWith(boolean witness) {
        Transaction tx = witness ? SEGWIT_SPEND : LEGACY;
        assertThat(tx.hasWitness()).isEqualTo(witness);
        return tx;
    }

    private static ProtocolError errorOf(byte[] bytes) {
        Throwable t = catchThrowable(() -> Transaction.read(new WireReader(bytes)));
        assertThat(t).isInstanceOf(ProtocolException.class);
        return ((ProtocolException) t).error();
    }

    private static void everyPrefixIsTruncated(byte[] full) {
        for (int len = 0; len < full.length; len++) {
            WireReader r = new WireReader(full, 0, len);
            Throwable t = catchThrowable(() -> Transaction.read(r));
            assertThat(t).as("prefix of %d bytes", len).isInstanceOf(ProtocolException.class);
            assertThat(((ProtocolException) t).error()).as("prefix of %d bytes", len).isEqualTo(ProtocolError.TRUNCATED);
        }
    }

    @Test
    void aSegwitTransactionTruncatedAtEveryOffsetFailsAsTruncated() {
        everyPrefixIsTruncated(firstWith(true).serialize());
        everyPrefixIsTruncated(SEGWIT_COINBASE.serialize());
    }

    @Test
    void aLegacyTransactionTruncatedAtEveryOffsetFailsAsTruncated() {
        everyPrefixIsTruncated(firstWith(false).serialize());
    }

    @Test
    void aBlockTruncatedAtSampledOffsetsFailsAsTruncated() {
        byte[] raw = Vectors.resource("bitcoinj-block169482.dat");
        for (int len = 0; len < raw.length; len += 7) {
            WireReader r = new WireReader(raw, 0, len);
            Throwable t = catchThrowable(() -> Block.read(r));
            assertThat(t).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void witnessFlagWithOnlyEmptyWitnessesIsSuperfluous() {
        Transaction legacy = firstWith(false);
        byte[] plain = legacy.serialize();
        // version, marker 00, flag 01, body, one empty stack per input, lock time
        byte[] forged = new byte[plain.length + 2 + legacy.inputs().size()];
        System.arraycopy(plain, 0, forged, 0, 4);
        forged[5] = 1;
        System.arraycopy(plain, 4, forged, 6, plain.length - 8);
        System.arraycopy(plain, plain.length - 4, forged, forged.length - 4, 4);
        assertThat(errorOf(forged)).isEqualTo(ProtocolError.BAD_TRANSACTION);
        assertThatThrownBy(() -> Transaction.read(new WireReader(forged))).hasMessageContaining("superfluous");
    }

    @Test
    void unknownFlagBitsAreRejected() {
        byte[] segwit = firstWith(true).serialize();
        assertThat(segwit[4]).isEqualTo((byte) 0);
        assertThat(segwit[5]).isEqualTo((byte) 1);
        for (int flag : new int[]{2, 3, 0x81, 0xff}) {
            byte[] forged = segwit.clone();
            forged[5] = (byte) flag;
            assertThat(errorOf(forged)).as("flag %d", flag).isEqualTo(ProtocolError.BAD_TRANSACTION);
        }
    }

    @Test
    void emptyInputsWithZeroFlagReadAsEmptyOutputsAsCore() throws Exception {
        byte[] bytes = HEX.parseHex("02000000" + "00" + "00" + "78563412");
        Transaction tx = Transaction.read(new WireReader(bytes));
        assertThat(tx.inputs()).isEmpty();
        assertThat(tx.outputs()).isEmpty();
        assertThat(tx.lockTime()).isEqualTo(0x12345678L);
        assertThat(tx.serialize()).isEqualTo(bytes);
        assertThat(tx.totalSize()).isEqualTo(Transaction.MIN_SIZE);
    }

    @Test
    void hugeInputCountWithFewBytesIsTruncatedBeforeAllocating() {
        // 0x01ffffff inputs (just under MAX_SIZE) announced, a few bytes present
        assertThat(errorOf(HEX.parseHex("01000000" + "feffffff01" + "00112233"))).isEqualTo(ProtocolError.TRUNCATED);
        // the same for outputs, witness stacks and witness items
        assertThat(errorOf(HEX.parseHex("01000000" + "00" + "01" + "01" + "00".repeat(36) + "00" + "ffffffff"
                + "feffffff01" + "0000"))).isEqualTo(ProtocolError.TRUNCATED);
        String oneInOneOut = "01000000" + "0001" + "01" + "00".repeat(36) + "00" + "ffffffff" + "01" + "00".repeat(8) + "00";
        assertThat(errorOf(HEX.parseHex(oneInOneOut + "feffffff01" + "00"))).isEqualTo(ProtocolError.TRUNCATED);
        assertThat(errorOf(HEX.parseHex(oneInOneOut + "01" + "feffffff01" + "00"))).isEqualTo(ProtocolError.TRUNCATED);
        // above MAX_SIZE is a size error, and a non-canonical count is rejected as such
        assertThat(errorOf(HEX.parseHex("01000000" + "ffffffffffffffffff"))).isEqualTo(ProtocolError.SIZE_TOO_LARGE);
        assertThat(errorOf(HEX.parseHex("01000000" + "fd0100"))).isEqualTo(ProtocolError.NON_CANONICAL_COMPACT_SIZE);
    }

    @Test
    void hugeTransactionCountInABlockIsTruncated() {
        byte[] header = Vectors.resource("bitcoinj-block169482.dat");
        byte[] forged = new byte[80 + 5 + 20];
        System.arraycopy(header, 0, forged, 0, 80);
        System.arraycopy(HEX.parseHex("feffffff01"), 0, forged, 80, 5);
        Throwable t = catchThrowable(() -> Block.read(new WireReader(forged)));
        assertThat(t).isInstanceOf(ProtocolException.class);
        assertThat(((ProtocolException) t).error()).isEqualTo(ProtocolError.TRUNCATED);
    }

    @Test
    void decodedVectorsAreUnmodifiable() {
        assertThatThrownBy(() -> SEGWIT_SPEND.inputs().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> SEGWIT_SPEND.outputs().set(0, null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> SEGWIT_SPEND.inputs().get(0).witness().add(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** Random byte changes to a real segwit transaction: it parses or fails with ProtocolException, nothing else. */
    @Property(tries = 2000)
    void corruptedTransactionsFailOnlyWithProtocolException(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                                            @ForAll byte value,
                                                            @ForAll @IntRange(min = 0, max = 3) int extraChanges) {
        byte[] b = firstWith(true).serialize();
        b[where % b.length] = value;
        for (int i = 1; i <= extraChanges; i++) {
            b[(where * 31 + i * 7919) % b.length] ^= (byte) (value + i);
        }
        try {
            Transaction tx = Transaction.read(new WireReader(b));
            assertThat(tx.totalSize()).isLessThanOrEqualTo(b.length);
        } catch (ProtocolException expected) {
            // fine
        }
    }
}
