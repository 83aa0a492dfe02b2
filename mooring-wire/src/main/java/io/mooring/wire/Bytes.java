package io.mooring.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: scripts, witness items, filters, raw address bytes. Records that carry bytes hold a
 * {@code Bytes} so that they stay immutable and get value equality. Decoders create them with {@link #wrap} on a
 * fresh array (one copy out of the input buffer, none after).
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    final byte[] array;
    private int hash;

    private Bytes(byte[] array) {
        this.array = array;
    }

    /** Takes ownership of {@code array}: the caller must not change it afterwards. */
    public static Bytes wrap(byte[] array) {
        return array.length == 0 ? EMPTY : new Bytes(array);
    }

    public static Bytes copyOf(byte[] array) {
        return wrap(array.clone());
    }

    public static Bytes copyOf(byte[] array, int offset, int length) {
        return wrap(Arrays.copyOfRange(array, offset, offset + length));
    }

    public static Bytes fromHex(String hex) {
        return wrap(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return array.length;
    }

    public boolean isEmpty() {
        return array.length == 0;
    }

    public byte get(int index) {
        return array[index];
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return array.clone();
    }

    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(array, 0, dst, offset, array.length);
    }

    public String hex() {
        return HexFormat.of().formatHex(array);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(array, b.array);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(array);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return array.length <= 64 ? hex() : HexFormat.of().formatHex(array, 0, 32) + "...(" + array.length + " bytes)";
    }
}
