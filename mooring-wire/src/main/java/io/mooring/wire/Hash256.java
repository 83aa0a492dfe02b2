package io.mooring.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * A 256-bit hash (Core's {@code uint256}): block hashes, txids, merkle roots. Held as four little-endian words in
 * internal (wire) byte order, which makes equality and hashing cheap and costs one allocation per value.
 * {@link #toString()} and {@link #fromHex(String)} use the usual display form: byte-reversed hex.
 */
public record Hash256(long w0, long w1, long w2, long w3) implements Comparable<Hash256> {
    public static final int BYTES = 32;
    public static final Hash256 ZERO = new Hash256(0, 0, 0, 0);

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Reads 32 bytes in internal byte order starting at {@code offset}. */
    public static Hash256 fromInternal(byte[] bytes, int offset) {
        return new Hash256((long) LE_LONG.get(bytes, offset), (long) LE_LONG.get(bytes, offset + 8),
                (long) LE_LONG.get(bytes, offset + 16), (long) LE_LONG.get(bytes, offset + 24));
    }

    /** Wraps 32 bytes in internal byte order. */
    public static Hash256 fromInternal(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
        }
        return fromInternal(bytes, 0);
    }

    /** Parses the display form (64 hex digits, byte-reversed), as RPC and block explorers print hashes. */
    public static Hash256 fromHex(String displayHex) {
        if (displayHex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a hash is 64 hex digits, got " + displayHex.length());
        }
        byte[] b = HexFormat.of().parseHex(displayHex);
        reverse(b);
        return fromInternal(b, 0);
    }

    /** Writes the 32 bytes in internal byte order at {@code offset}. */
    public void writeTo(byte[] dst, int offset) {
        LE_LONG.set(dst, offset, w0);
        LE_LONG.set(dst, offset + 8, w1);
        LE_LONG.set(dst, offset + 16, w2);
        LE_LONG.set(dst, offset + 24, w3);
    }

    /** A new array with the 32 bytes in internal byte order. */
    public byte[] toInternalBytes() {
        byte[] b = new byte[BYTES];
        writeTo(b, 0);
        return b;
    }

    public boolean isZero() {
        return (w0 | w1 | w2 | w3) == 0;
    }

    /** Display form: byte-reversed hex. */
    @Override
    public String toString() {
        byte[] b = toInternalBytes();
        reverse(b);
        return HexFormat.of().formatHex(b);
    }

    /** Orders as Core compares uint256 values numerically (most significant word is w3). */
    @Override
    public int compareTo(Hash256 o) {
        int c = Long.compareUnsigned(w3, o.w3);
        if (c != 0) return c;
        c = Long.compareUnsigned(w2, o.w2);
        if (c != 0) return c;
        c = Long.compareUnsigned(w1, o.w1);
        return c != 0 ? c : Long.compareUnsigned(w0, o.w0);
    }

    private static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }
}
