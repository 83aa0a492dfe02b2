package io.mooring.wire.interop;

import static io.mooring.wire.interop.Bitcoinj.MAGIC;
import static io.mooring.wire.interop.Bitcoinj.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.AddrMessage;
import io.mooring.wire.message.AddrV2Message;
import io.mooring.wire.message.FeeFilterMessage;
import io.mooring.wire.message.FilterLoadMessage;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.SendCmpctMessage;
import io.mooring.wire.message.TxMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.core.AddressV1Message;
import org.bitcoinj.core.AddressV2Message;
import org.bitcoinj.core.InventoryMessage;
import org.junit.jupiter.api.Test;

/**
 * Where bitcoinj 0.17 departs from Bitcoin Core, pinned down byte for byte: Mooring keeps Core's behaviour (the
 * Core source named in each test), bitcoinj's side is asserted as it is today so that a bitcoinj upgrade that changes
 * it shows up here. None of these is a reason to change Mooring.
 */
class BitcoinjDifferencesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Hash256 SOME_HASH =
            Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");

    /** A frame with any command and payload, made by bitcoinj's serializer (correct magic, length and checksum). */
    private static byte[] frame(String command, byte[] payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SERIALIZER.serialize(command, payload, out);
        return out.toByteArray();
    }

    private static org.bitcoinj.core.Message bitcoinj(byte[] frame) throws Exception {
        return SERIALIZER.deserialize(ByteBuffer.wrap(frame));
    }

    private static Message mooring(byte[] frame) throws ProtocolException {
        return V1Envelope.decode(frame, MAGIC);
    }

    private static void bitcoinjRejects(byte[] frame) {
        assertThatThrownBy(() -> bitcoinj(frame)).isInstanceOf(org.bitcoinj.core.ProtocolException.class);
    }

    private static void mooringRejects(byte[] frame, ProtocolError error) {
        assertThatThrownBy(() -> mooring(frame)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.error()).isEqualTo(error));
    }

    /**
     * Core (transaction.h) reads nValue as any int64; the range is CheckTransaction's business
     * ("bad-txns-vout-negative"), so an invalid transaction still parses (and can be reported as invalid).
     * bitcoinj's TransactionOutput constructor rejects negative values other than -1 while parsing.
     */
    @Test
    void negativeOutputValueParsesInMooringAsInCoreButNotInBitcoinj() throws Exception {
        Transaction tx = new Transaction(2, List.of(new TxIn(new OutPoint(SOME_HASH, 0), Bytes.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(-2, Bytes.fromHex("51"))), 0);
        byte[] frame = V1Envelope.encode(MAGIC, new TxMessage(tx));
        assertThat(((TxMessage) mooring(frame)).tx().outputs().get(0).value()).isEqualTo(-2);
        bitcoinjRejects(frame);
    }

    /**
     * Core keeps inventory types it does not know (CInv has a raw uint32 type) and ignores them. bitcoinj 0.17 knows
     * neither MSG_CMPCT_BLOCK (BIP152) nor MSG_WTX (BIP339) and rejects the whole message. Core only sends MSG_WTX
     * to peers that sent wtxidrelay, which bitcoinj never does, so this matters for getdata/notfound from other peers.
     */
    @Test
    void inventoryTypesFourAndFiveAndUnknownOnesAreKeptByMooringButRejectedByBitcoinj() throws Exception {
        for (int type : new int[] {InvItem.MSG_CMPCT_BLOCK, InvItem.MSG_WTX, 77}) {
            InvMessage inv = new InvMessage(List.of(new InvItem(type, SOME_HASH)));
            byte[] frame = V1Envelope.encode(MAGIC, inv);
            assertThat(mooring(frame)).isEqualTo(inv);
            bitcoinjRejects(frame);
        }
    }

    /**
     * Core ignores messages with unknown commands ("for extensibility", net_processing.cpp). bitcoinj turns an
     * unknown command into an UnknownMessage only when its payload is empty and throws otherwise, so a Core peer's
     * sendcmpct (sent right after verack) already fails in bitcoinj's serializer.
     */
    @Test
    void unknownCommandWithPayloadIsIgnorableInMooringButAnErrorInBitcoinj() throws Exception {
        byte[] frame = V1Envelope.encode(MAGIC, new SendCmpctMessage(false, 2));
        assertThat(mooring(frame)).isEqualTo(new SendCmpctMessage(false, 2));
        bitcoinjRejects(frame);
        byte[] unknown = frame("futurecmd", new byte[] {1, 2, 3});
        assertThat(mooring(unknown).command()).isEqualTo("futurecmd");
        bitcoinjRejects(unknown);
    }

    /** Core's V1Transport rejects a header announcing more than MAX_PROTOCOL_MESSAGE_LENGTH (4,000,000) bytes. */
    @Test
    void headerAnnouncingMoreThanFourMillionBytesIsRejectedByMooringButNotByBitcoinj() throws Exception {
        byte[] header = Arrays.copyOf(frame("block", new byte[0]), V1Envelope.HEADER_SIZE);
        ByteBuffer.wrap(header, 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4_000_001);
        assertThatThrownBy(() -> V1Envelope.readHeader(header, 0, MAGIC)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.error()).isEqualTo(ProtocolError.OVERSIZED_MESSAGE));
        ByteBuffer buf = ByteBuffer.wrap(header, 4, 20);
        assertThat(SERIALIZER.deserializeHeader(buf).size).isEqualTo(4_000_001); // bitcoinj allows up to 32 MiB
    }

    /** Core's ReadCompactSize throws "non-canonical ReadCompactSize()" for a value that has a shorter encoding. */
    @Test
    void nonCanonicalCompactSizeIsRejectedByMooringButAcceptedByBitcoinj() throws Exception {
        byte[] payload = new byte[3 + InvItem.SIZE];
        payload[0] = (byte) 0xfd;
        payload[1] = 1; // 0xfd 0x0001: the count 1 in three bytes instead of one
        payload[3] = InvItem.MSG_TX;
        byte[] frame = frame("inv", payload);
        mooringRejects(frame, ProtocolError.NON_CANONICAL_COMPACT_SIZE);
        assertThat(((InventoryMessage) bitcoinj(frame)).getItems()).hasSize(1);
    }

    /** Core disconnects a peer whose getheaders/getblocks locator has more than MAX_LOCATOR_SZ (101) entries. */
    @Test
    void locatorOf102HashesIsRejectedByMooringButAcceptedByBitcoinj() throws Exception {
        List<org.bitcoinj.base.Sha256Hash> hashes = Collections.nCopies(102, Bitcoinj.bj(SOME_HASH));
        byte[] frame = Bitcoinj.frame(new org.bitcoinj.core.GetHeadersMessage(70016,
                new org.bitcoinj.core.BlockLocator(hashes), org.bitcoinj.base.Sha256Hash.ZERO_HASH));
        mooringRejects(frame, ProtocolError.LOCATOR_TOO_LARGE);
        assertThat(((org.bitcoinj.core.GetHeadersMessage) bitcoinj(frame)).getLocator().size()).isEqualTo(102);
        assertThat(GetHeadersMessage.class).isNotNull();
    }

    /**
     * Core reads the transaction count after each header and ignores it ("ignore tx count; assume it is 0",
     * net_processing.cpp). bitcoinj reads a whole block and then rejects a header that has transactions.
     */
    @Test
    void headerFollowedByNonZeroTransactionCountDecodesInMooringAsInCore() throws Exception {
        BlockHeader h = new BlockHeader(1, Hash256.ZERO, SOME_HASH, 1_231_006_505L, 0x1d00ffffL, 2_083_236_893L);
        WireWriter w = new WireWriter().writeCompactSize(1);
        h.write(w);
        w.writeCompactSize(1);
        byte[] frame = frame("headers", w.toByteArray());
        assertThat(mooring(frame)).isEqualTo(new HeadersMessage(List.of(h)));
        bitcoinjRejects(frame);
    }

    /**
     * Core reads fRelay only "if (!vRecv.empty())" and defaults it to true; bitcoinj requires it from protocol 70001 on
     * and rejects versions below 70000 outright. Core accepts any version to parse (it disconnects below 31800).
     */
    @Test
    void versionWithoutRelayOrBelow70000DecodesInMooringAsInCoreButNotInBitcoinj() throws Exception {
        PeerAddress none = VersionMessage.NO_SENDER;
        VersionMessage full = new VersionMessage(70016, 9, 1_700_000_000L, none, none, 42, "/Satoshi:27.1.0/", 800_000, false);
        byte[] payload = full.payload();
        byte[] noRelay = frame("version", Arrays.copyOf(payload, payload.length - 1));
        VersionMessage m = (VersionMessage) mooring(noRelay);
        assertThat(m.relay()).isTrue();
        assertThat(m.startHeight()).isEqualTo(800_000);
        bitcoinjRejects(noRelay);

        VersionMessage old = new VersionMessage(60002, 1, 1_700_000_000L, none, none, 42, "/old/", 1, true);
        byte[] oldFrame = V1Envelope.encode(MAGIC, old);
        assertThat(mooring(oldFrame)).isEqualTo(old);
        bitcoinjRejects(oldFrame);
    }

    /** Core: "if (MoneyRange(newFeeFilter))" after a plain int64 read; an out-of-range rate is ignored, not an error. */
    @Test
    void negativeFeeFilterDecodesInMooringButBitcoinjRejectsIt() throws Exception {
        byte[] frame = V1Envelope.encode(MAGIC, new FeeFilterMessage(-1));
        assertThat(mooring(frame)).isEqualTo(new FeeFilterMessage(-1));
        bitcoinjRejects(frame);
    }

    /**
     * Core parses any filterload and then treats one beyond MAX_BLOOM_FILTER_SIZE / MAX_HASH_FUNCS as misbehaviour
     * (net_processing.cpp); Mooring decodes it and answers isWithinSizeConstraints() == false. bitcoinj throws while
     * parsing.
     */
    @Test
    void oversizedFilterLoadDecodesInMooringWithSizeFlagButBitcoinjRejectsIt() throws Exception {
        FilterLoadMessage big = new FilterLoadMessage(Bytes.wrap(new byte[36_001]), 1, 0, 0);
        FilterLoadMessage many = new FilterLoadMessage(Bytes.wrap(new byte[10]), 51, 0, 0);
        for (FilterLoadMessage f : List.of(big, many)) {
            byte[] frame = V1Envelope.encode(MAGIC, f);
            FilterLoadMessage m = (FilterLoadMessage) mooring(frame);
            assertThat(m).isEqualTo(f);
            assertThat(m.isWithinSizeConstraints()).isFalse();
            bitcoinjRejects(frame);
        }
    }

    /**
     * BIP155 and Core ignore TorV2 (network id 3) entries, and Core rejects the whole addrv2 for an address longer
     * than 512 bytes (MAX_ADDRV2_SIZE) even of an unknown network. bitcoinj keeps TorV2 entries as v2 onion names
     * (and would relay them) and reads any length.
     */
    @Test
    void addrV2TorV2EntriesAreSkippedAndOverlongAddressesRejectedByMooringButNotByBitcoinj() throws Exception {
        PeerAddress ipv4 = new PeerAddress(1_700_000_000L, 1, NetAddress.parse("198.51.100.20"), 8333);
        WireWriter w = new WireWriter().writeCompactSize(2);
        w.writeU32LE(1_700_000_000L).writeCompactSize(1).writeU8(3).writeCompactSize(10).writeBytes(new byte[10])
                .writeU16BE(8333);
        ipv4.writeV2(w);
        byte[] frame = frame("addrv2", w.toByteArray());
        assertThat(((AddrV2Message) mooring(frame)).addresses()).containsExactly(ipv4);
        List<org.bitcoinj.core.PeerAddress> b = ((AddressV2Message) bitcoinj(frame)).getAddresses();
        assertThat(b).hasSize(2);
        assertThat(b.get(0).getHostname()).endsWith(".onion").hasSize(16 + 6);

        WireWriter big = new WireWriter().writeCompactSize(1);
        big.writeU32LE(0).writeCompactSize(0).writeU8(0x42).writeCompactSize(513).writeBytes(new byte[513]).writeU16BE(0);
        byte[] bigFrame = frame("addrv2", big.toByteArray());
        mooringRejects(bigFrame, ProtocolError.BAD_ADDRESS_LENGTH);
        assertThat(((AddressV2Message) bitcoinj(bigFrame)).getAddresses()).hasSize(1);
    }

    /**
     * In the v1 form Core's SetLegacyIPv6 turns the TorV2 OnionCat range fd87:d87e:eb43::/48 into an invalid address
     * (all zeros), so it is never stored or relayed; bitcoinj makes it a v2 onion name.
     */
    @Test
    void addrV1OnionCatAddressIsInvalidInMooringAsInCoreButAnOnionNameInBitcoinj() throws Exception {
        WireWriter w = new WireWriter().writeCompactSize(1);
        w.writeU32LE(1_700_000_000L).writeI64LE(1)
                .writeBytes(HEX.parseHex("fd87d87eeb43" + "00112233445566778899")).writeU16BE(8333);
        byte[] frame = frame("addr", w.toByteArray());
        PeerAddress m = ((AddrMessage) mooring(frame)).addresses().get(0);
        assertThat(m.address()).isEqualTo(NetAddress.UNSPECIFIED);
        assertThat(m.address().isValid()).isFalse();
        assertThat(((AddressV1Message) bitcoinj(frame)).getAddresses().get(0).getHostname()).endsWith(".onion");
    }
}
