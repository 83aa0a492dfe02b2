package io.mooring.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireWriter;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Core's per-message limits, each at the limit (accepted) and one past it (the typed error). */
class MessageLimitsTest {
    private static ProtocolError errorOf(String command, byte[] payload) {
        try {
            MessageDecoder.decode(command, payload);
        } catch (ProtocolException e) {
            return e.error();
        }
        throw new AssertionError("expected a ProtocolException for " + command);
    }

    private static byte[] vector(int count, int elementSize) {
        WireWriter w = new WireWriter();
        w.writeCompactSize(count);
        w.writeBytes(new byte[count * elementSize]);
        return w.toByteArray();
    }

    @Test
    void inventoryAtFiftyThousandEntriesDecodesAndOneMoreIsTooMany() throws ProtocolException {
        for (String cmd : new String[] {"inv", "getdata", "notfound"}) {
            assertThat(MessageDecoder.decode(cmd, vector(50_000, 36))).isNotNull();
            assertThat(errorOf(cmd, vector(50_001, 36))).isEqualTo(ProtocolError.TOO_MANY_INVENTORY_ENTRIES);
        }
    }

    @Test
    void addrAboveOneThousandEntriesIsTooMany() throws ProtocolException {
        assertThat(errorOf("addr", vector(1001, 30))).isEqualTo(ProtocolError.TOO_MANY_ADDRESSES);
        assertThat(errorOf("addrv2", vector(1001, 9))).isEqualTo(ProtocolError.TOO_MANY_ADDRESSES);
    }

    @Test
    void headersAboveTwoThousandAreTooMany() throws ProtocolException {
        assertThat(((HeadersMessage) MessageDecoder.decode("headers", vector(2000, 81))).headers()).hasSize(2000);
        assertThat(errorOf("headers", vector(2001, 81))).isEqualTo(ProtocolError.TOO_MANY_HEADERS);
    }

    @Test
    void locatorAboveOneHundredOneEntriesIsTooLarge() throws ProtocolException {
        for (String cmd : new String[] {"getheaders", "getblocks"}) {
            WireWriter ok = new WireWriter().writeI32LE(70016);
            ok.writeBytes(vector(101, 32)).writeHash(Hash256.ZERO);
            assertThat(MessageDecoder.decode(cmd, ok.toByteArray())).isNotNull();
            WireWriter bad = new WireWriter().writeI32LE(70016);
            bad.writeBytes(vector(102, 32)).writeHash(Hash256.ZERO);
            assertThat(errorOf(cmd, bad.toByteArray())).isEqualTo(ProtocolError.LOCATOR_TOO_LARGE);
        }
    }

    @Test
    void userAgentLongerThan256BytesIsRejected() {
        WireWriter w = new WireWriter();
        w.writeI32LE(70016).writeI64LE(9).writeI64LE(1_700_000_000L);
        w.writeBytes(new byte[26]).writeBytes(new byte[26]).writeI64LE(1);
        w.writeVarString("/" + "x".repeat(256) + "/");
        w.writeI32LE(0).writeU8(1);
        assertThat(errorOf("version", w.toByteArray())).isEqualTo(ProtocolError.FIELD_TOO_LONG);
    }

    @Test
    void versionFromAVeryOldPeerWithoutOptionalFieldsDecodesWithCoresDefaults() throws ProtocolException {
        WireWriter w = new WireWriter();
        w.writeI32LE(31800).writeI64LE(1).writeI64LE(1_300_000_000L).writeBytes(new byte[26]);
        VersionMessage v = (VersionMessage) MessageDecoder.decode("version", w.toByteArray());
        assertThat(v.version()).isEqualTo(31800);
        assertThat(v.userAgent()).isEmpty();
        assertThat(v.nonce()).isZero();
        assertThat(v.relay()).isTrue();
    }

    @Test
    void versionMissingTheReceiverAddressIsTruncated() {
        WireWriter w = new WireWriter();
        w.writeI32LE(70016).writeI64LE(1).writeI64LE(1_700_000_000L).writeBytes(new byte[10]);
        assertThat(errorOf("version", w.toByteArray())).isEqualTo(ProtocolError.TRUNCATED);
    }

    @Test
    void featureWithTrailingBytesOrShortIdIsMalformed() {
        WireWriter trailing = new WireWriter().writeVarString("abcd");
        trailing.writeCompactSize(0).writeU8(1);
        assertThat(errorOf("feature", trailing.toByteArray())).isEqualTo(ProtocolError.MALFORMED);
        WireWriter shortId = new WireWriter().writeVarString("abc");
        shortId.writeCompactSize(0);
        assertThat(errorOf("feature", shortId.toByteArray())).isEqualTo(ProtocolError.MALFORMED);
        WireWriter bigData = new WireWriter().writeVarString("abcd");
        bigData.writeCompactSize(513).writeBytes(new byte[513]);
        assertThat(errorOf("feature", bigData.toByteArray())).isEqualTo(ProtocolError.FIELD_TOO_LONG);
    }

    @Test
    void getblocktxnIndexesBeyondSixteenBitsOverflow() {
        WireWriter w = new WireWriter().writeHash(Hash256.ZERO);
        w.writeCompactSize(2).writeCompactSize(0xffff).writeCompactSize(0); // second index would be 65536
        assertThat(errorOf("getblocktxn", w.toByteArray())).isEqualTo(ProtocolError.BAD_COMPACT_BLOCK);
    }

    @Test
    void cmpctblockWithMoreThan65535TransactionsIsRejected() {
        WireWriter w = new WireWriter();
        w.writeBytes(new byte[80]).writeI64LE(0);
        w.writeCompactSize(65_536).writeBytes(new byte[65_536 * 6]);
        w.writeCompactSize(0);
        assertThat(errorOf("cmpctblock", w.toByteArray())).isEqualTo(ProtocolError.BAD_COMPACT_BLOCK);
    }

    @Test
    void nonCanonicalCountInAnyVectorIsRejected() {
        assertThat(errorOf("inv", HexFormat.of().parseHex("fd0100" + "00".repeat(36))))
                .isEqualTo(ProtocolError.NON_CANONICAL_COMPACT_SIZE);
    }

    @Test
    void oversizedBloomFilterDecodesButIsOutsideSizeConstraints() throws ProtocolException {
        WireWriter w = new WireWriter();
        w.writeCompactSize(36_001).writeBytes(new byte[36_001]).writeU32LE(10).writeU32LE(0).writeU8(0);
        FilterLoadMessage m = (FilterLoadMessage) MessageDecoder.decode("filterload", w.toByteArray());
        assertThat(m.isWithinSizeConstraints()).isFalse();
    }
}
