package io.mooring.headers;

import java.util.Arrays;

/**
 * A queue of bits, appended at the back and taken from the front (Core's {@code bitdeque}), packed 64 to a long.
 * Presync stores one commitment bit per {@code commitmentPeriod} headers here, so a mainnet-length chain costs well
 * under a megabyte per syncing peer.
 */
final class BitDeque {
    private long[] words = new long[4];
    /** Bit index (into {@code words}) of the front bit. */
    private int head;
    /** Bit index one past the back bit. */
    private int tail;

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return tail == head;
    }

    void addLast(boolean bit) {
        if ((tail >>> 6) >= words.length) makeRoom();
        if (bit) words[tail >>> 6] |= 1L << (tail & 63);
        tail++;
    }

    boolean removeFirst() {
        if (isEmpty()) throw new IllegalStateException("empty");
        boolean bit = (words[head >>> 6] & (1L << (head & 63))) != 0;
        head++;
        return bit;
    }

    /** Drops the words already consumed at the front, or doubles the array when more than half is still in use. */
    private void makeRoom() {
        int firstWord = head >>> 6;
        int usedWords = (tail >>> 6) - firstWord;
        if (firstWord > 0 && usedWords < words.length / 2) {
            long[] moved = new long[words.length];
            System.arraycopy(words, firstWord, moved, 0, words.length - firstWord);
            words = moved;
            head -= firstWord << 6;
            tail -= firstWord << 6;
        } else {
            words = Arrays.copyOf(words, words.length * 2);
        }
    }

    void clear() {
        words = new long[1];
        head = 0;
        tail = 0;
    }
}
