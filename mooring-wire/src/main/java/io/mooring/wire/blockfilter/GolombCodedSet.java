package io.mooring.wire.blockfilter;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.SipHash;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A BIP158 Golomb-coded set (Core's {@code GCSFilter}). Each element is hashed with SipHash-2-4 under the key
 * {@code (k0, k1)} and mapped into {@code [0, N * M)} by a 64x64 multiply-high; the sorted values are written as
 * a CompactSize {@code N} and their Golomb-Rice coded differences (quotient in unary, {@code P}-bit remainder), bits
 * most-significant first, padded with zeros to a whole byte.
 *
 * <p>Immutable. Decoding checks the whole filter, as Core does unless told to skip: {@code N} values must be there
 * and no whole byte may follow them.
 */
public final class GolombCodedSet {
    /**
     * The parameters of a set: the SipHash key, the remainder width {@code p} (1..32) and the range multiplier
     * {@code m} (1..2^32-1).
     */
    public record Params(long k0, long k1, int p, long m) {
        public Params {
            if (p < 1 || p > 32) throw new IllegalArgumentException("P must be 1..32: " + p);
            if (m < 1 || m > 0xffff_ffffL) throw new IllegalArgumentException("M must be 1..2^32-1: " + m);
        }

        /** BIP158's key: the first 16 bytes of the block hash (internal order) as two little-endian words. */
        public static Params forBlock(BlockFilterType type, Hash256 blockHash) {
            return new Params(blockHash.w0(), blockHash.w1(), type.p(), type.m());
        }
    }

    private final Params params;
    private final int n;
    private final long[] values;
    private final Bytes encoded;

    private GolombCodedSet(Params params, long[] values, Bytes encoded) {
        this.params = params;
        this.n = values.length;
        this.values = values;
        this.encoded = encoded;
    }

    /** Builds the set of {@code elements}; duplicates count once (Core's ElementSet is a set). */
    public static GolombCodedSet build(Params params, Collection<Bytes> elements) {
        Objects.requireNonNull(params, "params");
        Set<Bytes> unique = elements instanceof Set<Bytes> s ? s : new LinkedHashSet<>(elements);
        int n = unique.size();
        long f = n * params.m();
        long[] values = new long[n];
        int i = 0;
        for (Bytes e : unique) {
            values[i++] = hashToRange(params, f, e);
        }
        Arrays.sort(values); // values < F < 2^63: signed order is unsigned order
        WireWriter header = new WireWriter(9);
        header.writeCompactSize(n);
        BitWriter bits = new BitWriter(n * (params.p() + 2) / 8 + 1);
        long last = 0;
        for (long v : values) {
            long delta = v - last;
            bits.writeOnes(delta >>> params.p());
            bits.write(0, 1);
            bits.write(delta, params.p());
            last = v;
        }
        byte[] body = n == 0 ? new byte[0] : bits.finish();
        byte[] out = Arrays.copyOf(header.toByteArray(), header.size() + body.length);
        System.arraycopy(body, 0, out, header.size(), body.length);
        return new GolombCodedSet(params, values, Bytes.wrap(out));
    }

    /** Decodes an encoded set, checking that it holds exactly its {@code N} values. */
    public static GolombCodedSet decode(Params params, Bytes encoded) throws ProtocolException {
        Objects.requireNonNull(params, "params");
        byte[] raw = encoded.toArray();
        WireReader r = new WireReader(raw);
        long count = r.readCompactSize();
        // Each value takes at least the terminating zero bit and P remainder bits.
        if (count * (params.p() + 1) > (long) r.remaining() * 8) {
            throw new ProtocolException(ProtocolError.TRUNCATED, "a filter of " + count + " elements needs at least "
                    + count * (params.p() + 1) + " bits, " + r.remaining() * 8L + " left");
        }
        int n = (int) count;
        long[] values = new long[n];
        BitReader bits = new BitReader(raw, r.position(), raw.length);
        long value = 0;
        for (int i = 0; i < n; i++) {
            long q = bits.readUnary();
            long rem = bits.read(params.p());
            value += (q << params.p()) + rem;
            values[i] = value;
        }
        if (bits.nextBytePosition() != raw.length) {
            throw new ProtocolException(ProtocolError.MALFORMED, "encoded filter contains excess data");
        }
        return new GolombCodedSet(params, values, encoded);
    }

    public Params params() {
        return params;
    }

    /** The number of elements. */
    public int n() {
        return n;
    }

    /** The encoded set, as carried in {@code cfilter}. */
    public Bytes encoded() {
        return encoded;
    }

    /** Whether {@code element} may be in the set (false positives at a rate of about 1/M). */
    public boolean match(Bytes element) {
        return matchSorted(new long[] {hashToRange(params, n * params.m(), element)});
    }

    /** Whether any of {@code elements} may be in the set. */
    public boolean matchAny(Collection<Bytes> elements) {
        long f = n * params.m();
        long[] queries = new long[elements.size()];
        int i = 0;
        for (Bytes e : elements) {
            queries[i++] = hashToRange(params, f, e);
        }
        Arrays.sort(queries);
        return matchSorted(queries);
    }

    /** Core's MatchInternal: walks the set's values and the sorted queries together. */
    private boolean matchSorted(long[] queries) {
        int qi = 0;
        for (long value : values) {
            while (true) {
                if (qi == queries.length) return false;
                int c = Long.compareUnsigned(queries[qi], value);
                if (c == 0) return true;
                if (c > 0) break;
                qi++;
            }
        }
        return false;
    }

    /** The element's SipHash, mapped into {@code [0, f)} (Core's FastRange64). */
    static long hashToRange(Params params, long f, Bytes element) {
        return Math.unsignedMultiplyHigh(SipHash.hash(params.k0(), params.k1(), element), f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GolombCodedSet g && g.params.equals(params) && g.encoded.equals(encoded);
    }

    @Override
    public int hashCode() {
        return params.hashCode() * 31 + encoded.hashCode();
    }

    @Override
    public String toString() {
        return "GolombCodedSet[N=" + n + ", P=" + params.p() + ", M=" + params.m() + ", " + encoded.length() + " bytes]";
    }
}
