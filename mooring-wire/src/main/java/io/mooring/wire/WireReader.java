package io.mooring.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Bitcoin's serialisation from a byte array. Every read checks bounds and throws {@link ProtocolException}
 * ({@link ProtocolError#TRUNCATED}) instead of an unchecked exception. Vector counts are checked against the bytes
 * left before anything is allocated, so a forged count cannot make a decoder allocate more than the input's size.
 */
public final class WireReader {
    /** Core's MAX_SIZE: the largest CompactSize accepted as a length (serialize.h). */
    public static final long MAX_SIZE = 0x02000000L;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int limit;
    private int pos;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length || offset + length < 0) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** The underlying array (for hashing ranges already read, without copying). */
    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    private int need(int n) throws ProtocolException {
        if (n < 0 || limit - pos < n) {
            throw new ProtocolException(ProtocolError.TRUNCATED, "need " + n + " bytes, " + (limit - pos) + " left");
        }
        int p = pos;
        pos += n;
        return p;
    }

    public void skip(int n) throws ProtocolException {
        need(n);
    }

    public int readU8() throws ProtocolException {
        return buf[need(1)] & 0xff;
    }

    /** Core serialises bool as one byte; any non-zero value reads as true. */
    public boolean readBool() throws ProtocolException {
        return readU8() != 0;
    }

    public int readU16LE() throws ProtocolException {
        return (short) LE_SHORT.get(buf, need(2)) & 0xffff;
    }

    /** Ports are big-endian on the wire. */
    public int readU16BE() throws ProtocolException {
        return (short) BE_SHORT.get(buf, need(2)) & 0xffff;
    }

    public int readI32LE() throws ProtocolException {
        return (int) LE_INT.get(buf, need(4));
    }

    public long readU32LE() throws ProtocolException {
        return readI32LE() & 0xffffffffL;
    }

    public long readI64LE() throws ProtocolException {
        return (long) LE_LONG.get(buf, need(8));
    }

    /** Reads 6 bytes little-endian (BIP152 short transaction ids). */
    public long readU48LE() throws ProtocolException {
        int p = need(6);
        return ((int) LE_INT.get(buf, p) & 0xffffffffL) | ((long) ((short) LE_SHORT.get(buf, p + 4) & 0xffff) << 32);
    }

    public Hash256 readHash() throws ProtocolException {
        return Hash256.fromInternal(buf, need(32));
    }

    public byte[] readByteArray(int n) throws ProtocolException {
        int p = need(n);
        return Arrays.copyOfRange(buf, p, p + n);
    }

    public Bytes readBytes(int n) throws ProtocolException {
        return n == 0 ? Bytes.EMPTY : Bytes.wrap(readByteArray(n));
    }

    /** Reads a CompactSize, rejecting non-canonical encodings and values above MAX_SIZE, as Core's ReadCompactSize. */
    public long readCompactSize() throws ProtocolException {
        return readCompactSize(true);
    }

    /**
     * Reads a CompactSize. Core rejects encodings longer than needed; with {@code rangeCheck} it also rejects values
     * above MAX_SIZE (lengths), without it any uint64 is allowed (addrv2 service bits).
     */
    public long readCompactSize(boolean rangeCheck) throws ProtocolException {
        int first = readU8();
        long value;
        if (first < 0xfd) {
            value = first;
        } else if (first == 0xfd) {
            value = readU16LE();
            if (value < 0xfd) throw new ProtocolException(ProtocolError.NON_CANONICAL_COMPACT_SIZE, "0xfd " + value);
        } else if (first == 0xfe) {
            value = readU32LE();
            if (value < 0x10000L) throw new ProtocolException(ProtocolError.NON_CANONICAL_COMPACT_SIZE, "0xfe " + value);
        } else {
            value = readI64LE();
            if (Long.compareUnsigned(value, 0x100000000L) < 0) {
                throw new ProtocolException(ProtocolError.NON_CANONICAL_COMPACT_SIZE, "0xff " + value);
            }
        }
        if (rangeCheck && Long.compareUnsigned(value, MAX_SIZE) > 0) {
            throw new ProtocolException(ProtocolError.SIZE_TOO_LARGE, Long.toUnsignedString(value));
        }
        return value;
    }

    /**
     * Reads a vector's element count. Fails with {@code tooMany} above {@code max}, and with TRUNCATED when the input
     * cannot hold that many elements of at least {@code minElementBytes} each (so no decoder pre-allocates for a lie).
     */
    public int readCount(int max, int minElementBytes, ProtocolError tooMany) throws ProtocolException {
        long n = readCompactSize();
        if (n > max) {
            throw new ProtocolException(tooMany, n + " > " + max);
        }
        if (minElementBytes > 0 && n * minElementBytes > remaining()) {
            throw new ProtocolException(ProtocolError.TRUNCATED, n + " elements of >= " + minElementBytes
                    + " bytes, " + remaining() + " left");
        }
        return (int) n;
    }

    /** A CompactSize-prefixed byte vector of at most {@code maxLength} bytes. */
    public Bytes readVarBytes(int maxLength) throws ProtocolException {
        long n = readCompactSize();
        if (n > maxLength) {
            throw new ProtocolException(ProtocolError.FIELD_TOO_LONG, n + " > " + maxLength);
        }
        return readBytes((int) n);
    }

    /** A CompactSize-prefixed string of at most {@code maxLength} bytes, decoded as Latin-1 (byte for char). */
    public String readVarString(int maxLength) throws ProtocolException {
        long n = readCompactSize();
        if (n > maxLength) {
            throw new ProtocolException(ProtocolError.FIELD_TOO_LONG, "string of " + n + " > " + maxLength + " bytes");
        }
        int p = need((int) n);
        return new String(buf, p, (int) n, StandardCharsets.ISO_8859_1);
    }
}
