package io.mooring.mapport;

import io.mooring.wire.netaddress.NetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The PCP (RFC 6887, version 2) MAP request and the NAT-PMP (RFC 6886, version 0) external-address and TCP-map
 * requests, and the checks Core applies to what comes back (common/pcp.cpp). All fields are big-endian.
 */
public final class PortMapMessages {
    private PortMapMessages() {
    }

    /** The gateway's UDP port for both protocols. */
    public static final int SERVER_PORT = 5351;
    public static final int NATPMP_VERSION = 0;
    public static final int PCP_VERSION = 2;
    /** Core's PCP_MAX_SIZE: the largest packet either protocol sends. */
    public static final int MAX_PACKET = 1100;
    /** Core's PORT_MAPPING_REANNOUNCE_PERIOD: mappings are renewed about this often. */
    public static final Duration REANNOUNCE_PERIOD = Duration.ofMinutes(20);
    /** Core's PORT_MAPPING_RETRY_PERIOD: after a failed round, try again this much later. */
    public static final Duration RETRY_PERIOD = Duration.ofMinutes(5);
    /** The lifetime asked for: twice the reannounce period, as renewal comes about halfway. */
    public static final int REQUESTED_LIFETIME = (int) REANNOUNCE_PERIOD.multipliedBy(2).toSeconds();

    private static final int NATPMP_RESPONSE = 0x80;
    private static final int NATPMP_OP_GETEXTERNAL = 0x00;
    private static final int NATPMP_OP_MAP_TCP = 0x02;
    private static final int NATPMP_RESPONSE_HDR_SIZE = 8;
    private static final int NATPMP_GETEXTERNAL_RESPONSE_SIZE = 12;
    private static final int NATPMP_MAP_RESPONSE_SIZE = 16;
    private static final int PCP_OP_MAP = 0x01;
    private static final int PCP_PROTOCOL_TCP = 6;
    private static final int PCP_HDR_SIZE = 24;
    private static final int PCP_MAP_SIZE = 36;
    /** The 12-byte nonce that ties a PCP response (and later renewals) to our request. */
    public static final int NONCE_SIZE = 12;

    public static final int RESULT_SUCCESS = 0;
    public static final int RESULT_UNSUPP_VERSION = 1;
    public static final int RESULT_NOT_AUTHORIZED = 2;
    public static final int NATPMP_RESULT_NO_RESOURCES = 4;
    public static final int PCP_RESULT_NO_RESOURCES = 8;

    private static final Map<Integer, String> NATPMP_RESULTS = Map.of(0, "SUCCESS", 1, "UNSUPP_VERSION",
            2, "NOT_AUTHORIZED", 3, "NETWORK_FAILURE", 4, "NO_RESOURCES", 5, "UNSUPP_OPCODE");
    private static final Map<Integer, String> PCP_RESULTS = Map.ofEntries(Map.entry(0, "SUCCESS"),
            Map.entry(1, "UNSUPP_VERSION"), Map.entry(2, "NOT_AUTHORIZED"), Map.entry(3, "MALFORMED_REQUEST"),
            Map.entry(4, "UNSUPP_OPCODE"), Map.entry(5, "UNSUPP_OPTION"), Map.entry(6, "MALFORMED_OPTION"),
            Map.entry(7, "NETWORK_FAILURE"), Map.entry(8, "NO_RESOURCES"), Map.entry(9, "UNSUPP_PROTOCOL"),
            Map.entry(10, "USER_EX_QUOTA"), Map.entry(11, "CANNOT_PROVIDE_EXTERNAL"), Map.entry(12, "ADDRESS_MISMATCH"),
            Map.entry(13, "EXCESSIVE_REMOTE_PEER"));

    /** Core's NATPMPResultString: {@code NO_RESOURCES (code 4)}. */
    public static String natpmpResult(int code) {
        return NATPMP_RESULTS.getOrDefault(code, "(unknown)") + " (code " + code + ")";
    }

    /** Core's PCPResultString. */
    public static String pcpResult(int code) {
        return PCP_RESULTS.getOrDefault(code, "(unknown)") + " (code " + code + ")";
    }

    // ---- PCP ----------------------------------------------------------------------------------------------------------

    /**
     * A PCP MAP request for TCP {@code port} (internal and suggested external), {@code lifetime} seconds, from
     * {@code internal} (the address toward the gateway) for {@code suggestedExternal} (the IPv4 or IPv6 wildcard for
     * IPv4 mappings; the routable IPv6 address for IPv6 pinholes). Reserved fields are zero.
     */
    public static byte[] pcpMapRequest(byte[] nonce, NetAddress internal, NetAddress suggestedExternal, int port,
                                       int lifetime) {
        if (nonce.length != NONCE_SIZE) throw new IllegalArgumentException("PCP nonce must be 12 bytes");
        byte[] r = new byte[PCP_HDR_SIZE + PCP_MAP_SIZE];
        r[0] = PCP_VERSION;
        r[1] = PCP_OP_MAP; // R bit 0: a request
        putInt(r, 4, lifetime);
        wrap(r, 8, internal);
        System.arraycopy(nonce, 0, r, PCP_HDR_SIZE, NONCE_SIZE);
        r[PCP_HDR_SIZE + 12] = PCP_PROTOCOL_TCP;
        putShort(r, PCP_HDR_SIZE + 16, port);
        putShort(r, PCP_HDR_SIZE + 18, port);
        wrap(r, PCP_HDR_SIZE + 20, suggestedExternal);
        return r;
    }

    /** What a received packet means for a PCP MAP request. */
    public sealed interface PcpAnswer {
        /** Not a response to our request (wrong size, opcode, nonce, protocol or port): keep listening. */
        record NotOurs(String why) implements PcpAnswer {
        }

        /** The gateway speaks NAT-PMP only (RFC 6887 appendix A): fall back to it. */
        record NatPmpOnly() implements PcpAnswer {
        }

        /** Our MAP response, successful or not. */
        record Map(int result, long lifetime, NetAddress external, int externalPort) implements PcpAnswer {
        }
    }

    /** Core's check_packet for PCP and the fields of a MAP response. */
    public static PcpAnswer pcpMapResponse(byte[] packet, int length, byte[] nonce, int port) {
        if (length == NATPMP_RESPONSE_HDR_SIZE && packet[0] == NATPMP_VERSION && (packet[3] & 0xff) == RESULT_UNSUPP_VERSION) {
            return new PcpAnswer.NatPmpOnly();
        }
        if (length < PCP_HDR_SIZE + PCP_MAP_SIZE) return new PcpAnswer.NotOurs("Response too small");
        if (packet[0] != PCP_VERSION || (packet[1] & 0xff) != (NATPMP_RESPONSE | PCP_OP_MAP)) {
            return new PcpAnswer.NotOurs("Response to wrong command");
        }
        if (!Arrays.equals(packet, PCP_HDR_SIZE, PCP_HDR_SIZE + NONCE_SIZE, nonce, 0, NONCE_SIZE)) {
            return new PcpAnswer.NotOurs("Mapping nonce mismatch");
        }
        if ((packet[PCP_HDR_SIZE + 12] & 0xff) != PCP_PROTOCOL_TCP || getShort(packet, PCP_HDR_SIZE + 16) != port) {
            return new PcpAnswer.NotOurs("Response protocol or port doesn't match request");
        }
        return new PcpAnswer.Map(packet[3] & 0xff, getInt(packet, 4), unwrap(packet, PCP_HDR_SIZE + 20),
                getShort(packet, PCP_HDR_SIZE + 18));
    }

    // ---- NAT-PMP ------------------------------------------------------------------------------------------------------

    /** The NAT-PMP external-address request (RFC 6886 3.2). */
    public static byte[] natpmpGetExternalRequest() {
        return new byte[] {NATPMP_VERSION, NATPMP_OP_GETEXTERNAL};
    }

    /** The NAT-PMP TCP map request (RFC 6886 3.3): same internal and suggested external port. */
    public static byte[] natpmpMapRequest(int port, int lifetime) {
        byte[] r = new byte[12];
        r[0] = NATPMP_VERSION;
        r[1] = NATPMP_OP_MAP_TCP;
        putShort(r, 4, port);
        putShort(r, 6, port);
        putInt(r, 8, lifetime);
        return r;
    }

    /** A NAT-PMP answer: {@code result} and, on success, the fields of the response. */
    public sealed interface NatPmpAnswer {
        record NotOurs(String why) implements NatPmpAnswer {
        }

        record External(int result, NetAddress address) implements NatPmpAnswer {
        }

        record Mapped(int result, int externalPort, long lifetime) implements NatPmpAnswer {
        }
    }

    public static NatPmpAnswer natpmpGetExternalResponse(byte[] packet, int length) {
        if (length < NATPMP_GETEXTERNAL_RESPONSE_SIZE) return new NatPmpAnswer.NotOurs("Response too small");
        if (packet[0] != NATPMP_VERSION || (packet[1] & 0xff) != (NATPMP_RESPONSE | NATPMP_OP_GETEXTERNAL)) {
            return new NatPmpAnswer.NotOurs("Response to wrong command");
        }
        return new NatPmpAnswer.External(getShort(packet, 2), NetAddress.ipv4(Arrays.copyOfRange(packet, 8, 12)));
    }

    public static NatPmpAnswer natpmpMapResponse(byte[] packet, int length, int port) {
        if (length < NATPMP_MAP_RESPONSE_SIZE) return new NatPmpAnswer.NotOurs("Response too small");
        if (packet[0] != NATPMP_VERSION || (packet[1] & 0xff) != (NATPMP_RESPONSE | NATPMP_OP_MAP_TCP)) {
            return new NatPmpAnswer.NotOurs("Response to wrong command");
        }
        if (getShort(packet, 8) != port) return new NatPmpAnswer.NotOurs("Response port doesn't match request");
        return new NatPmpAnswer.Mapped(getShort(packet, 2), getShort(packet, 10), getInt(packet, 12));
    }

    // ---- renewal -------------------------------------------------------------------------------------------------------

    /**
     * RFC 6887 11.2.1 as Core applies it: renew at a uniformly random time between 1/2 and 5/8 of the shortest
     * lifetime granted.
     */
    public static Duration renewAfter(long lifetimeSeconds, RandomGenerator random) {
        long min = lifetimeSeconds * 1000 / 2;
        long max = lifetimeSeconds * 5 * 1000 / 8;
        return Duration.ofMillis(min + (max > min ? random.nextLong(max - min) : 0));
    }

    /** Core refuses to schedule renewals for lifetimes under 30 s ("impossibly short"). */
    public static boolean lifetimeTooShort(long lifetimeSeconds) {
        return lifetimeSeconds < 30;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    /** RFC 6887 section 5: IPv4 addresses travel as IPv4-mapped IPv6 (::ffff:a.b.c.d). */
    private static void wrap(byte[] out, int offset, NetAddress a) {
        byte[] raw = a.bytes().toArray();
        if (a.isIPv4()) {
            out[offset + 10] = (byte) 0xff;
            out[offset + 11] = (byte) 0xff;
            System.arraycopy(raw, 0, out, offset + 12, 4);
        } else if (a.isIPv6()) {
            System.arraycopy(raw, 0, out, offset, 16);
        } else {
            throw new IllegalArgumentException("PCP carries only IPv4 and IPv6 addresses: " + a);
        }
    }

    private static NetAddress unwrap(byte[] in, int offset) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) mapped &= in[offset + i] == 0;
        mapped &= in[offset + 10] == (byte) 0xff && in[offset + 11] == (byte) 0xff;
        if (mapped) return NetAddress.ipv4(Arrays.copyOfRange(in, offset + 12, offset + 16));
        return NetAddress.ipv6(Arrays.copyOfRange(in, offset, offset + 16));
    }

    private static void putShort(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private static int getShort(byte[] b, int o) {
        return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    private static long getInt(byte[] b, int o) {
        return ((long) (b[o] & 0xff) << 24) | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }
}
