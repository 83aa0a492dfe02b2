package io.mooring.netgroup;

import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.Network;

/**
 * A prefix of the 128-bit address space the asmap works on: the top {@code length} bits of {@code high ‖ low}
 * (big-endian, bits below the prefix are zero). IPv4 lives in ::ffff:0:0/96, as in Core's lookups and
 * {@code contrib/asmap/asmap.py}.
 */
public record AsmapPrefix(long high, long low, int length) implements Comparable<AsmapPrefix> {
    public static final AsmapPrefix ALL = new AsmapPrefix(0, 0, 0);

    public AsmapPrefix {
        if (length < 0 || length > 128) throw new IllegalArgumentException("prefix length " + length);
        if (length < 128) {
            long maskHigh = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
            long maskLow = length <= 64 ? 0 : -1L << (128 - length);
            if ((high & ~maskHigh) != 0 || (low & ~maskLow) != 0) {
                throw new IllegalArgumentException("bits set below the prefix length " + length);
            }
        }
    }

    /** The bit at {@code index} (0 = most significant) of a 16-byte address. */
    static int bit(byte[] ip16, int index) {
        return (ip16[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    /** This prefix extended by one bit. */
    AsmapPrefix child(int bit) {
        if (length >= 128) throw new IllegalStateException("prefix already 128 bits");
        if (bit == 0) return new AsmapPrefix(high, low, length + 1);
        if (length < 64) return new AsmapPrefix(high | (1L << (63 - length)), low, length + 1);
        return new AsmapPrefix(high, low | (1L << (127 - length)), length + 1);
    }

    /** Whether the 16-byte address starts with this prefix. */
    public boolean contains(byte[] ip16) {
        if (ip16.length != 16) throw new IllegalArgumentException("need 16 bytes, got " + ip16.length);
        for (int i = 0; i < length; i++) {
            int mine = (int) (i < 64 ? high >>> (63 - i) : low >>> (127 - i)) & 1;
            if (mine != bit(ip16, i)) return false;
        }
        return true;
    }

    /** Within ::ffff:0:0/96, so printed as an IPv4 network. */
    public boolean isIPv4() {
        return length >= 96 && high == 0 && (low >>> 32) == 0xffffL;
    }

    /** The first address of the prefix, 16 bytes. */
    public byte[] toBytes() {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (high >>> (56 - 8 * i));
            a[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return a;
    }

    /** CIDR text as {@code asmap-tool.py} prints it: {@code 1.2.3.0/24}, {@code 2001:4860::/32}. */
    @Override
    public String toString() {
        if (isIPv4()) {
            int v4 = (int) low;
            return ((v4 >>> 24) & 0xff) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff)
                    + "/" + (length - 96);
        }
        // Built directly (not through NetAddress.ipv6) so that no prefix is reinterpreted as IPv4/TorV2/internal.
        return new NetAddress(Network.IPV6, Bytes.wrap(toBytes())) + "/" + length;
    }

    @Override
    public int compareTo(AsmapPrefix o) {
        int c = Long.compareUnsigned(high, o.high);
        if (c != 0) return c;
        c = Long.compareUnsigned(low, o.low);
        return c != 0 ? c : Integer.compare(length, o.length);
    }
}
