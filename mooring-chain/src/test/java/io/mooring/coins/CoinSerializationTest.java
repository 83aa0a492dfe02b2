package io.mooring.coins;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.TxOut;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Core's chainstate and undo encodings, against the vectors of Core's serialize, compress and coins tests. */
class CoinSerializationTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long COIN = 100_000_000L;

    private static String varInt(long n) {
        WireWriter w = new WireWriter(10);
        CoinSerialization.writeVarInt(w, n);
        return HEX.formatHex(w.toByteArray());
    }

    @Test
    void varIntsMatchCoresSerializeTests() {
        assertThat(varInt(0)).isEqualTo("00");
        assertThat(varInt(0x7f)).isEqualTo("7f");
        assertThat(varInt(0x80)).isEqualTo("8000");
        assertThat(varInt(0x1234)).isEqualTo("a334");
        assertThat(varInt(0xffff)).isEqualTo("82fe7f");
        assertThat(varInt(0x123456)).isEqualTo("c7e756");
        assertThat(varInt(0x80123456L)).isEqualTo("86ffc7e756");
        assertThat(varInt(0xffffffffL)).isEqualTo("8efefefe7f");
        assertThat(varInt(0x7fffffffffffffffL)).isEqualTo("fefefefefefefefe7f");
        assertThat(varInt(3_000_000_000L)).isEqualTo("8a95c0bb00");
    }

    @Property
    void varIntsRoundTrip(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long n) throws ProtocolException {
        WireWriter w = new WireWriter(10);
        CoinSerialization.writeVarInt(w, n);
        WireReader r = new WireReader(w.toByteArray());
        assertThat(CoinSerialization.readVarInt(r, 63)).isEqualTo(n);
        assertThat(r.remaining()).isZero();
    }

    @Test
    void varIntBeyondTheTargetTypeIsRefused() {
        // 2^32 does not fit Core's uint32_t height code.
        WireWriter w = new WireWriter(10);
        CoinSerialization.writeVarInt(w, 1L << 32);
        assertThatThrownBy(() -> CoinSerialization.readVarInt(new WireReader(w.toByteArray()), 32))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("size too large");
    }

    @Test
    void amountsCompressAsCoresCompressTests() {
        long[][] pairs = {{0, 0x0}, {1, 0x1}, {COIN / 100, 0x7}, {COIN, 0x9}, {50 * COIN, 0x32},
                {21_000_000 * COIN, 0x1406f40}};
        for (long[] p : pairs) {
            assertThat(CoinSerialization.compressAmount(p[0])).as("compress %d", p[0]).isEqualTo(p[1]);
            assertThat(CoinSerialization.decompressAmount(p[1])).as("decompress %x", p[1]).isEqualTo(p[0]);
        }
    }

    @Property
    void amountsRoundTrip(@ForAll @LongRange(min = 0, max = 21_000_000 * COIN) long amount) {
        assertThat(CoinSerialization.decompressAmount(CoinSerialization.compressAmount(amount))).isEqualTo(amount);
    }

    @Test
    void coinsDecodeAsCoresCoinsSerializationTest() throws ProtocolException {
        Coin c1 = CoinSerialization.readCoin(new WireReader(HEX.parseHex(
                "97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35")));
        assertThat(c1.coinbase()).isFalse();
        assertThat(c1.height()).isEqualTo(203998);
        assertThat(c1.out().value()).isEqualTo(60_000_000_000L);
        assertThat(c1.out().scriptPubKey().hex()).isEqualTo("76a914816115944e077fe7c803cfa57f29b36bf87c1d3588ac");

        Coin c2 = CoinSerialization.readCoin(new WireReader(HEX.parseHex(
                "8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4")));
        assertThat(c2.coinbase()).isTrue();
        assertThat(c2.height()).isEqualTo(120891);
        assertThat(c2.out().value()).isEqualTo(110397);
        assertThat(c2.out().scriptPubKey().hex()).isEqualTo("76a9148c988f1a4a4de2161e0f50aac7f17e7f9555caa488ac");

        Coin c3 = CoinSerialization.readCoin(new WireReader(HEX.parseHex("000006")));
        assertThat(c3.coinbase()).isFalse();
        assertThat(c3.height()).isZero();
        assertThat(c3.out().value()).isZero();
        assertThat(c3.out().scriptPubKey().length()).isZero();

        // Re-encoding gives Core's bytes back.
        assertThat(HEX.formatHex(CoinSerialization.serializeCoin(c1)))
                .isEqualTo("97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35");
        assertThat(HEX.formatHex(CoinSerialization.serializeCoin(c2)))
                .isEqualTo("8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4");
    }

    @Test
    void scriptsPastTheEndOfTheDataAreRefused() {
        assertThatThrownBy(() -> CoinSerialization.readCoin(new WireReader(HEX.parseHex("000007"))))
                .isInstanceOf(ProtocolException.class);
        // A 3 GB script length: refused, not allocated.
        assertThatThrownBy(() -> CoinSerialization.readCoin(new WireReader(HEX.parseHex("00008a95c0bb00"))))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void overlongScriptsReadBackAsOpReturn() throws ProtocolException {
        byte[] big = new byte[10_001];
        WireWriter w = new WireWriter(10_100);
        CoinSerialization.writeTxOut(w, new TxOut(5, Bytes.wrap(big)));
        WireReader r = new WireReader(w.toByteArray());
        TxOut out = CoinSerialization.readTxOut(r);
        assertThat(out.scriptPubKey().hex()).isEqualTo("6a");
        assertThat(r.remaining()).isZero();
    }

    @Test
    void standardScriptsCompressToCoresSpecialForms() throws ProtocolException {
        String p2pkh = "76a914816115944e077fe7c803cfa57f29b36bf87c1d3588ac";
        String p2sh = "a914816115944e077fe7c803cfa57f29b36bf87c1d3587";
        // The genesis coinbase key (uncompressed, on the curve) and its compressed form.
        String uncompressed = "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f3"
                + "5504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f";
        String compressed = "03678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb6";
        assertCompressed(p2pkh, "00816115944e077fe7c803cfa57f29b36bf87c1d35");
        assertCompressed(p2sh, "01816115944e077fe7c803cfa57f29b36bf87c1d35");
        assertCompressed("21" + compressed + "ac", compressed);
        assertCompressed("41" + uncompressed + "ac", "05" + uncompressed.substring(2, 66));
        // Not on the curve: stored whole, with its length offset by 6.
        String offCurve = "04" + "00".repeat(64);
        assertCompressed("41" + offCurve + "ac", "49" + "41" + offCurve + "ac");
        assertCompressed("", "06");
        assertCompressed("6a", "076a");
    }

    private static void assertCompressed(String scriptHex, String expectedHex) throws ProtocolException {
        WireWriter w = new WireWriter(80);
        CoinSerialization.writeScript(w, Bytes.fromHex(scriptHex));
        assertThat(HEX.formatHex(w.toByteArray())).as("compressed %s", scriptHex).isEqualTo(expectedHex);
        assertThat(CoinSerialization.readScript(new WireReader(w.toByteArray())).hex()).isEqualTo(scriptHex);
    }

    @Provide
    Arbitrary<Coin> coins() {
        Arbitrary<Bytes> scripts = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(Bytes::wrap),
                Arbitraries.bytes().array(byte[].class).ofSize(20).map(h -> {
                    byte[] s = new byte[25];
                    s[0] = 0x76;
                    s[1] = (byte) 0xa9;
                    s[2] = 20;
                    System.arraycopy(h, 0, s, 3, 20);
                    s[23] = (byte) 0x88;
                    s[24] = (byte) 0xac;
                    return Bytes.wrap(s);
                }));
        return net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 21_000_000 * COIN), scripts,
                        Arbitraries.integers().between(0, 2_000_000), Arbitraries.of(true, false))
                .as((v, s, h, cb) -> new Coin(new TxOut(v, s), h, cb));
    }

    @Provide
    Arbitrary<List<Coin>> coinLists() {
        return coins().list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void undoRecordsRoundTrip(@ForAll("coinLists") List<Coin> a, @ForAll("coinLists") List<Coin> b) throws ProtocolException {
        BlockUndo undo = new BlockUndo(List.of(new TxUndo(a), new TxUndo(b)));
        byte[] bytes = undo.serialize();
        WireReader r = new WireReader(bytes);
        assertThat(BlockUndo.read(r)).isEqualTo(undo);
        assertThat(r.remaining()).isZero();
    }

    @Test
    void undoEntriesCarryCoresDummyVersionAboveHeightZero() {
        Coin coin = new Coin(new TxOut(COIN, Bytes.fromHex("76a914816115944e077fe7c803cfa57f29b36bf87c1d3588ac")),
                1, false);
        WireWriter w = new WireWriter(40);
        new TxUndo(List.of(coin)).write(w);
        // count 1, code VARINT(2), dummy VARINT(0), amount VARINT(9), tag 0 + 20-byte hash.
        assertThat(HEX.formatHex(w.toByteArray()))
                .isEqualTo("01" + "02" + "00" + "09" + "00816115944e077fe7c803cfa57f29b36bf87c1d35");
    }

    @Test
    void truncatedUndoIsRefused() {
        byte[] bytes = new BlockUndo(List.of(new TxUndo(List.of(new Coin(new TxOut(1, Bytes.EMPTY), 5, false)))))
                .serialize();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> BlockUndo.read(new WireReader(cut))).as("cut at %d", n)
                    .isInstanceOf(ProtocolException.class);
        }
    }
}
