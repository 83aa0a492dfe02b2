package io.mooring.wire.netaddress;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bad input fails with the right ProtocolError, or is skipped without losing the place in the stream. */
class MalformedAddressTest {
    private static final HexFormat HEX = HexFormat.of();
    /**
     * Room for the 512/513-byte payloads without growing: WireWriter at this branch point writes to its old array
     * after growing (fixed by 707465b on the primitives branch).
     */
    private static final int WRITER_CAPACITY = 1024;

    interface Decoder {
        Object decode(WireReader r) throws ProtocolException;
    }

    private static ProtocolError errorOf(byte[] bytes, Decoder d) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> d.decode(new WireReader(bytes)));
        assertThat(e).as("%s must fail", HEX.formatHex(bytes)).isNotNull();
        return e.error();
    }

    private static List<PeerAddress> onePerNetwork() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) k[i] = (byte) (i * 37 + 1);
        byte[] cj = new byte[16];
        cj[0] = (byte) 0xfc;
        cj[15] = 9;
        List<PeerAddress> out = new ArrayList<>();
        for (NetAddress a : List.of(NetAddress.parse("1.2.3.4"), NetAddress.parse("2001:db8::1"), NetAddress.torV3(k),
                NetAddress.i2p(k), NetAddress.cjdns(cj), NetAddress.internal("seed.example"))) {
            out.add(new PeerAddress(0x5f5e1000L, -1L, a, 8333));
        }
        return out;
    }

    @Test
    void truncationAtEveryByteOffsetIsTruncated() {
        for (PeerAddress p : onePerNetwork()) {
            WireWriter v2 = new WireWriter();
            p.writeV2(v2);
            WireWriter disk = new WireWriter();
            p.writeDisk(disk);
            WireWriter v1 = new WireWriter();
            p.writeV1(v1, true);
            WireWriter bip155 = new WireWriter();
            p.address().writeBip155(bip155);
            check(v2.toByteArray(), PeerAddress::readV2);
            check(disk.toByteArray(), PeerAddress::readDisk);
            check(v1.toByteArray(), r -> PeerAddress.readV1(r, true));
            check(bip155.toByteArray(), NetAddress::readBip155);
        }
    }

    private static void check(byte[] full, Decoder d) {
        for (int n = 0; n < full.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            assertThat(errorOf(cut, d)).as("cut at %d of %s", n, HEX.formatHex(full)).isEqualTo(ProtocolError.TRUNCATED);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Network.class, names = "INTERNAL", mode = EnumSource.Mode.EXCLUDE)
    void wrongLengthForEachKnownNetworkIsBadAddressLength(Network net) {
        for (int len : new int[] {0, 1, net.addressLength() - 1, net.addressLength() + 1, 33, 512}) {
            if (len == net.addressLength()) continue;
            WireWriter w = new WireWriter(WRITER_CAPACITY);
            w.writeU8(net.bip155Id()).writeCompactSize(len).writeBytes(new byte[len]);
            ProtocolException e = catchThrowableOfType(ProtocolException.class,
                    () -> NetAddress.readBip155(new WireReader(w.toByteArray())));
            assertThat(e.error()).as("%s len %d", net, len).isEqualTo(ProtocolError.BAD_ADDRESS_LENGTH);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 0, 255})
    void length513IsBadAddressLengthForAnyId(int id) {
        WireWriter w = new WireWriter(WRITER_CAPACITY);
        w.writeU8(id).writeCompactSize(513).writeBytes(new byte[513]);
        assertThat(errorOf(w.toByteArray(), NetAddress::readBip155)).isEqualTo(ProtocolError.BAD_ADDRESS_LENGTH);
    }

    @Test
    void hugeLengthsAreBadAddressLengthBeforeAnyAllocation() {
        for (String hex : List.of("01fe00000002", "aafe00000002", "02ffffffffffffffffff", "04ff0000000001000000")) {
            assertThat(errorOf(HEX.parseHex(hex), NetAddress::readBip155)).as(hex)
                    .isEqualTo(ProtocolError.BAD_ADDRESS_LENGTH);
        }
    }

    @Test
    void unknownNetworkIdIsSkippedAndTheNextEntryStillReads() throws ProtocolException {
        WireWriter w = new WireWriter();
        w.writeU32LE(1234).writeCompactSize(1).writeU8(7).writeCompactSize(3).writeBytes(new byte[] {1, 2, 3})
                .writeU16BE(8333);
        PeerAddress next = new PeerAddress(99, 8, NetAddress.parse("9.8.7.6"), 18333);
        next.writeV2(w);
        WireReader r = new WireReader(w.toByteArray());
        assertThat(PeerAddress.readV2(r)).isNull();
        assertThat(PeerAddress.readV2(r)).isEqualTo(next);
        assertThat(r.remaining()).isZero();
    }

    @Test
    void torV2AddressIsSkippedNotFatal() throws ProtocolException {
        WireReader r = new WireReader(HEX.parseHex("030af1f2f3f4f5f6f7f8f9fa" + "0104" + "01020304"));
        assertThat(NetAddress.readBip155(r)).isNull();
        assertThat(NetAddress.readBip155(r)).isEqualTo(NetAddress.parse("1.2.3.4"));
        // TorV2 id with a length other than 10 is an unknown network too: skipped, not an error.
        assertThat(NetAddress.readBip155(new WireReader(HEX.parseHex("0320" + "00".repeat(32))))).isNull();
    }

    @Test
    void torV2InV1FormReadsAsTheInvalidUnspecifiedAddress() throws ProtocolException {
        NetAddress a = NetAddress.readV1(new WireReader(HEX.parseHex("fd87d87eeb430102030405060708090a")));
        assertThat(a).isEqualTo(NetAddress.UNSPECIFIED);
        assertThat(a.isValid()).isFalse();
        assertThat(a.toString()).isEqualTo("::");
    }

    @Test
    void ipv4MappedAndOnionCatSentAsBip155Ipv6AreSkipped() throws ProtocolException {
        assertThat(NetAddress.readBip155(new WireReader(HEX.parseHex("021000000000000000000000ffff01020304")))).isNull();
        assertThat(NetAddress.readBip155(new WireReader(HEX.parseHex("0210fd87d87eeb430102030405060708090a")))).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1 << 19, 1 << 28, 1 << 30, 1 << 31, (1 << 29) | (1 << 19), (1 << 29) | (1 << 30), -1})
    void badDiskFormatWordIsUnsupportedDiskFormat(int word) {
        WireWriter w = new WireWriter();
        w.writeI32LE(word);
        new PeerAddress(1, 1, NetAddress.parse("1.2.3.4"), 1).writeV2(w);
        assertThat(errorOf(w.toByteArray(), PeerAddress::readDisk)).isEqualTo(ProtocolError.UNSUPPORTED_DISK_FORMAT);
    }

    @Test
    void diskFormatLowBitsAreIgnored() throws ProtocolException {
        PeerAddress p = new PeerAddress(7, 1, NetAddress.parse("1.2.3.4"), 8333);
        for (int low : new int[] {0, 1, 220000, PeerAddress.DISK_VERSION_IGNORE_MASK}) {
            WireWriter w = new WireWriter();
            w.writeI32LE(PeerAddress.DISK_VERSION_ADDRV2 | low);
            p.writeV2(w);
            assertThat(PeerAddress.readDisk(new WireReader(w.toByteArray()))).isEqualTo(p);
        }
        WireWriter w = new WireWriter();
        p.writeDisk(w);
        assertThat(HEX.formatHex(w.toByteArray())).startsWith("605b0320");
    }

    @Test
    void nonCanonicalCompactSizeLengthIsRejected() {
        // IPv4 with its length 4 written as fd 04 00.
        assertThat(errorOf(HEX.parseHex("01fd040001020304"), NetAddress::readBip155))
                .isEqualTo(ProtocolError.NON_CANONICAL_COMPACT_SIZE);
        // Unknown network whose skip length is non-canonical.
        assertThat(errorOf(HEX.parseHex("aafe03000000010203"), NetAddress::readBip155))
                .isEqualTo(ProtocolError.NON_CANONICAL_COMPACT_SIZE);
        // Services written as fd 01 00 in addrv2.
        assertThat(errorOf(HEX.parseHex("00000000" + "fd0100" + "010401020304" + "208d"), PeerAddress::readV2))
                .isEqualTo(ProtocolError.NON_CANONICAL_COMPACT_SIZE);
    }

    @Test
    void servicesAboveMaxSizeAreAcceptedInV2() throws ProtocolException {
        PeerAddress p = PeerAddress.readV2(new WireReader(HEX.parseHex(
                "00000000" + "ffffffffffffffffff" + "010401020304" + "208d")));
        assertThat(p.services()).isEqualTo(-1L);
        assertThat(Long.toUnsignedString(p.services())).isEqualTo("18446744073709551615");
        assertThat(p.port()).isEqualTo(8333);
    }

    @Test
    void cjdnsOutsideFc00DecodesButIsInvalid() throws ProtocolException {
        NetAddress a = NetAddress.readBip155(new WireReader(HEX.parseHex("0610aa000001000200030004000500060007")));
        assertThat(a.network()).isEqualTo(Network.CJDNS);
        assertThat(a.isValid()).isFalse();
        assertThat(a.isRoutable()).isFalse();
    }

    @Test
    void constructorsRejectWrongLengthsAndRanges() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NetAddress(Network.IPV4, Bytes.wrap(new byte[5])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPV4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetAddress.torV3(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NetEndpoint(NetAddress.UNSPECIFIED, 65536))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new PeerAddress(0x1_0000_0000L, 0, NetAddress.UNSPECIFIED, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PeerAddress(-1, 0, NetAddress.UNSPECIFIED, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
