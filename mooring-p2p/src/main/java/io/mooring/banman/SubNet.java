package io.mooring.banman;

import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.Network;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Core's {@code CSubNet}, valid ones only. IPv4 and IPv6 subnets have a network address (already masked) and a
 * 16-byte netmask of which the first 4 or 16 bytes count; Tor, I2P and CJDNS subnets are single addresses (netmask
 * all zero, as Core). Ordered as Core's {@code banmap_t} ({@code std::map<CSubNet, CBanEntry>}): network, then
 * address bytes, then netmask, all unsigned.
 */
public final class SubNet implements Comparable<SubNet> {
    private static final int NETMASK_BYTES = 16;

    private final NetAddress network;
    private final byte[] netmask;

    private SubNet(NetAddress network, byte[] netmask) {
        this.network = network;
        this.netmask = netmask;
    }

    /** Core's {@code CSubNet(addr)}: {@code /32}, {@code /128}, or the single Tor, I2P or CJDNS address. */
    public static SubNet single(NetAddress address) {
        byte[] mask = new byte[NETMASK_BYTES];
        switch (address.network()) {
            case IPV4, IPV6 -> Arrays.fill(mask, 0, address.bytes().length(), (byte) 0xff);
            case TORV3, I2P, CJDNS -> { }
            case INTERNAL -> throw new IllegalArgumentException("internal addresses cannot be banned: " + address);
        }
        return new SubNet(address, mask);
    }

    /** Core's {@code CSubNet(addr, mask)} with a prefix length: IPv4 0..32, IPv6 0..128, nothing else. */
    public static SubNet cidr(NetAddress address, int prefixBits) {
        boolean ok = (address.network() == Network.IPV4 && prefixBits >= 0 && prefixBits <= 32)
                || (address.network() == Network.IPV6 && prefixBits >= 0 && prefixBits <= 128);
        if (!ok) {
            throw new IllegalArgumentException("invalid prefix /" + prefixBits + " for " + address.network());
        }
        byte[] mask = new byte[NETMASK_BYTES];
        int n = prefixBits;
        for (int i = 0; i < address.bytes().length(); i++) {
            int bits = Math.min(n, 8);
            mask[i] = (byte) (0xff << (8 - bits));
            n -= bits;
        }
        return new SubNet(masked(address, mask), mask);
    }

    /** Core's {@code CSubNet(addr, mask)} with a netmask address of the same network and contiguous one bits. */
    public static SubNet withNetmask(NetAddress address, NetAddress mask) {
        if (!(address.isIPv4() || address.isIPv6()) || address.network() != mask.network()) {
            throw new IllegalArgumentException("netmask " + mask + " does not fit " + address);
        }
        byte[] m = mask.bytes().toArray();
        boolean zerosFound = false;
        for (byte b : m) {
            int bits = netmaskBits(b & 0xff);
            if (bits == -1 || (zerosFound && bits != 0)) {
                throw new IllegalArgumentException("not a contiguous netmask: " + mask);
            }
            if (bits < 8) zerosFound = true;
        }
        byte[] full = Arrays.copyOf(m, NETMASK_BYTES);
        return new SubNet(masked(address, full), full);
    }

    /**
     * Core's {@code LookupSubNet} with CJDNS reachable: {@code 1.2.3.0/24}, {@code 1.2.3.4/255.255.255.0},
     * {@code 2001:db8::/32}, {@code [::1]}, a single address, or a single {@code .onion}/{@code .b32.i2p}/CJDNS
     * address. No DNS lookups.
     *
     * @throws IllegalArgumentException where Core's result would not be valid
     */
    public static SubNet parse(String text) {
        return parse(text, true);
    }

    /**
     * As {@link #parse(String)}; when {@code cjdnsReachable} is false an fc00::/8 text stays IPv6, as Core's
     * {@code MaybeFlipIPv6toCJDNS} (Core's default unless {@code -cjdnsreachable}).
     */
    public static SubNet parse(String text, boolean cjdnsReachable) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in subnet");
        int slash = text.lastIndexOf('/');
        NetAddress address = lookupHost(slash < 0 ? text : text.substring(0, slash));
        if (address.network() == Network.CJDNS && !cjdnsReachable) {
            address = new NetAddress(Network.IPV6, address.bytes());
        }
        if (slash < 0) return single(address);
        String maskText = text.substring(slash + 1);
        Integer prefix = parseUint8(maskText);
        if (prefix != null) return cidr(address, prefix);
        return withNetmask(address, lookupHost(maskText));
    }

    /** {@link #parse(String)} returning empty instead of throwing (Core's {@code !IsValid()}). */
    public static Optional<SubNet> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static NetAddress lookupHost(String host) {
        String h = host;
        if (h.length() >= 2 && h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.isEmpty() || h.startsWith("[")) throw new IllegalArgumentException("no address in \"" + host + "\"");
        NetAddress a = NetAddress.parse(h);
        if (a.isInternal()) throw new IllegalArgumentException("not an address: " + host);
        return a;
    }

    /** Core's {@code ToIntegral<uint8_t>}: decimal digits only, 0..255. */
    private static Integer parseUint8(String s) {
        if (s.isEmpty() || s.length() > 8) return null;
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return null;
            v = v * 10 + (c - '0');
        }
        return v <= 255 ? v : null;
    }

    private static NetAddress masked(NetAddress address, byte[] mask) {
        byte[] a = address.bytes().toArray();
        for (int i = 0; i < a.length; i++) a[i] &= mask[i];
        return new NetAddress(address.network(), Bytes.wrap(a));
    }

    private static int netmaskBits(int b) {
        return switch (b) {
            case 0x00 -> 0;
            case 0x80 -> 1;
            case 0xc0 -> 2;
            case 0xe0 -> 3;
            case 0xf0 -> 4;
            case 0xf8 -> 5;
            case 0xfc -> 6;
            case 0xfe -> 7;
            case 0xff -> 8;
            default -> -1;
        };
    }

    /** The network address (masked). */
    public NetAddress network() {
        return network;
    }

    /** Core's 16-byte netmask (all zero for Tor, I2P and CJDNS). */
    public Bytes netmask() {
        return Bytes.copyOf(netmask);
    }

    /** The prefix length for IPv4 and IPv6 (Core counts mask bits up to the first zero byte); -1 otherwise. */
    public int prefixLength() {
        if (!(network.isIPv4() || network.isIPv6())) return -1;
        int cidr = 0;
        for (int i = 0; i < network.bytes().length(); i++) {
            if (netmask[i] == 0) break;
            cidr += netmaskBits(netmask[i] & 0xff);
        }
        return cidr;
    }

    /** Core's {@code CSubNet::Match}: the address is valid, of the same network, and inside. */
    public boolean matches(NetAddress address) {
        if (!address.isValid() || address.network() != network.network()) return false;
        if (!(network.isIPv4() || network.isIPv6())) return address.equals(network);
        for (int i = 0; i < address.bytes().length(); i++) {
            if ((address.bytes().get(i) & netmask[i]) != network.bytes().get(i)) return false;
        }
        return true;
    }

    /** Core's {@code CSubNet::ToString}: {@code 1.2.3.0/24}, {@code 2001:db8::/32}, or the bare Tor/I2P/CJDNS name. */
    @Override
    public String toString() {
        int cidr = prefixLength();
        return cidr < 0 ? network.toString() : network + "/" + cidr;
    }

    @Override
    public int compareTo(SubNet o) {
        int c = Integer.compare(network.network().ordinal(), o.network.network().ordinal());
        if (c != 0) return c;
        c = Integer.compare(network.bytes().length(), o.network.bytes().length());
        if (c != 0) return c;
        c = Arrays.compareUnsigned(network.bytes().toArray(), o.network.bytes().toArray());
        if (c != 0) return c;
        return Arrays.compareUnsigned(netmask, o.netmask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubNet s && network.equals(s.network) && Arrays.equals(netmask, s.netmask);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + Arrays.hashCode(netmask);
    }
}
