package io.mooring.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes Bitcoin's serialisation into a growable byte array. Not thread-safe; reusable after {@link #reset()}. */
public final class WireWriter {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int size;

    public WireWriter() {
        this(256);
    }

    public WireWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private int grow(int n) {
        int p = size;
        int need = p + n;
        if (need > buf.length) {
            if (need < 0) throw new IllegalStateException("serialisation over 2 GiB");
            buf = Arrays.copyOf(buf, Math.max(need, buf.length + (buf.length >> 1)));
        }
        size = need;
        return p;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The internal array; only the first {@link #size()} bytes are meaningful. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public WireWriter writeU8(int v) {
        int p = grow(1); // grow() may replace buf: take the position first
        buf[p] = (byte) v;
        return this;
    }

    public WireWriter writeBool(boolean v) {
        return writeU8(v ? 1 : 0);
    }

    public WireWriter writeU16LE(int v) {
        int p = grow(2);
        LE_SHORT.set(buf, p, (short) v);
        return this;
    }

    public WireWriter writeU16BE(int v) {
        int p = grow(2);
        BE_SHORT.set(buf, p, (short) v);
        return this;
    }

    public WireWriter writeI32LE(int v) {
        int p = grow(4);
        LE_INT.set(buf, p, v);
        return this;
    }

    public WireWriter writeU32LE(long v) {
        return writeI32LE((int) v);
    }

    public WireWriter writeI64LE(long v) {
        int p = grow(8);
        LE_LONG.set(buf, p, v);
        return this;
    }

    public WireWriter writeU48LE(long v) {
        int p = grow(6);
        LE_INT.set(buf, p, (int) v);
        LE_SHORT.set(buf, p + 4, (short) (v >>> 32));
        return this;
    }

    public WireWriter writeHash(Hash256 h) {
        int p = grow(32);
        h.writeTo(buf, p);
        return this;
    }

    public WireWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public WireWriter writeBytes(byte[] b, int offset, int length) {
        int p = grow(length);
        System.arraycopy(b, offset, buf, p, length);
        return this;
    }

    public WireWriter writeBytes(Bytes b) {
        return writeBytes(b.array);
    }

    /** Writes {@code v} (an unsigned 64-bit value) in its shortest CompactSize form. */
    public WireWriter writeCompactSize(long v) {
        if (Long.compareUnsigned(v, 0xfd) < 0) {
            writeU8((int) v);
        } else if (Long.compareUnsigned(v, 0xffff) <= 0) {
            writeU8(0xfd).writeU16LE((int) v);
        } else if (Long.compareUnsigned(v, 0xffffffffL) <= 0) {
            writeU8(0xfe).writeI32LE((int) v);
        } else {
            writeU8(0xff).writeI64LE(v);
        }
        return this;
    }

    public WireWriter writeVarBytes(Bytes b) {
        writeCompactSize(b.length());
        return writeBytes(b);
    }

    /** Writes a CompactSize-prefixed string, one byte per char (Latin-1), the inverse of {@link WireReader#readVarString}. */
    public WireWriter writeVarString(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        writeCompactSize(b.length);
        return writeBytes(b);
    }

    /** The number of bytes {@link #writeCompactSize} uses for {@code v}. */
    public static int compactSizeLength(long v) {
        if (Long.compareUnsigned(v, 0xfd) < 0) return 1;
        if (Long.compareUnsigned(v, 0xffff) <= 0) return 3;
        if (Long.compareUnsigned(v, 0xffffffffL) <= 0) return 5;
        return 9;
    }
}
