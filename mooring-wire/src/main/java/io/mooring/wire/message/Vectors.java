package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Arrays;
import java.util.List;

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
        return Arrays.asList(out);
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
        return Arrays.asList(out);
    }

    static void writeInventory(WireWriter w, List<InvItem> items) {
        w.writeCompactSize(items.size());
        for (InvItem item : items) {
            item.write(w);
        }
    }

    /** An immutable copy that rejects nulls, and that shares nothing with the caller's list. */
    static <T> List<T> copy(List<T> list) {
        return List.copyOf(list);
    }

    static void checkMax(List<?> list, int max, String what) {
        if (list.size() > max) {
            throw new IllegalArgumentException(what + ": " + list.size() + " entries, at most " + max);
        }
    }
}
