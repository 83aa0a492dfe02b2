package io.mooring.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The address decoders. Input layout: byte 0 picks the decoder ({@code % 4}): 0 a sequence of addrv2 entries
 * ({@link PeerAddress#readV2}), 1 a sequence of disk records ({@link PeerAddress#readDisk}, peers.dat), 2 the text
 * form ({@link NetAddress#parse}), 3 host:port text ({@link NetEndpoint#parse}); the rest is the input. Binary
 * decoders may fail only with {@link ProtocolException}, text parsers only with {@link IllegalArgumentException};
 * whatever decodes must survive encode/decode (text: print/parse) unchanged.
 */
class AddressFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyAddressInputDecodesToARoundTrippingValueOrFailsWithTheDocumentedException(byte[] data) {
        if (data.length == 0) return;
        byte[] input = Arrays.copyOfRange(data, 1, data.length);
        switch ((data[0] & 0xff) % 4) {
            case 0 -> binary(input, false);
            case 1 -> binary(input, true);
            case 2 -> text(new String(input, StandardCharsets.UTF_8));
            default -> endpoint(new String(input, StandardCharsets.UTF_8));
        }
    }

    private static void binary(byte[] input, boolean disk) {
        WireReader r = new WireReader(input);
        while (r.hasRemaining()) {
            PeerAddress a;
            try {
                a = disk ? PeerAddress.readDisk(r) : PeerAddress.readV2(r);
            } catch (ProtocolException e) {
                return;
            }
            if (a == null) continue; // skipped network: bytes consumed, nothing to compare
            WireWriter w = new WireWriter();
            if (disk) a.writeDisk(w); else a.writeV2(w);
            PeerAddress again = FuzzOracle.mustDecode(() -> {
                WireReader back = new WireReader(w.toByteArray());
                PeerAddress b = disk ? PeerAddress.readDisk(back) : PeerAddress.readV2(back);
                if (back.hasRemaining()) throw new AssertionError("encoding has " + back.remaining() + " extra bytes");
                return b;
            }, disk ? "disk address" : "addrv2 address");
            FuzzOracle.assertEqual(a, again, disk ? "disk address" : "addrv2 address");
        }
    }

    private static void text(String s) {
        NetAddress a;
        try {
            a = NetAddress.parse(s);
        } catch (IllegalArgumentException e) {
            return;
        }
        String printed = a.toString();
        NetAddress again;
        try {
            again = NetAddress.parse(printed);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("printed form \"" + printed + "\" of \"" + s + "\" does not parse", e);
        }
        FuzzOracle.assertEqual(a, again, "address text \"" + printed + "\"");
    }

    private static void endpoint(String s) {
        NetEndpoint e;
        try {
            e = NetEndpoint.parse(s, 8333);
        } catch (IllegalArgumentException x) {
            return;
        }
        String printed = e.toString();
        NetEndpoint again;
        try {
            again = NetEndpoint.parse(printed, 1);
        } catch (IllegalArgumentException x) {
            throw new AssertionError("printed form \"" + printed + "\" of \"" + s + "\" does not parse", x);
        }
        FuzzOracle.assertEqual(e, again, "endpoint text \"" + printed + "\"");
    }
}
