package io.mooring.wire.blockfilter;

import java.util.Arrays;

/** Writes bits most-significant first into bytes (Core's BitStreamWriter); the last byte is padded with zeros. */
final class BitWriter {
    private byte[] buf;
    private int bytes;
    private long acc;
    private int accBits;

    BitWriter(int initialCapacity) {
        buf = new byte[Math.max(8, initialCapacity)];
    }

    /** Writes the low {@code n} bits of {@code value}, most significant first ({@code 0 <= n <= 64}). */
    void write(long value, int n) {
        while (n > 0) {
            int take = Math.min(n, 8 - accBits);
            int shift = n - take;
            long chunk = (value >>> shift) & ((1L << take) - 1);
            acc = (acc << take) | chunk;
            accBits += take;
            n -= take;
            if (accBits == 8) {
                put((byte) acc);
                acc = 0;
                accBits = 0;
            }
        }
    }

    /** Writes {@code count} one bits. */
    void writeOnes(long count) {
        while (count >= 64) {
            write(-1L, 64);
            count -= 64;
        }
        if (count > 0) write(-1L, (int) count);
    }

    private void put(byte b) {
        if (bytes == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[bytes++] = b;
    }

    /** Pads the partial byte with zeros and returns everything written. */
    byte[] finish() {
        if (accBits > 0) {
            put((byte) (acc << (8 - accBits)));
            acc = 0;
            accBits = 0;
        }
        return Arrays.copyOf(buf, bytes);
    }
}
