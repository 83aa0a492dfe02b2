package io.mooring.wire.netaddress;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A network address without a port: Core's {@code CNetAddr}. {@code bytes} holds exactly
 * {@link Network#addressLength()} bytes (IPv4 4, IPv6 16, TorV3 public key 32, I2P hash 32, CJDNS 16, internal 10).
 *
 * <h2>Invalid and skipped addresses</h2>
 * Core turns every address it cannot use into a default {@code CNetAddr} (IPv6 {@code ::}, {@code !IsValid()}) and
 * keeps parsing. Here:
 * <ul>
 *   <li>{@link #readBip155} returns {@code null} for an entry to skip: an unknown network id, TorV2 (id 3), or an
 *       IPv6 payload carrying the IPv4-mapped or TorV2 (OnionCat) prefix. The bytes are consumed.</li>
 *   <li>{@link #readV1} never returns null: the TorV2 prefix decodes to {@link #UNSPECIFIED} ({@code ::}), exactly
 *       as Core, so a v1 {@code addr} entry or a {@code version} message's address is always an object and the
 *       caller skips it by {@link #isValid()} (which {@code ::} fails).</li>
 *   <li>Addresses that decode but are unusable (CJDNS outside fc00::/8, {@code ::}, 0.0.0.0, 2001:db8::/32,
 *       internal) are returned and fail {@link #isValid()}, as in Core.</li>
 * </ul>
 * The canonical constructor checks only the length. A hand-made IPV6 value carrying the IPv4-mapped, TorV2 or
 * internal prefix (which no decoder or factory produces) reports {@code isValid() == false}.
 */
public record NetAddress(Network network, Bytes bytes) {
    /** BIP155: the longest address payload accepted for any network id (Core's MAX_ADDRV2_SIZE). */
    public static final int MAX_BIP155_ADDRESS_LENGTH = 512;

    /** ::ffff:0:0/96, IPv4 addresses in the v1 (16-byte) encoding. */
    static final byte[] IPV4_IN_IPV6_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    /** fd87:d87e:eb43::/48, OnionCat: TorV2 addresses in the v1 encoding (no longer supported). */
    static final byte[] TORV2_IN_IPV6_PREFIX = {(byte) 0xfd, (byte) 0x87, (byte) 0xd8, 0x7e, (byte) 0xeb, 0x43};
    /** fd6b:88c0:8724::/48 = 0xfd ‖ SHA256("bitcoin")[0:5], internal addresses in the v1 encoding. */
    static final byte[] INTERNAL_IN_IPV6_PREFIX = {(byte) 0xfd, 0x6b, (byte) 0x88, (byte) 0xc0, (byte) 0x87, 0x24};

    /** Core's default CNetAddr: IPv6 {@code ::}. Not valid; stands for "no address" and for TorV2 read as v1. */
    public static final NetAddress UNSPECIFIED = new NetAddress(Network.IPV6, Bytes.wrap(new byte[16]));

    private static final int V1_LENGTH = 16;
    private static final byte[] ZERO_V1 = new byte[V1_LENGTH];
    private static final byte[] ONION_CHECKSUM_PREFIX = ".onion checksum".getBytes(StandardCharsets.US_ASCII);
    private static final byte TORV3_VERSION = 3;
    private static final ThreadLocal<MessageDigest> SHA3_256 = ThreadLocal.withInitial(() -> Hashes.newDigest("SHA3-256"));

    public NetAddress {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length() != network.addressLength()) {
            throw new IllegalArgumentException(network + " address needs " + network.addressLength() + " bytes, got "
                    + bytes.length());
        }
    }

    // ---------------------------------------------------------------------------------------------- factories

    public static NetAddress ipv4(byte[] address) {
        return new NetAddress(Network.IPV4, Bytes.copyOf(checkLength(address, 4, "IPv4")));
    }

    /**
     * A 16-byte address as Core's {@code SetLegacyIPv6}: ::ffff:a.b.c.d becomes {@link Network#IPV4},
     * fd6b:88c0:8724::/48 becomes {@link Network#INTERNAL}, the TorV2 prefix fd87:d87e:eb43::/48 becomes
     * {@link #UNSPECIFIED}; anything else is {@link Network#IPV6} (fc00::/8 included; see {@link #parse}).
     */
    public static NetAddress ipv6(byte[] address) {
        checkLength(address, 16, "IPv6");
        if (hasPrefix(address, IPV4_IN_IPV6_PREFIX)) {
            return new NetAddress(Network.IPV4, Bytes.copyOf(address, 12, 4));
        }
        if (hasPrefix(address, TORV2_IN_IPV6_PREFIX)) {
            return UNSPECIFIED;
        }
        if (hasPrefix(address, INTERNAL_IN_IPV6_PREFIX)) {
            return new NetAddress(Network.INTERNAL, Bytes.copyOf(address, 6, 10));
        }
        return new NetAddress(Network.IPV6, Bytes.copyOf(address));
    }

    /** A Tor v3 onion service from its 32-byte ed25519 public key. */
    public static NetAddress torV3(byte[] pubkey) {
        return new NetAddress(Network.TORV3, Bytes.copyOf(checkLength(pubkey, 32, "TorV3")));
    }

    /** An I2P destination from the 32-byte SHA-256 of its destination (the part before {@code .b32.i2p}). */
    public static NetAddress i2p(byte[] hash) {
        return new NetAddress(Network.I2P, Bytes.copyOf(checkLength(hash, 32, "I2P")));
    }

    /** A CJDNS address; not {@link #isValid()} unless it is in fc00::/8. */
    public static NetAddress cjdns(byte[] address) {
        return new NetAddress(Network.CJDNS, Bytes.copyOf(checkLength(address, 16, "CJDNS")));
    }

    /** Core's {@code SetInternal(name)}: the first 10 bytes of SHA-256 of the UTF-8 name. */
    public static NetAddress internal(String name) {
        byte[] hash = Hashes.sha256(name.getBytes(StandardCharsets.UTF_8));
        return new NetAddress(Network.INTERNAL, Bytes.copyOf(hash, 0, 10));
    }

    /** From a JDK address without any lookup; IPv6 goes through {@link #ipv6(byte[])}, the scope id is dropped. */
    public static NetAddress fromInetAddress(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet4Address) return ipv4(address.getAddress());
        if (address instanceof Inet6Address) return ipv6(address.getAddress());
        throw new IllegalArgumentException("unsupported address type " + address.getClass().getName());
    }

    /**
     * The JDK address for IPv4, IPv6 and CJDNS (an IPv6 socket address). No lookup happens.
     *
     * @throws IllegalStateException for TorV3, I2P and internal addresses, which have no IP form
     */
    public InetAddress toInetAddress() {
        if (network != Network.IPV4 && network != Network.IPV6 && network != Network.CJDNS) {
            throw new IllegalStateException(network + " address has no InetAddress form: " + this);
        }
        try {
            return InetAddress.getByAddress(bytes.toArray());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which the constructor excludes
        }
    }

    private static byte[] checkLength(byte[] address, int length, String what) {
        Objects.requireNonNull(address, what);
        if (address.length != length) {
            throw new IllegalArgumentException(what + " address needs " + length + " bytes, got " + address.length);
        }
        return address;
    }

    // ---------------------------------------------------------------------------------------------- predicates

    /** The IPv4 network. */
    public boolean isIPv4() {
        return network == Network.IPV4;
    }

    /** The IPv6 network (CJDNS and internal are not IPv6, as in Core). */
    public boolean isIPv6() {
        return network == Network.IPV6;
    }

    /** A Tor (v3) onion service. */
    public boolean isTor() {
        return network == Network.TORV3;
    }

    /** An I2P destination. */
    public boolean isI2P() {
        return network == Network.I2P;
    }

    /** The CJDNS network. */
    public boolean isCJDNS() {
        return network == Network.CJDNS;
    }

    /** Core's NET_INTERNAL pseudo-address. */
    public boolean isInternal() {
        return network == Network.INTERNAL;
    }

    private int u(int i) {
        return bytes.get(i) & 0xff;
    }

    private boolean startsWith(int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (u(i) != prefix[i]) return false;
        }
        return true;
    }

    /** RFC 1918 private IPv4: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
    public boolean isRFC1918() {
        return isIPv4() && (u(0) == 10 || (u(0) == 192 && u(1) == 168) || (u(0) == 172 && u(1) >= 16 && u(1) <= 31));
    }

    /** RFC 2544 IPv4 benchmarking: 198.18.0.0/15. */
    public boolean isRFC2544() {
        return isIPv4() && u(0) == 198 && (u(1) == 18 || u(1) == 19);
    }

    /** RFC 3927 IPv4 link-local: 169.254.0.0/16. */
    public boolean isRFC3927() {
        return isIPv4() && u(0) == 169 && u(1) == 254;
    }

    /** RFC 6598 IPv4 shared address space (carrier-grade NAT): 100.64.0.0/10. */
    public boolean isRFC6598() {
        return isIPv4() && u(0) == 100 && u(1) >= 64 && u(1) <= 127;
    }

    /** RFC 5737 IPv4 documentation: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24. */
    public boolean isRFC5737() {
        return isIPv4() && (startsWith(192, 0, 2) || startsWith(198, 51, 100) || startsWith(203, 0, 113));
    }

    /** RFC 3849 IPv6 documentation: 2001:db8::/32. */
    public boolean isRFC3849() {
        return isIPv6() && startsWith(0x20, 0x01, 0x0d, 0xb8);
    }

    /** RFC 3964 IPv6 6to4 tunnelling: 2002::/16. */
    public boolean isRFC3964() {
        return isIPv6() && startsWith(0x20, 0x02);
    }

    /** RFC 6052 IPv6 well-known prefix for IPv4-embedded addresses (NAT64): 64:ff9b::/96. */
    public boolean isRFC6052() {
        return isIPv6() && startsWith(0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** RFC 4380 IPv6 Teredo tunnelling: 2001::/32. */
    public boolean isRFC4380() {
        return isIPv6() && startsWith(0x20, 0x01, 0x00, 0x00);
    }

    /** RFC 4862 IPv6 autoconfiguration (link-local): fe80::/64. */
    public boolean isRFC4862() {
        return isIPv6() && startsWith(0xfe, 0x80, 0, 0, 0, 0, 0, 0);
    }

    /** RFC 4193 IPv6 unique local: fc00::/7. */
    public boolean isRFC4193() {
        return isIPv6() && (u(0) & 0xfe) == 0xfc;
    }

    /** RFC 6145 IPv6 IPv4-translated (SIIT): ::ffff:0:0:0/96. */
    public boolean isRFC6145() {
        return isIPv6() && startsWith(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0);
    }

    /** RFC 4843 IPv6 ORCHID (deprecated): 2001:10::/28. */
    public boolean isRFC4843() {
        return isIPv6() && startsWith(0x20, 0x01, 0x00) && (u(3) & 0xf0) == 0x10;
    }

    /** RFC 7343 IPv6 ORCHIDv2: 2001:20::/28. */
    public boolean isRFC7343() {
        return isIPv6() && startsWith(0x20, 0x01, 0x00) && (u(3) & 0xf0) == 0x20;
    }

    /** Hurricane Electric IPv6 tunnel broker space: 2001:470::/32 (not an RFC range; Core's IsHeNet). */
    public boolean isHeNet() {
        return isIPv6() && startsWith(0x20, 0x01, 0x04, 0x70);
    }

    /** Loopback: IPv4 127.0.0.0/8 and 0.0.0.0/8 (RFC 1122), IPv6 ::1/128 (RFC 4291). */
    public boolean isLocal() {
        if (isIPv4()) return u(0) == 127 || u(0) == 0;
        return isIPv6() && startsWith(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    /**
     * Could refer to a real host (Core's IsValid): not IPv6 :: (RFC 4291 unspecified), not CJDNS outside fc00::/8,
     * not 2001:db8::/32 (RFC 3849), not internal, not IPv4 0.0.0.0 or 255.255.255.255 (RFC 919 broadcast).
     * Also false for a hand-made IPV6 value with the ::ffff:0:0/96, fd87:d87e:eb43::/48 or internal prefix, which
     * Core cannot represent as IPv6.
     */
    public boolean isValid() {
        switch (network) {
            case IPV6 -> {
                byte[] a = bytes.toArray();
                if (Arrays.equals(a, new byte[16])) return false;
                if (hasPrefix(a, IPV4_IN_IPV6_PREFIX) || hasPrefix(a, TORV2_IN_IPV6_PREFIX)
                        || hasPrefix(a, INTERNAL_IN_IPV6_PREFIX)) {
                    return false;
                }
                return !isRFC3849();
            }
            case CJDNS -> {
                return u(0) == 0xfc;
            }
            case INTERNAL -> {
                return false;
            }
            case IPV4 -> {
                boolean any = startsWith(0, 0, 0, 0);
                boolean none = startsWith(255, 255, 255, 255);
                return !any && !none;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * Publicly routable (Core's IsRoutable): valid and not in RFC 1918, 2544, 3927, 4862, 6598, 5737, 4193, 4843,
     * 7343, not local, not internal. Tor, I2P and CJDNS (fc00::/8) addresses are routable.
     */
    public boolean isRoutable() {
        return isValid() && !(isRFC1918() || isRFC2544() || isRFC3927() || isRFC4862() || isRFC6598() || isRFC5737()
                || isRFC4193() || isRFC4843() || isRFC7343() || isLocal() || isInternal());
    }

    /** Can be sent to a peer that speaks only v1 {@code addr} (IPv4, IPv6, internal); Tor, I2P, CJDNS cannot. */
    public boolean isAddrV1Compatible() {
        return network == Network.IPV4 || network == Network.IPV6 || network == Network.INTERNAL;
    }

    // ---------------------------------------------------------------------------------------------- BIP155

    /**
     * Reads a BIP155 address: network id (uint8), CompactSize length, bytes.
     *
     * @return the address, or {@code null} when the entry must be skipped (unknown id, TorV2, IPv6 payload with the
     *     IPv4-mapped or TorV2 prefix); its bytes are consumed either way. An IPv6 payload with the internal
     *     prefix fd6b:88c0:8724::/48 decodes to {@link Network#INTERNAL}, as Core.
     * @throws ProtocolException BAD_ADDRESS_LENGTH for a length above 512 or a known id with the wrong length;
     *     TRUNCATED; NON_CANONICAL_COMPACT_SIZE
     */
    public static NetAddress readBip155(WireReader r) throws ProtocolException {
        int id = r.readU8();
        long length = r.readCompactSize(false);
        if (Long.compareUnsigned(length, MAX_BIP155_ADDRESS_LENGTH) > 0) {
            throw new ProtocolException(ProtocolError.BAD_ADDRESS_LENGTH,
                    "Address too long: " + Long.toUnsignedString(length) + " > " + MAX_BIP155_ADDRESS_LENGTH);
        }
        Network net = Network.fromBip155Id(id);
        if (net == null) {
            r.skip((int) length);
            return null;
        }
        if (length != net.addressLength()) {
            throw new ProtocolException(ProtocolError.BAD_ADDRESS_LENGTH, "BIP155 " + coreName(net)
                    + " address with length " + length + " (should be " + net.addressLength() + ")");
        }
        byte[] a = r.readByteArray((int) length);
        if (net == Network.IPV6) {
            if (hasPrefix(a, INTERNAL_IN_IPV6_PREFIX)) {
                return new NetAddress(Network.INTERNAL, Bytes.copyOf(a, 6, 10));
            }
            if (hasPrefix(a, IPV4_IN_IPV6_PREFIX) || hasPrefix(a, TORV2_IN_IPV6_PREFIX)) {
                return null;
            }
        }
        return new NetAddress(net, Bytes.wrap(a));
    }

    /** The network's name in Core's exception texts. */
    private static String coreName(Network net) {
        return switch (net) {
            case IPV4 -> "IPv4";
            case IPV6 -> "IPv6";
            case TORV3 -> "TORv3";
            default -> net.name();
        };
    }

    /** Writes the BIP155 form; an internal address goes out as IPv6 (id 2) with the fd6b:88c0:8724::/48 prefix. */
    public void writeBip155(WireWriter w) {
        if (network == Network.INTERNAL) {
            w.writeU8(Network.IPV6.bip155Id()).writeCompactSize(V1_LENGTH);
            w.writeBytes(INTERNAL_IN_IPV6_PREFIX).writeBytes(bytes);
            return;
        }
        w.writeU8(network.bip155Id()).writeCompactSize(bytes.length()).writeBytes(bytes);
    }

    // ---------------------------------------------------------------------------------------------- v1

    /**
     * Reads the 16-byte v1 form as Core's SetLegacyIPv6 (see {@link #ipv6(byte[])}). Never null: the TorV2 prefix
     * reads as {@link #UNSPECIFIED}, which fails {@link #isValid()}, so callers skip it like any invalid address.
     */
    public static NetAddress readV1(WireReader r) throws ProtocolException {
        // Same result as ipv6(r.readByteArray(16)), with one copy out of the input instead of two: the prefix is
        // checked in place and only the address part is copied; :: (unset addresses in version) is the constant.
        int p = r.position();
        r.skip(V1_LENGTH);
        byte[] in = r.array();
        if (Arrays.equals(in, p, p + 12, IPV4_IN_IPV6_PREFIX, 0, 12)) {
            return new NetAddress(Network.IPV4, Bytes.copyOf(in, p + 12, 4));
        }
        if (Arrays.equals(in, p, p + 6, TORV2_IN_IPV6_PREFIX, 0, 6)) {
            return UNSPECIFIED;
        }
        if (Arrays.equals(in, p, p + 6, INTERNAL_IN_IPV6_PREFIX, 0, 6)) {
            return new NetAddress(Network.INTERNAL, Bytes.copyOf(in, p + 6, 10));
        }
        if (Arrays.equals(in, p, p + V1_LENGTH, ZERO_V1, 0, V1_LENGTH)) {
            return UNSPECIFIED;
        }
        return new NetAddress(Network.IPV6, Bytes.copyOf(in, p, V1_LENGTH));
    }

    /**
     * Writes the 16-byte v1 form: IPv4 as ::ffff:a.b.c.d, internal as fd6b:88c0:8724::/48 + 10 bytes, IPv6 as is;
     * Tor, I2P and CJDNS as 16 zero bytes, as Core (lossy: check {@link #isAddrV1Compatible()} first).
     */
    public void writeV1(WireWriter w) {
        switch (network) {
            case IPV4 -> w.writeBytes(IPV4_IN_IPV6_PREFIX).writeBytes(bytes);
            case IPV6 -> w.writeBytes(bytes);
            case INTERNAL -> w.writeBytes(INTERNAL_IN_IPV6_PREFIX).writeBytes(bytes);
            default -> w.writeBytes(ZERO_V1);
        }
    }

    /** The 16-byte v1 form as an array (see {@link #writeV1}). */
    public byte[] toV1Bytes() {
        WireWriter w = new WireWriter(V1_LENGTH);
        writeV1(w);
        return w.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------- text

    /**
     * Core's ToStringAddr: {@code 1.2.3.4}; IPv6 and CJDNS compressed per RFC 5952 in lower case;
     * {@code <56 base32>.onion}; {@code <52 base32>.b32.i2p}; {@code <16 base32>.internal}.
     */
    @Override
    public String toString() {
        byte[] a = bytes.toArray();
        return switch (network) {
            case IPV4 -> u(0) + "." + u(1) + "." + u(2) + "." + u(3);
            case IPV6, CJDNS -> ipv6ToString(a);
            case TORV3 -> Base32.encode(onionPayload(a), ".onion");
            case I2P -> Base32.encode(a, ".b32.i2p");
            case INTERNAL -> Base32.encode(a, ".internal");
        };
    }

    /**
     * Parses the forms {@link #toString()} prints. IPv6 may be bracketed; an IPv6 text in fc00::/8 becomes
     * {@link Network#CJDNS} (as Core's seed lists and generate-seeds.py classify them), ::ffff:a.b.c.d becomes
     * IPv4, fd6b:88c0:8724::/48 becomes internal. Onion names must be v3 with a correct checksum and version;
     * letters are case-insensitive. Never performs a DNS lookup: a host name is rejected.
     *
     * @throws IllegalArgumentException with a description of what is wrong
     */
    public static NetAddress parse(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) throw new IllegalArgumentException("empty address");
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".onion")) return parseOnion(host, host.substring(0, host.length() - 6));
        if (lower.endsWith(".b32.i2p")) return parseI2p(host, host.substring(0, host.length() - 8));
        if (lower.endsWith(".internal")) return parseInternal(host, host.substring(0, host.length() - 9));
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            String inner = host;
            if (host.startsWith("[")) {
                if (!host.endsWith("]")) throw new IllegalArgumentException("unclosed bracket in " + quote(host));
                inner = host.substring(1, host.length() - 1);
            }
            byte[] a = parseIPv6(inner, host);
            if (hasPrefix(a, TORV2_IN_IPV6_PREFIX)) {
                throw new IllegalArgumentException("TorV2 (OnionCat fd87:d87e:eb43::/48) addresses are not supported: "
                        + quote(host));
            }
            if ((a[0] & 0xff) == 0xfc) return new NetAddress(Network.CJDNS, Bytes.wrap(a));
            return ipv6(a);
        }
        byte[] v4 = parseIPv4(host);
        if (v4 == null) {
            throw new IllegalArgumentException("not a numeric IPv4/IPv6 address, .onion, .b32.i2p or .internal name"
                    + " (no DNS lookups): " + quote(host));
        }
        return new NetAddress(Network.IPV4, Bytes.wrap(v4));
    }

    private static String quote(String s) {
        String shown = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return "\"" + shown + "\"";
    }

    private static NetAddress parseOnion(String host, String b32) {
        if (b32.length() == 16) {
            throw new IllegalArgumentException("TorV2 onion addresses are no longer supported: " + quote(host));
        }
        if (b32.length() != 56) {
            throw new IllegalArgumentException("a v3 onion name has 56 base32 characters, got " + b32.length() + ": "
                    + quote(host));
        }
        byte[] raw = Base32.decode(b32);
        if (raw == null) throw new IllegalArgumentException("invalid base32 in onion name " + quote(host));
        if (raw[34] != TORV3_VERSION) {
            throw new IllegalArgumentException("onion name has version " + (raw[34] & 0xff) + ", expected 3: "
                    + quote(host));
        }
        byte[] pubkey = Arrays.copyOf(raw, 32);
        byte[] sum = onionChecksum(pubkey);
        if (raw[32] != sum[0] || raw[33] != sum[1]) {
            throw new IllegalArgumentException("onion name checksum mismatch: " + quote(host));
        }
        return new NetAddress(Network.TORV3, Bytes.wrap(pubkey));
    }

    private static NetAddress parseI2p(String host, String b32) {
        if (b32.length() != 52) {
            throw new IllegalArgumentException("an I2P .b32.i2p name has 52 base32 characters, got " + b32.length()
                    + ": " + quote(host));
        }
        byte[] raw = Base32.decode(b32);
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("invalid base32 in I2P name " + quote(host));
        }
        return new NetAddress(Network.I2P, Bytes.wrap(raw));
    }

    private static NetAddress parseInternal(String host, String b32) {
        byte[] raw = b32.length() == 16 ? Base32.decode(b32) : null;
        if (raw == null || raw.length != 10) {
            throw new IllegalArgumentException("an internal name has 16 base32 characters: " + quote(host));
        }
        return new NetAddress(Network.INTERNAL, Bytes.wrap(raw));
    }

    /** base32 input of a v3 onion name: pubkey ‖ checksum[2] ‖ version 0x03. */
    private static byte[] onionPayload(byte[] pubkey) {
        byte[] out = Arrays.copyOf(pubkey, 35);
        byte[] sum = onionChecksum(pubkey);
        out[32] = sum[0];
        out[33] = sum[1];
        out[34] = TORV3_VERSION;
        return out;
    }

    /** The first two bytes of SHA3-256(".onion checksum" ‖ pubkey ‖ 0x03) (Tor rend-spec-v3). */
    private static byte[] onionChecksum(byte[] pubkey) {
        MessageDigest md = SHA3_256.get(); // a provider lookup per name would cost more than the hash itself
        md.reset();
        md.update(ONION_CHECKSUM_PREFIX);
        md.update(pubkey);
        md.update(TORV3_VERSION);
        return Arrays.copyOf(md.digest(), 2);
    }

    /** Strict dotted quad: four decimal parts 0..255 without leading zeros; null if {@code s} is not one. */
    static byte[] parseIPv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) return null;
            out[part++] = (byte) value;
            if (part == 4) return i == n ? out : null;
            if (i >= n || s.charAt(i) != '.') return null;
            i++;
        }
    }

    /** RFC 4291 §2.2 text (with optional trailing dotted IPv4), no zone id. */
    static byte[] parseIPv6(String s, String original) {
        if (s.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IPv6 zone ids are not supported: " + quote(original));
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            throw new IllegalArgumentException("more than one '::' in IPv6 address " + quote(original));
        }
        int[] head;
        int[] tail;
        if (dc < 0) {
            head = ipv6Groups(s, true, original);
            tail = new int[0];
            if (head.length != 8) {
                throw new IllegalArgumentException("IPv6 address needs 8 groups: " + quote(original));
            }
        } else {
            head = ipv6Groups(s.substring(0, dc), false, original);
            tail = ipv6Groups(s.substring(dc + 2), true, original);
            if (head.length + tail.length > 7) {
                throw new IllegalArgumentException("too many groups in IPv6 address " + quote(original));
            }
        }
        byte[] out = new byte[16];
        for (int g = 0; g < head.length; g++) {
            out[2 * g] = (byte) (head[g] >>> 8);
            out[2 * g + 1] = (byte) head[g];
        }
        for (int g = 0; g < tail.length; g++) {
            int at = 8 - tail.length + g;
            out[2 * at] = (byte) (tail[g] >>> 8);
            out[2 * at + 1] = (byte) tail[g];
        }
        return out;
    }

    private static int[] ipv6Groups(String part, boolean v4Allowed, String original) {
        if (part.isEmpty()) return new int[0];
        String[] tokens = part.split(":", -1);
        if (tokens.length > 8) throw new IllegalArgumentException("too many groups in IPv6 address " + quote(original));
        int[] groups = new int[tokens.length * 2];
        int g = 0;
        for (int t = 0; t < tokens.length; t++) {
            String tok = tokens[t];
            if (v4Allowed && t == tokens.length - 1 && tok.indexOf('.') >= 0) {
                byte[] v4 = parseIPv4(tok);
                if (v4 == null) {
                    throw new IllegalArgumentException("bad embedded IPv4 in IPv6 address " + quote(original));
                }
                groups[g++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[g++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (tok.isEmpty() || tok.length() > 4) {
                throw new IllegalArgumentException("bad group \"" + tok + "\" in IPv6 address " + quote(original));
            }
            int v = 0;
            for (int i = 0; i < tok.length(); i++) {
                int d = Character.digit(tok.charAt(i), 16);
                if (d < 0 || tok.charAt(i) > 'f') {
                    throw new IllegalArgumentException("bad group \"" + tok + "\" in IPv6 address " + quote(original));
                }
                v = (v << 4) | d;
            }
            groups[g++] = v;
        }
        return Arrays.copyOf(groups, g);
    }

    /** RFC 5952: lower-case hex, no leading zeros, the first longest run of >= 2 zero groups as "::". */
    static String ipv6ToString(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 0;
        int curStart = 0;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (groups[i] != 0) {
                curStart = i + 1;
                curLen = 0;
                continue;
            }
            curLen++;
            if (curLen > bestLen) {
                bestLen = curLen;
                bestStart = curStart;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestLen >= 2 && i >= bestStart && i < bestStart + bestLen) {
                if (i == bestStart) sb.append("::");
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static boolean hasPrefix(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }
}
