package io.mooring.mapport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.netaddress.NetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PortMapMessagesTest {
    static final byte[] NONCE = HexFormat.of().parseHex("0102030405060708090a0b0c");

    @Test
    void pcpMapRequestHasRfc6887sLayoutWithIpv4MappedAddresses() {
        byte[] r = PortMapMessages.pcpMapRequest(NONCE, NetAddress.parse("192.168.1.20"), NetAddress.parse("0.0.0.0"),
                8333, 2400);
        assertThat(HexFormat.of().formatHex(r)).isEqualTo(
                // version 2, MAP request, reserved, lifetime 2400, client IP ::ffff:192.168.1.20
                "0201000000000960" + "00000000000000000000ffffc0a80114"
                        // nonce, protocol TCP, reserved, internal port, suggested external port, ::ffff:0.0.0.0
                        + "0102030405060708090a0b0c" + "06000000" + "208d" + "208d" + "00000000000000000000ffff00000000");
    }

    static byte[] pcpResponse(int result, long lifetime, byte[] nonce, int protocol, int port, int extPort, String ext4) {
        byte[] p = new byte[60];
        p[0] = 2;
        p[1] = (byte) 0x81;
        p[3] = (byte) result;
        p[4] = (byte) (lifetime >>> 24);
        p[5] = (byte) (lifetime >>> 16);
        p[6] = (byte) (lifetime >>> 8);
        p[7] = (byte) lifetime;
        System.arraycopy(nonce, 0, p, 24, 12);
        p[36] = (byte) protocol;
        p[40] = (byte) (port >>> 8);
        p[41] = (byte) port;
        p[42] = (byte) (extPort >>> 8);
        p[43] = (byte) extPort;
        p[54] = (byte) 0xff;
        p[55] = (byte) 0xff;
        System.arraycopy(NetAddress.parse(ext4).bytes().toArray(), 0, p, 56, 4);
        return p;
    }

    @Test
    void pcpResponsesAreCheckedAsCoreDoes() {
        byte[] ok = pcpResponse(0, 2400, NONCE, 6, 8333, 18333, "11.22.33.44");
        assertThat(PortMapMessages.pcpMapResponse(ok, ok.length, NONCE, 8333))
                .isEqualTo(new PortMapMessages.PcpAnswer.Map(0, 2400, NetAddress.parse("11.22.33.44"), 18333));
        assertThat(PortMapMessages.pcpMapResponse(ok, 59, NONCE, 8333))
                .isEqualTo(new PortMapMessages.PcpAnswer.NotOurs("Response too small"));
        byte[] otherNonce = pcpResponse(0, 2400, new byte[12], 6, 8333, 8333, "11.22.33.44");
        assertThat(PortMapMessages.pcpMapResponse(otherNonce, 60, NONCE, 8333))
                .isEqualTo(new PortMapMessages.PcpAnswer.NotOurs("Mapping nonce mismatch"));
        byte[] udp = pcpResponse(0, 2400, NONCE, 17, 8333, 8333, "11.22.33.44");
        assertThat(PortMapMessages.pcpMapResponse(udp, 60, NONCE, 8333))
                .isEqualTo(new PortMapMessages.PcpAnswer.NotOurs("Response protocol or port doesn't match request"));
        byte[] request = PortMapMessages.pcpMapRequest(NONCE, NetAddress.parse("10.0.0.2"), NetAddress.parse("0.0.0.0"),
                8333, 2400);
        assertThat(PortMapMessages.pcpMapResponse(request, 60, NONCE, 8333))
                .isEqualTo(new PortMapMessages.PcpAnswer.NotOurs("Response to wrong command"));
        byte[] noResources = pcpResponse(8, 0, NONCE, 6, 8333, 0, "0.0.0.0");
        assertThat(PortMapMessages.pcpMapResponse(noResources, 60, NONCE, 8333))
                .isInstanceOfSatisfying(PortMapMessages.PcpAnswer.Map.class, m -> assertThat(m.result()).isEqualTo(8));
        assertThat(PortMapMessages.pcpResult(8)).isEqualTo("NO_RESOURCES (code 8)");
        assertThat(PortMapMessages.pcpResult(99)).isEqualTo("(unknown) (code 99)");
        // A NAT-PMP gateway answers a PCP request with an 8-byte "unsupported version" (RFC 6887 appendix A).
        byte[] natpmp = {0, (byte) 0x81, 0, 1, 0, 0, 0, 0};
        assertThat(PortMapMessages.pcpMapResponse(natpmp, 8, NONCE, 8333))
                .isInstanceOf(PortMapMessages.PcpAnswer.NatPmpOnly.class);
    }

    @Test
    void natpmpRequestsAndResponses() {
        assertThat(PortMapMessages.natpmpGetExternalRequest()).containsExactly(0, 0);
        assertThat(HexFormat.of().formatHex(PortMapMessages.natpmpMapRequest(8333, 2400)))
                .isEqualTo("0002" + "0000" + "208d" + "208d" + "00000960");
        byte[] external = HexFormat.of().parseHex("0080000000001234" + "0b16212c");
        assertThat(PortMapMessages.natpmpGetExternalResponse(external, 12))
                .isEqualTo(new PortMapMessages.NatPmpAnswer.External(0, NetAddress.parse("11.22.33.44")));
        byte[] mapped = HexFormat.of().parseHex("0082000000001234" + "208d" + "479d" + "00000960");
        assertThat(PortMapMessages.natpmpMapResponse(mapped, 16, 8333))
                .isEqualTo(new PortMapMessages.NatPmpAnswer.Mapped(0, 18333, 2400));
        assertThat(PortMapMessages.natpmpMapResponse(mapped, 16, 8334))
                .isEqualTo(new PortMapMessages.NatPmpAnswer.NotOurs("Response port doesn't match request"));
        assertThat(PortMapMessages.natpmpMapResponse(external, 12, 8333))
                .isEqualTo(new PortMapMessages.NatPmpAnswer.NotOurs("Response too small"));
        assertThat(PortMapMessages.natpmpResult(4)).isEqualTo("NO_RESOURCES (code 4)");
    }

    @Test
    void renewalFallsBetweenHalfAndFiveEighthsOfTheLifetime() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            Duration d = PortMapMessages.renewAfter(2400, rnd);
            assertThat(d).isBetween(Duration.ofSeconds(1200), Duration.ofSeconds(1500));
        }
        assertThat(PortMapMessages.lifetimeTooShort(29)).isTrue();
        assertThat(PortMapMessages.lifetimeTooShort(30)).isFalse();
        assertThat(new MappingResult(2, io.mooring.wire.netaddress.NetEndpoint.parse("192.168.1.2:8333"),
                io.mooring.wire.netaddress.NetEndpoint.parse("11.22.33.44:8333"), 2400).toString())
                .isEqualTo("pcp:11.22.33.44:8333 -> 192.168.1.2:8333 (for 2400s)");
    }
}
