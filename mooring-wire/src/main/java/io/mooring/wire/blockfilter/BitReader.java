package io.mooring.wire.blockfilter;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;

/** Reads bits most-significant first from a byte range (Core's BitStreamReader). */
final class BitReader {
    private final byte[] buf;
    private final int end;
    private long bitPos;

    BitReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.end = end;
        this.bitPos = (long) offset * 8;
    }

    long remainingBits() {
        return (long) end * 8 - bitPos;
    }

    /** The index of the first byte not yet touched (a partly read byte counts as read). */
    int nextBytePosition() {
        return (int) ((bitPos + 7) >>> 3);
    }

    /** Reads {@code n} bits ({@code 0 <= n <= 64}) as an unsigned value. */
    long read(int n) throws ProtocolException {
        if (remainingBits() < n) throw new ProtocolException(ProtocolError.TRUNCATED, "filter ends inside a value");
        long v = 0;
        while (n > 0) {
            int byteIndex = (int) (bitPos >>> 3);
            int used = (int) (bitPos & 7);
            int take = Math.min(n, 8 - used);
            int bits = ((buf[byteIndex] & 0xff) >>> (8 - used - take)) & ((1 << take) - 1);
            v = (v << take) | bits;
            bitPos += take;
            n -= take;
        }
        return v;
    }

    /** Counts one bits up to and including the terminating zero bit (the unary quotient). */
    long readUnary() throws ProtocolException {
        long q = 0;
        while (true) {
            if (bitPos >= (long) end * 8) throw new ProtocolException(ProtocolError.TRUNCATED, "filter ends inside a quotient");
            int byteIndex = (int) (bitPos >>> 3);
            int used = (int) (bitPos & 7);
            // The unread bits of the current byte, left-aligned in an int: count leading ones there.
            int rest = ((buf[byteIndex] << used) & 0xff) | ((1 << used) - 1);
            int ones = Integer.numberOfLeadingZeros(~(rest << 24));
            if (ones < 8 - used) {
                q += ones;
                bitPos += ones + 1;
                return q;
            }
            q += 8 - used;
            bitPos += 8 - used;
        }
    }
}
