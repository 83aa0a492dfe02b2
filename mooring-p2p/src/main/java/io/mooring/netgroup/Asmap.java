package io.mooring.netgroup;

import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.netaddress.NetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Core's compressed IP-to-ASN map ({@code src/util/asmap.cpp}), immutable once loaded.
 *
 * <p>The file is one bit stream, read least-significant bit of each byte first. It is bytecode for a binary trie over
 * the 128 address bits (taken most-significant first): RETURN [0] asn, JUMP [1,0] offset, MATCH [1,1,0] pattern,
 * DEFAULT [1,1,1] asn, each argument in Core's variable-length class encoding. Every instance has passed Core's
 * {@code SanityCheckAsmap} for 128 input bits, so {@link #lookup(byte[])} always reaches a RETURN.
 *
 * <p>{@link #decode()} and {@link #diff(Asmap)} expand the bytecode into a trie the way {@code contrib/asmap/asmap.py}
 * does ({@code _from_binnode}, merging equal leaf siblings), so their output matches {@code asmap-tool.py decode -n}
 * and {@code asmap-tool.py diff}.
 */
public final class Asmap {
    /** Core's INVALID: a value that straddles the end of the data. */
    private static final long INVALID = 0xFFFFFFFFL;

    private static final int RETURN = 0;
    private static final int JUMP = 1;
    private static final int MATCH = 2;
    private static final int DEFAULT = 3;

    private static final int[] TYPE_BIT_SIZES = {0, 0, 1};
    private static final int[] ASN_BIT_SIZES = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH_BIT_SIZES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP_BIT_SIZES = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30};

    /** Input bits of a standard map (IPv6-sized addresses): Core's CheckStandardAsmap. */
    public static final int STANDARD_BITS = 128;

    /** ::ffff:0:0/96, the prefix under which IPv4 addresses are looked up. */
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] data;
    private volatile Trie trie;

    private Asmap(byte[] data) {
        this.data = data;
    }

    // ------------------------------------------------------------------------------------------------ loading

    /**
     * Reads and checks an asmap file, as Core's {@code DecodeAsmap} + {@code CheckStandardAsmap}.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file (Core: "Could not find asmap file")
     * @throws IOException when it cannot be read
     * @throws AsmapException when it is empty or fails the sanity check (Core: "Could not parse asmap file")
     */
    public static Asmap load(Path file) throws IOException, AsmapException {
        byte[] bytes = Files.readAllBytes(file);
        return fromBytes(bytes, "\"" + file + "\"");
    }

    /**
     * Checks and wraps asmap data (copied).
     *
     * @param source how to name the data in the exception message, e.g. a quoted path
     * @throws AsmapException when the data are empty or fail Core's sanity check for 128 input bits
     */
    public static Asmap fromBytes(byte[] bytes, String source) throws AsmapException {
        Objects.requireNonNull(bytes, "bytes");
        String reason = sanityCheckReason(bytes, STANDARD_BITS);
        if (reason != null) throw new AsmapException(source, reason);
        return new Asmap(bytes.clone());
    }

    /** The raw file bytes (a copy). */
    public byte[] toBytes() {
        return data.clone();
    }

    /** File size in bytes (Core logs "Opened asmap file ... (%d bytes) from disk"). */
    public int size() {
        return data.length;
    }

    // ------------------------------------------------------------------------------------------------ checksum

    /**
     * The asmap version current Core stores in peers.dat and logs ("Using asmap version %s for IP bucketing", shown
     * with {@link Hash256#toString()}, byte-reversed): SHA256d of the raw file bytes ({@code AsmapVersion} in
     * {@code src/util/asmap.cpp} since early 2026). For Core's {@code src/test/data/asmap.raw} it displays as
     * {@code bafc9da3…00f68895} ({@code feature_asmap.py}).
     */
    public Hash256 checksum() {
        return Hashes.sha256d(data);
    }

    /**
     * The asmap version of older Core releases (up to about Dec 2025, when the map was held as a
     * {@code std::vector<bool>}): SHA256d of CompactSize(bit count) followed by one 0x00/0x01 byte per bit, LSB-first
     * within each byte. For {@code asmap.raw} it displays as {@code fec61fa2…0aca15853}, the value older
     * {@code feature_asmap.py} expected. A peers.dat written by such a release is re-bucketed under current Core.
     */
    public Hash256 legacyChecksum() {
        MessageDigest sha = Hashes.sha256Digest();
        long bits = (long) data.length * 8;
        sha.update(compactSize(bits));
        byte[] chunk = new byte[8 * 4096];
        for (int off = 0; off < data.length; off += 4096) {
            int n = Math.min(4096, data.length - off);
            for (int i = 0; i < n; i++) {
                int b = data[off + i];
                for (int k = 0; k < 8; k++) chunk[8 * i + k] = (byte) ((b >>> k) & 1);
            }
            sha.update(chunk, 0, 8 * n);
        }
        return Hashes.finishDouble(sha);
    }

    private static byte[] compactSize(long n) {
        if (n < 0xfd) return new byte[] {(byte) n};
        if (n <= 0xffff) return new byte[] {(byte) 0xfd, (byte) n, (byte) (n >>> 8)};
        if (n <= 0xffffffffL) {
            return new byte[] {(byte) 0xfe, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
        }
        byte[] out = new byte[9];
        out[0] = (byte) 0xff;
        for (int i = 0; i < 8; i++) out[1 + i] = (byte) (n >>> (8 * i));
        return out;
    }

    // ------------------------------------------------------------------------------------------------ lookup

    /**
     * Core's {@code Interpret}: the ASN for a 16-byte address (bits most-significant first), 0 for "unmapped".
     * No routability rules apply here (see {@link NetGroupManager#mappedAs}).
     */
    public long lookup(byte[] ip16) {
        if (ip16.length != 16) throw new IllegalArgumentException("asmap lookups take 16 bytes, got " + ip16.length);
        Reader r = new Reader(data);
        int ipBit = 0;
        final int ipEnd = 128;
        long defaultAsn = 0;
        while (r.pos < r.end) {
            long opcode = r.decodeBits(0, TYPE_BIT_SIZES);
            if (opcode == RETURN) {
                long asn = r.decodeBits(1, ASN_BIT_SIZES);
                if (asn == INVALID) break;
                return asn;
            } else if (opcode == JUMP) {
                long jump = r.decodeBits(17, JUMP_BIT_SIZES);
                if (jump == INVALID) break;
                if (ipBit == ipEnd) break;
                if (jump >= r.end - r.pos) break;
                if (AsmapPrefix.bit(ip16, ipBit++) == 1) r.pos += jump;
            } else if (opcode == MATCH) {
                long match = r.decodeBits(2, MATCH_BIT_SIZES);
                if (match == INVALID) break;
                int matchLen = 63 - Long.numberOfLeadingZeros(match);
                if (ipEnd - ipBit < matchLen) break;
                for (int bit = 0; bit < matchLen; bit++) {
                    if (AsmapPrefix.bit(ip16, ipBit++) != ((match >>> (matchLen - 1 - bit)) & 1)) return defaultAsn;
                }
            } else if (opcode == DEFAULT) {
                defaultAsn = r.decodeBits(1, ASN_BIT_SIZES);
                if (defaultAsn == INVALID) break;
            } else {
                break;
            }
        }
        // Core asserts here; the sanity check at construction rules it out.
        throw new IllegalStateException("asmap interpretation ran off the end despite the sanity check");
    }

    /**
     * The ASN of an address taken as it is: IPv4 as ::ffff:a.b.c.d, IPv6 and CJDNS as their 16 bytes; 0 for Tor, I2P
     * and internal addresses. Unlike {@link NetGroupManager#mappedAs}, unroutable addresses are looked up too (a
     * filled map gives them an arbitrary neighbour's ASN) and 6to4/Teredo/NAT64 are not unwrapped.
     */
    public long lookup(NetAddress address) {
        return switch (address.network()) {
            case IPV4 -> lookup(mappedIPv4(address.bytes().toArray()));
            case IPV6, CJDNS -> lookup(address.bytes().toArray());
            default -> 0;
        };
    }

    static byte[] mappedIPv4(byte[] v4) {
        byte[] ip = Arrays.copyOf(IPV4_MAPPED_PREFIX, 16);
        System.arraycopy(v4, 0, ip, 12, 4);
        return ip;
    }

    // ------------------------------------------------------------------------------------------------ sanity check

    /** Core's {@code SanityCheckAsmap(asmap, bits)}: true when every execution path over {@code bits} input bits is sound. */
    public static boolean sanityCheck(byte[] asmap, int bits) {
        return sanityCheckReason(asmap, bits) == null;
    }

    /**
     * Core's {@code SanityCheckAsmap}, returning null when the map passes or which rule it broke. The checks and
     * their order are Core's exactly; only the reasons are Mooring's wording.
     */
    static String sanityCheckReason(byte[] asmap, int bits) {
        if (bits < 0) throw new IllegalArgumentException("bits " + bits);
        if (asmap.length == 0) return "empty file";
        Reader r = new Reader(asmap);
        long[] jumpTo = new long[bits + 1];
        int[] jumpBits = new int[bits + 1];
        int jumps = 0;
        int prev = JUMP;
        boolean hadIncompleteMatch = false;
        while (r.pos != r.end) {
            long start = r.pos;
            if (jumps > 0 && r.pos >= jumpTo[jumps - 1]) {
                return "jump into the middle of an instruction (target bit " + jumpTo[jumps - 1] + ")";
            }
            long opcode = r.decodeBits(0, TYPE_BIT_SIZES);
            if (opcode == RETURN) {
                if (prev == DEFAULT) return "RETURN directly after DEFAULT at bit " + start;
                long asn = r.decodeBits(1, ASN_BIT_SIZES);
                if (asn == INVALID) return "truncated RETURN at bit " + start;
                if (jumps == 0) {
                    if (r.end - r.pos > 7) return "unreachable data after the last RETURN (" + (r.end - r.pos) + " bits)";
                    while (r.pos != r.end) {
                        if (r.next() != 0) return "non-zero padding bit at bit " + (r.pos - 1);
                    }
                    return null;
                }
                if (r.pos != jumpTo[jumps - 1]) return "unreachable code at bit " + r.pos;
                jumps--;
                bits = jumpBits[jumps];
                prev = JUMP;
            } else if (opcode == JUMP) {
                long jump = r.decodeBits(17, JUMP_BIT_SIZES);
                if (jump == INVALID) return "truncated JUMP at bit " + start;
                if (jump > r.end - r.pos) return "JUMP at bit " + start + " beyond the end of the data";
                if (bits == 0) return "JUMP at bit " + start + " consumes more than the input's bits";
                --bits;
                long target = r.pos + jump;
                if (jumps > 0 && target >= jumpTo[jumps - 1]) return "intersecting jumps at bit " + start;
                jumpTo[jumps] = target;
                jumpBits[jumps] = bits;
                jumps++;
                prev = JUMP;
            } else if (opcode == MATCH) {
                long match = r.decodeBits(2, MATCH_BIT_SIZES);
                if (match == INVALID) return "truncated MATCH at bit " + start;
                int matchLen = 63 - Long.numberOfLeadingZeros(match);
                if (prev != MATCH) hadIncompleteMatch = false;
                if (matchLen < 8 && hadIncompleteMatch) {
                    return "second MATCH shorter than 8 bits in one MATCH run at bit " + start;
                }
                hadIncompleteMatch = matchLen < 8;
                if (bits < matchLen) return "MATCH at bit " + start + " consumes more than the input's bits";
                bits -= matchLen;
                prev = MATCH;
            } else if (opcode == DEFAULT) {
                if (prev == DEFAULT) return "two consecutive DEFAULTs at bit " + start;
                long asn = r.decodeBits(1, ASN_BIT_SIZES);
                if (asn == INVALID) return "truncated DEFAULT at bit " + start;
                prev = DEFAULT;
            } else {
                return "truncated instruction at bit " + start;
            }
        }
        return "end of data without a final RETURN";
    }

    // ------------------------------------------------------------------------------------------------ decode / diff

    /** One mapped range: every address under {@code prefix} maps to {@code asn} (non-zero). */
    public record Entry(AsmapPrefix prefix, long asn) {
        @Override
        public String toString() {
            return prefix + " AS" + asn;
        }
    }

    /** A range whose ASN differs between two maps (0 = unmapped). */
    public record Difference(AsmapPrefix prefix, long oldAsn, long newAsn) {
        @Override
        public String toString() {
            return prefix + " AS" + oldAsn + " -> AS" + newAsn;
        }
    }

    /**
     * The map as non-overlapping mapped ranges in address order, AS0 ranges left out ({@code asmap-tool.py decode -n}
     * without {@code --fill}). An address in no range maps to 0.
     */
    public List<Entry> decode() {
        Trie t = trie();
        List<Entry> out = new ArrayList<>();
        t.entries(t.root, AsmapPrefix.ALL, out);
        return out;
    }

    /**
     * The ranges whose ASN differs from this map to {@code other}, in address order, as {@code asmap-tool.py diff}
     * computes them (each the largest prefix over which both maps are constant).
     */
    public List<Difference> diff(Asmap other) {
        Trie a = trie();
        Trie b = other.trie();
        List<Difference> out = new ArrayList<>();
        diff(a, a.root, b, b.root, AsmapPrefix.ALL, out);
        return out;
    }

    private static void diff(Trie a, int na, Trie b, int nb, AsmapPrefix prefix, List<Difference> out) {
        if (Trie.isLeaf(na) && Trie.isLeaf(nb)) {
            long x = Trie.asn(na);
            long y = Trie.asn(nb);
            if (x != y) out.add(new Difference(prefix, x, y));
            return;
        }
        diff(a, a.child(na, 0), b, b.child(nb, 0), prefix.child(0), out);
        diff(a, a.child(na, 1), b, b.child(nb, 1), prefix.child(1), out);
    }

    /** Lookup through the decoded trie (same answer as {@link #lookup(byte[])}; used to cross-check). */
    long trieLookup(byte[] ip16) {
        Trie t = trie();
        int node = t.root;
        for (int i = 0; !Trie.isLeaf(node); i++) node = t.child(node, AsmapPrefix.bit(ip16, i));
        return Trie.asn(node);
    }

    private Trie trie() {
        Trie t = trie;
        if (t == null) {
            synchronized (this) {
                t = trie;
                if (t == null) trie = t = Trie.build(data);
            }
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Asmap other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Asmap[" + data.length + " bytes, version " + checksum() + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** A cursor over the bit stream, LSB-first per byte. */
    private static final class Reader {
        final byte[] data;
        final long end;
        long pos;

        Reader(byte[] data) {
            this.data = data;
            this.end = (long) data.length * 8;
        }

        int next() {
            int bit = (data[(int) (pos >>> 3)] >>> (int) (pos & 7)) & 1;
            pos++;
            return bit;
        }

        /** Core's DecodeBits: class continuation bits, then the position within the class big-endian. */
        long decodeBits(int minval, int[] bitSizes) {
            long val = minval;
            for (int k = 0; k < bitSizes.length; k++) {
                int bit;
                if (k + 1 != bitSizes.length) {
                    if (pos >= end) break;
                    bit = next();
                } else {
                    bit = 0;
                }
                if (bit == 1) {
                    val += 1L << bitSizes[k];
                } else {
                    for (int b = 0; b < bitSizes[k]; b++) {
                        if (pos >= end) return INVALID;
                        val += (long) next() << (bitSizes[k] - 1 - b);
                    }
                    return val;
                }
            }
            return INVALID;
        }
    }

    /**
     * The expanded trie: a node reference {@code >= 0} is an inner node (children in {@link #zero}/{@link #one}),
     * {@code < 0} is a leaf with ASN {@code -ref - 1}. Equal leaf siblings are merged, as asmap.py's _set_trie.
     */
    private static final class Trie {
        int[] zero = new int[1024];
        int[] one = new int[1024];
        int size;
        int root;

        static boolean isLeaf(int ref) {
            return ref < 0;
        }

        static long asn(int ref) {
            return -(long) ref - 1;
        }

        static int leaf(long asn) {
            return (int) (-asn - 1);
        }

        /** The child of a node; a leaf is its own child (its whole range has one ASN). */
        int child(int ref, int bit) {
            if (ref < 0) return ref;
            return bit == 0 ? zero[ref] : one[ref];
        }

        int branch(int left, int right) {
            if (left < 0 && left == right) return left;
            if (size == zero.length) {
                zero = Arrays.copyOf(zero, size * 2);
                one = Arrays.copyOf(one, size * 2);
            }
            zero[size] = left;
            one[size] = right;
            return size++;
        }

        static Trie build(byte[] data) {
            Trie t = new Trie();
            t.root = t.build(new Reader(data), 0, 0);
            return t;
        }

        /** asmap.py's _from_binnode, straight from the bytecode (sanity-checked, so every read succeeds). */
        private int build(Reader r, long pos, long defaultAsn) {
            r.pos = pos;
            long opcode = r.decodeBits(0, TYPE_BIT_SIZES);
            if (opcode == RETURN) {
                return leaf(r.decodeBits(1, ASN_BIT_SIZES));
            } else if (opcode == JUMP) {
                long jump = r.decodeBits(17, JUMP_BIT_SIZES);
                long after = r.pos;
                int left = build(r, after, defaultAsn);
                int right = build(r, after + jump, defaultAsn);
                return branch(left, right);
            } else if (opcode == MATCH) {
                long match = r.decodeBits(2, MATCH_BIT_SIZES);
                int sub = build(r, r.pos, defaultAsn);
                int def = leaf(defaultAsn);
                // The lowest bit of the pattern is the last input bit matched: wrap from the inside out.
                for (long val = match; val >= 2; val >>>= 1) {
                    sub = (val & 1) == 1 ? branch(def, sub) : branch(sub, def);
                }
                return sub;
            } else if (opcode == DEFAULT) {
                long asn = r.decodeBits(1, ASN_BIT_SIZES);
                return build(r, r.pos, asn);
            }
            throw new IllegalStateException("bad opcode in a sanity-checked asmap");
        }

        void entries(int ref, AsmapPrefix prefix, List<Entry> out) {
            if (ref < 0) {
                long asn = asn(ref);
                if (asn != 0) out.add(new Entry(prefix, asn));
                return;
            }
            entries(zero[ref], prefix.child(0), out);
            entries(one[ref], prefix.child(1), out);
        }
    }
}
