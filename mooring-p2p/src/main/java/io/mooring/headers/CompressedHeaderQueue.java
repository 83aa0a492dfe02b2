package io.mooring.headers;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;

/**
 * A FIFO of headers without their prev-hash (Core's {@code CompressedHeader}, 48 bytes each), stored column-wise in
 * primitive arrays so the redownload buffer costs 48 bytes per header and no object per header. The prev-hash is
 * rebuilt on the way out from the hash of the header taken before it.
 */
final class CompressedHeaderQueue {
    private int[] version = new int[16];
    private long[] merkle = new long[16 * 4];
    private int[] time = new int[16];
    private int[] bits = new int[16];
    private int[] nonce = new int[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bits of the most recently added header. */
    long lastBits() {
        if (size == 0) throw new IllegalStateException("empty");
        return Integer.toUnsignedLong(bits[(head + size - 1) % capacity()]);
    }

    void addLast(BlockHeader header) {
        if (size == capacity()) grow();
        int i = (head + size) % capacity();
        version[i] = header.version();
        Hash256 m = header.merkleRoot();
        merkle[4 * i] = m.w0();
        merkle[4 * i + 1] = m.w1();
        merkle[4 * i + 2] = m.w2();
        merkle[4 * i + 3] = m.w3();
        time[i] = (int) header.time();
        bits[i] = (int) header.bits();
        nonce[i] = (int) header.nonce();
        size++;
    }

    /** Takes the front header back as a full header whose prev-hash is {@code prevBlock}. */
    BlockHeader removeFirst(Hash256 prevBlock) {
        if (size == 0) throw new IllegalStateException("empty");
        int i = head;
        BlockHeader header = new BlockHeader(version[i], prevBlock,
                new Hash256(merkle[4 * i], merkle[4 * i + 1], merkle[4 * i + 2], merkle[4 * i + 3]),
                Integer.toUnsignedLong(time[i]), Integer.toUnsignedLong(bits[i]), Integer.toUnsignedLong(nonce[i]));
        head = (head + 1) % capacity();
        size--;
        return header;
    }

    void clear() {
        version = new int[1];
        merkle = new long[4];
        time = new int[1];
        bits = new int[1];
        nonce = new int[1];
        head = 0;
        size = 0;
    }

    private int capacity() {
        return version.length;
    }

    private void grow() {
        int oldCapacity = capacity();
        int newCapacity = Math.max(16, oldCapacity * 2);
        int[] v = new int[newCapacity];
        long[] m = new long[newCapacity * 4];
        int[] t = new int[newCapacity];
        int[] b = new int[newCapacity];
        int[] n = new int[newCapacity];
        for (int k = 0; k < size; k++) {
            int from = (head + k) % oldCapacity;
            v[k] = version[from];
            System.arraycopy(merkle, 4 * from, m, 4 * k, 4);
            t[k] = time[from];
            b[k] = bits[from];
            n[k] = nonce[from];
        }
        version = v;
        merkle = m;
        time = t;
        bits = b;
        nonce = n;
        head = 0;
    }

    /** Bytes held by the arrays (for memory-bound tests). */
    long retainedBytes() {
        return (long) capacity() * (4 + 32 + 4 + 4 + 4);
    }

    @Override
    public String toString() {
        return "CompressedHeaderQueue[size=" + size + ", capacity=" + capacity() + "]";
    }
}
