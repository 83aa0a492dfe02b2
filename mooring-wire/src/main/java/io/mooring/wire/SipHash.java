package io.mooring.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * SipHash-2-4 with a 128-bit key given as two little-endian words {@code k0, k1} (Core's {@code CSipHasher}), as used
 * by BIP152 short transaction ids and BIP158 filter element hashing. Stateless and allocation-free; a 32-byte hash
 * has its own entry point ({@link #hash(long, long, Hash256)}, Core's SipHashUint256).
 */
public final class SipHash {
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SipHash() {
    }

    /** SipHash-2-4 of all of {@code data}. */
    public static long hash(long k0, long k1, byte[] data) {
        return hash(k0, k1, data, 0, data.length);
    }

    /** SipHash-2-4 of the bytes of {@code data} (BIP158 filter elements), without copying them. */
    public static long hash(long k0, long k1, Bytes data) {
        return hash(k0, k1, data.array, 0, data.array.length);
    }

    /** SipHash-2-4 of {@code data[offset .. offset + length)}. */
    public static long hash(long k0, long k1, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = offset + (length & ~7);
        for (int p = offset; p < end; p += 8) {
            long m = (long) LE_LONG.get(data, p);
            v3 ^= m;
            // two compression rounds
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        // The last block: the remaining 0..7 bytes, with the length's low byte at the top.
        long last = ((long) length) << 56;
        for (int i = 0, rest = length & 7; i < rest; i++) {
            last |= (data[end + i] & 0xffL) << (8 * i);
        }
        return finish(v0, v1, v2, v3, last);
    }

    /** SipHash-2-4 of the 32 bytes of {@code h} in internal byte order (Core's SipHashUint256). */
    public static long hash(long k0, long k1, Hash256 h) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        for (int i = 0; i < 4; i++) {
            long m = switch (i) {
                case 0 -> h.w0();
                case 1 -> h.w1();
                case 2 -> h.w2();
                default -> h.w3();
            };
            v3 ^= m;
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        return finish(v0, v1, v2, v3, 32L << 56);
    }

    /** Absorbs the final block {@code last}, then runs the four finalisation rounds. */
    private static long finish(long v0, long v1, long v2, long v3, long last) {
        v3 ^= last;
        for (int i = 0; i < 2; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int i = 0; i < 4; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
