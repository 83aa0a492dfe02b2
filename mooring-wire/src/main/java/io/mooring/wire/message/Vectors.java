package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/** Vector encodings shared by several messages. */
final class Vectors {
    private Vectors() {
    }

    static List<Hash256> readHashes(WireReader r, int max, ProtocolError tooMany) throws ProtocolException {
        int n = r.readCount(max, Hash256.BYTES, tooMany);
        Hash256[] out = new Hash256[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.readHash();
        }
        return trusted(out);
    }

    static void writeHashes(WireWriter w, List<Hash256> hashes) {
        w.writeCompactSize(hashes.size());
        for (Hash256 h : hashes) {
            w.writeHash(h);
        }
    }

    static List<InvItem> readInventory(WireReader r) throws ProtocolException {
        int n = r.readCount(Limits.MAX_INV_SZ, InvItem.SIZE, ProtocolError.TOO_MANY_INVENTORY_ENTRIES);
        InvItem[] out = new InvItem[n];
        for (int i = 0; i < n; i++) {
            out[i] = InvItem.read(r);
        }
        return trusted(out);
    }

    static void writeInventory(WireWriter w, List<InvItem> items) {
        w.writeCompactSize(items.size());
        for (InvItem item : items) {
            item.write(w);
        }
    }

    /**
     * An immutable copy that rejects nulls, and that shares nothing with the caller's list; a list made by
     * {@link #trusted} is already that, and is taken as is (decoders do not copy their element arrays twice).
     */
    static <T> List<T> copy(List<T> list) {
        return list instanceof Trusted<T> ? list : List.copyOf(list);
    }

    /** An unmodifiable list over {@code elements}: the caller hands the array over and must hold no null. */
    static <T> List<T> trusted(T[] elements) {
        return elements.length == 0 ? List.of() : new Trusted<>(elements);
    }

    /** The decoders' immutable list: never exposed as anything but {@link List}, its array never escapes. */
    private static final class Trusted<E> extends AbstractList<E> implements RandomAccess {
        private final Object[] elements;

        Trusted(Object[] elements) {
            this.elements = elements;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E get(int index) {
            Objects.checkIndex(index, elements.length);
            return (E) elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }

    /** Encodes {@code m} into an array of {@code expectedSize} bytes (exact sizes avoid regrowth and the final copy). */
    static byte[] payload(Message m, int expectedSize) {
        WireWriter w = new WireWriter(expectedSize);
        m.writePayload(w);
        byte[] b = w.array();
        return w.size() == b.length ? b : w.toByteArray();
    }

    static void checkMax(List<?> list, int max, String what) {
        if (list.size() > max) {
            throw new IllegalArgumentException(what + ": " + list.size() + " entries, at most " + max);
        }
    }
}
