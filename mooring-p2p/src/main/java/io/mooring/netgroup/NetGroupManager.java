package io.mooring.netgroup;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.netaddress.NetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Core's {@code NetGroupManager} ({@code src/netgroup.cpp}) with the address classification it relies on from
 * {@code src/netaddress.cpp} ({@code GetNetClass}, {@code HasLinkedIPv4}, {@code GetLinkedIPv4}). Immutable.
 */
public final class NetGroupManager {
    /** Core's {@code enum Network} values as used in group bytes ({@code GetNetClass}). */
    public static final int NET_UNROUTABLE = 0;
    public static final int NET_IPV4 = 1;
    public static final int NET_IPV6 = 2;
    public static final int NET_ONION = 3;
    public static final int NET_I2P = 4;
    public static final int NET_CJDNS = 5;
    public static final int NET_INTERNAL = 6;

    /** Core's {@code enum Network} value of a network (the m_net ids the group and relay hashes use). */
    public static int coreNetworkId(io.mooring.wire.netaddress.Network n) {
        return switch (n) {
            case IPV4 -> NET_IPV4;
            case IPV6 -> NET_IPV6;
            case TORV3 -> NET_ONION;
            case I2P -> NET_I2P;
            case CJDNS -> NET_CJDNS;
            case INTERNAL -> NET_INTERNAL;
        };
    }

    private static final NetGroupManager NO_ASMAP = new NetGroupManager(null, false);

    private final Asmap asmap;
    private final boolean routableLoopback;

    private NetGroupManager(Asmap asmap, boolean routableLoopback) {
        this.asmap = asmap;
        this.routableLoopback = routableLoopback;
    }

    /**
     * This manager with Mooring's regtest-only -regtestroutableloopback on or off: when on, 127.0.0.0/8 is routable
     * ({@link #isRoutable(NetAddress)}) and each loopback address and port is its own group
     * ({@link #group(NetAddress, int)}), so twenty nodes on 127.0.0.x:port look like twenty networks.
     */
    public NetGroupManager withRoutableLoopback(boolean on) {
        return on == routableLoopback ? this : new NetGroupManager(asmap, on);
    }

    /** Core's {@code NetGroupManager::NoAsmap()}: /16 and /32 groups ("Using /16 prefix for IP bucketing"). */
    public static NetGroupManager noAsmap() {
        return NO_ASMAP;
    }

    /** AS-based groups for clearnet addresses ("Using asmap version %s for IP bucketing"). */
    public static NetGroupManager withAsmap(Asmap asmap) {
        return new NetGroupManager(Objects.requireNonNull(asmap, "asmap"), false);
    }

    /** Core's {@code UsingASMap()}. */
    public boolean usingAsmap() {
        return asmap != null;
    }

    public Optional<Asmap> asmap() {
        return Optional.ofNullable(asmap);
    }

    /** Core's {@code GetAsmapVersion()}: the map's {@link Asmap#checksum()}, or all zero without a map. */
    public Hash256 asmapVersion() {
        return asmap == null ? Hash256.ZERO : asmap.checksum();
    }

    // ------------------------------------------------------------------------------------------------ classification

    /**
     * Core's {@code IsRoutable}, widened by Mooring's regtest-only -regtestroutableloopback: with
     * {@code routableLoopback}, IPv4 127.0.0.0/8 counts as routable too, so that a test network of nodes on
     * 127.0.0.x behaves as a public one (addresses stored, relayed and answered to getaddr).
     */
    public static boolean isRoutable(NetAddress a, boolean routableLoopback) {
        return a.isRoutable() || (routableLoopback && isLoopbackV4(a));
    }

    /** This manager's routability rule ({@link #isRoutable(NetAddress, boolean)} with its loopback flag). */
    public boolean isRoutable(NetAddress a) {
        return isRoutable(a, routableLoopback);
    }

    /** Whether this manager treats 127.0.0.0/8 as routable (-regtestroutableloopback). */
    public boolean routableLoopback() {
        return routableLoopback;
    }

    private static boolean isLoopbackV4(NetAddress a) {
        return a.isIPv4() && (a.bytes().get(0) & 0xff) == 127;
    }

    /**
     * Core's {@code HasLinkedIPv4}: routable and IPv4, or IPv6 that embeds an IPv4 address (SIIT ::ffff:0:0:0/96,
     * NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32).
     */
    public static boolean hasLinkedIPv4(NetAddress a) {
        return a.isRoutable() && (a.isIPv4() || a.isRFC6145() || a.isRFC6052() || a.isRFC3964() || a.isRFC4380());
    }

    /**
     * Core's {@code GetLinkedIPv4} as a big-endian int: the address itself, the last 4 bytes (SIIT, NAT64), bytes 2..5
     * (6to4), or the inverted last 4 bytes (Teredo).
     *
     * @throws IllegalArgumentException when the address embeds no IPv4 address (Core asserts)
     */
    public static int linkedIPv4(NetAddress a) {
        byte[] b = a.bytes().toArray();
        if (a.isIPv4()) return readBE32(b, 0);
        if (a.isRFC6052() || a.isRFC6145()) return readBE32(b, 12);
        if (a.isRFC3964()) return readBE32(b, 2);
        if (a.isRFC4380()) return ~readBE32(b, 12);
        throw new IllegalArgumentException("no linked IPv4 address in " + a);
    }

    /**
     * Core's {@code GetNetClass}: {@link #NET_INTERNAL} for internal addresses, {@link #NET_UNROUTABLE} for any other
     * unroutable one, {@link #NET_IPV4} for anything with a linked IPv4 address, else the address's own network.
     */
    public static int netClass(NetAddress a) {
        if (a.isInternal()) return NET_INTERNAL;
        if (!a.isRoutable()) return NET_UNROUTABLE;
        if (hasLinkedIPv4(a)) return NET_IPV4;
        return switch (a.network()) {
            case IPV4 -> NET_IPV4;
            case IPV6 -> NET_IPV6;
            case TORV3 -> NET_ONION;
            case I2P -> NET_I2P;
            case CJDNS -> NET_CJDNS;
            case INTERNAL -> NET_INTERNAL;
        };
    }

    private static int readBE32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** Core's {@code GetAddrBytes}: the 16-byte v1 form for IPv4/IPv6/internal, the raw bytes otherwise. */
    private static byte[] addrBytes(NetAddress a) {
        return a.isAddrV1Compatible() ? a.toV1Bytes() : a.bytes().toArray();
    }

    // ------------------------------------------------------------------------------------------------ groups

    /**
     * Core's {@code GetMappedAS}: the ASN of an IPv4/IPv6-class address under the loaded map (addresses with a linked
     * IPv4 address are looked up as ::ffff:a.b.c.d of that address), 0 without a map, for other classes (Tor, I2P,
     * CJDNS, internal, unroutable), and for unmapped space.
     */
    public long mappedAs(NetAddress a) {
        int netClass = netClass(a);
        if (asmap == null || (netClass != NET_IPV4 && netClass != NET_IPV6)) return 0;
        byte[] ip;
        if (hasLinkedIPv4(a)) {
            int v4 = linkedIPv4(a);
            ip = Asmap.mappedIPv4(new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4});
        } else {
            ip = a.bytes().toArray(); // IPv6 here: class IPv6 implies network IPv6
        }
        return asmap.lookup(ip);
    }

    /**
     * Core's {@code GetGroup}: the bytes addrman buckets, outbound diversity and eviction key on.
     *
     * <ul>
     *   <li>mapped AS (non-zero): [NET_IPV6] ‖ ASN as 4 bytes little-endian, so IPv4 and IPv6 of one AS share a group;
     *   <li>local: [0]; internal: [6] ‖ the 10 internal bytes; other unroutable: [0];
     *   <li>linked IPv4 a.b.c.d (IPv4, SIIT, NAT64, 6to4, Teredo): [1, a, b];
     *   <li>Tor, I2P: [class, first byte | 0x0F]; CJDNS: [5, 0xFC, second byte | 0x0F];
     *   <li>he.net 2001:470::/32: [2] ‖ 4 bytes ‖ (5th byte | 0x0F); other IPv6: [2] ‖ first 4 bytes.
     * </ul>
     */
    public Bytes group(NetAddress a) {
        long asn = mappedAs(a);
        if (asn != 0) {
            return Bytes.wrap(new byte[] {NET_IPV6, (byte) asn, (byte) (asn >>> 8), (byte) (asn >>> 16),
                (byte) (asn >>> 24)});
        }
        int netClass = netClass(a);
        int startByte = 0;
        int bits = 0;
        if (a.isLocal()) {
            // all local addresses belong to the same group
        } else if (a.isInternal()) {
            startByte = 6; // skip the fd6b:88c0:8724::/48 prefix of the v1 form
            bits = 10 * 8;
        } else if (!a.isRoutable()) {
            // all other unroutable addresses belong to the same group
        } else if (hasLinkedIPv4(a)) {
            int v4 = linkedIPv4(a);
            return Bytes.wrap(new byte[] {(byte) netClass, (byte) (v4 >>> 24), (byte) (v4 >>> 16)});
        } else if (a.isTor() || a.isI2P()) {
            bits = 4;
        } else if (a.isCJDNS()) {
            bits = 12;
        } else if (a.isHeNet()) {
            bits = 36;
        } else {
            bits = 32;
        }
        byte[] addr = addrBytes(a);
        int numBytes = bits / 8;
        int rest = bits % 8;
        byte[] out = new byte[1 + numBytes + (rest > 0 ? 1 : 0)];
        out[0] = (byte) netClass;
        System.arraycopy(addr, startByte, out, 1, numBytes);
        if (rest > 0) out[1 + numBytes] = (byte) (addr[startByte + numBytes] | ((1 << (8 - rest)) - 1));
        return Bytes.wrap(out);
    }

    /**
     * {@link #group(NetAddress)} for an address with its port: the same bytes, except that with routable loopback an
     * IPv4 127.0.0.0/8 address is grouped by address and port ([NET_IPV4] ‖ 4 address bytes ‖ port big-endian), as
     * if every local test node were on its own network.
     */
    public Bytes group(NetAddress a, int port) {
        if (routableLoopback && isLoopbackV4(a)) {
            byte[] ip = a.bytes().toArray();
            return Bytes.wrap(new byte[] {NET_IPV4, ip[0], ip[1], ip[2], ip[3], (byte) (port >>> 8), (byte) port});
        }
        return group(a);
    }

    // ------------------------------------------------------------------------------------------------ health check

    /** The counts of Core's ASMap health check log line. */
    public record HealthCheck(int clearnetPeers, int asns, int unmapped) {
        /** Core's LogInfo text (without the trailing newline). */
        public String logLine() {
            return "ASMap Health Check: " + clearnetPeers + " clearnet peers are mapped to " + asns
                    + " ASNs with " + unmapped + " peers being unmapped";
        }
    }

    /**
     * Core's {@code ASMapHealthCheck} over the clearnet (IPv4/IPv6) addresses addrman holds: how many there are, how
     * many distinct non-zero ASNs they map to, how many map to 0. The caller logs {@link HealthCheck#logLine()}.
     */
    public HealthCheck healthCheck(Collection<NetAddress> clearnetAddresses) {
        Set<Long> asns = new HashSet<>();
        int unmapped = 0;
        for (NetAddress a : clearnetAddresses) {
            long asn = mappedAs(a);
            if (asn == 0) unmapped++;
            else asns.add(asn);
        }
        return new HealthCheck(clearnetAddresses.size(), asns.size(), unmapped);
    }
}
