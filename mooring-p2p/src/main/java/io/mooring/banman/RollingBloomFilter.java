package io.mooring.banman;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Core's {@code CRollingBloomFilter} ({@code src/common/bloom.cpp}), bit for bit: it remembers at least the last
 * {@code nElements} inserted keys (between 2 and 3 generations of {@code ceil(nElements / 2)}), with two bits per
 * position holding the generation (1..3); moving into a generation wipes the positions still marked with it.
 * Hashes are Core's {@code MurmurHash3(n * 0xFBA4C795 + tweak, key)}; the tweak is drawn from the injected random
 * source on construction and {@link #reset()}. Not thread-safe.
 */
public final class RollingBloomFilter {
    private final RandomGenerator random;
    private final int hashFuncs;
    private final int entriesPerGeneration;
    private final long[] data;
    private int entriesThisGeneration;
    private int generation;
    private int tweak;

    public RollingBloomFilter(int elements, double fpRate, RandomGenerator random) {
        if (elements <= 0 || !(fpRate > 0 && fpRate < 1)) {
            throw new IllegalArgumentException("elements " + elements + ", fpRate " + fpRate);
        }
        this.random = random;
        double logFpRate = Math.log(fpRate);
        this.hashFuncs = Math.max(1, Math.min((int) Math.round(logFpRate / Math.log(0.5)), 50));
        this.entriesPerGeneration = (int) ((elements + 1L) / 2);
        long maxElements = (entriesPerGeneration * 3L) & 0xffffffffL;
        long filterBits = (long) Math.ceil(-1.0 * hashFuncs * maxElements
                / Math.log(1.0 - Math.exp(logFpRate / hashFuncs))) & 0xffffffffL;
        this.data = new long[(int) (((filterBits + 63) / 64) << 1)];
        reset();
    }

    public int hashFuncs() {
        return hashFuncs;
    }

    public int entriesPerGeneration() {
        return entriesPerGeneration;
    }

    /** The number of 64-bit words (Core's {@code data.size()}), two per 64 positions. */
    public int words() {
        return data.length;
    }

    public void insert(byte[] key) {
        if (entriesThisGeneration == entriesPerGeneration) {
            entriesThisGeneration = 0;
            generation++;
            if (generation == 4) generation = 1;
            long mask1 = -(long) (generation & 1);
            long mask2 = -(long) (generation >> 1);
            for (int p = 0; p < data.length; p += 2) {
                long p1 = data[p];
                long p2 = data[p + 1];
                long mask = (p1 ^ mask1) | (p2 ^ mask2);
                data[p] = p1 & mask;
                data[p + 1] = p2 & mask;
            }
        }
        entriesThisGeneration++;
        for (int n = 0; n < hashFuncs; n++) {
            int h = rollingHash(n, key);
            int bit = h & 0x3f;
            int pos = fastRange32(h, data.length);
            int lo = pos & ~1;
            int hi = pos | 1;
            data[lo] = (data[lo] & ~(1L << bit)) | ((long) (generation & 1)) << bit;
            data[hi] = (data[hi] & ~(1L << bit)) | ((long) (generation >> 1)) << bit;
        }
    }

    public boolean contains(byte[] key) {
        for (int n = 0; n < hashFuncs; n++) {
            int h = rollingHash(n, key);
            int bit = h & 0x3f;
            int pos = fastRange32(h, data.length);
            if ((((data[pos & ~1] | data[pos | 1]) >>> bit) & 1) == 0) return false;
        }
        return true;
    }

    /** Forgets everything and draws a new tweak. */
    public void reset() {
        tweak = random.nextInt();
        entriesThisGeneration = 0;
        generation = 1;
        Arrays.fill(data, 0);
    }

    private int rollingHash(int n, byte[] key) {
        return murmurHash3(n * 0xFBA4C795 + tweak, key);
    }

    private static int fastRange32(int x, int n) {
        return (int) (((x & 0xffffffffL) * n) >>> 32);
    }

    /** Core's {@code MurmurHash3} ({@code src/hash.cpp}): MurmurHash3 x86_32. */
    public static int murmurHash3(int seed, byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h1 = seed;
        int nblocks = data.length / 4;
        for (int i = 0; i < nblocks; i++) {
            int o = i * 4;
            int k1 = (data[o] & 0xff) | (data[o + 1] & 0xff) << 8 | (data[o + 2] & 0xff) << 16 | (data[o + 3] & 0xff) << 24;
            k1 *= c1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= c2;
            h1 ^= k1;
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }
        int tail = nblocks * 4;
        int k1 = 0;
        switch (data.length & 3) {
            case 3:
                k1 ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k1 ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k1 ^= data[tail] & 0xff;
                k1 *= c1;
                k1 = Integer.rotateLeft(k1, 15);
                k1 *= c2;
                h1 ^= k1;
                break;
            default:
                break;
        }
        h1 ^= data.length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }
}
