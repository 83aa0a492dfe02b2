package io.mooring.addrman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Files Core refuses give a typed PeersDatException. */
class PeersDatCorruptionTest {
    static final byte[] MAINNET = PeersDatRealFileTest.MAINNET;

    static byte[] real() throws Exception {
        return Files.readAllBytes(PeersDatRealFileTest.realFile());
    }

    static PeersDatException.Kind kindOf(byte[] f) {
        return assertThrows(PeersDatException.class,
                () -> PeersDat.read(f, MAINNET, NetGroupManager.noAsmap(), new SplittableRandom(1))).kind();
    }

    /** Re-seals a modified body with a valid checksum. */
    static byte[] reseal(byte[] f) {
        byte[] out = f.clone();
        Hash256 h = Hashes.sha256d(out, 0, out.length - 32);
        h.writeTo(out, out.length - 32);
        return out;
    }

    @Test
    void truncatedFileIsTruncated() throws Exception {
        byte[] f = real();
        assertEquals(PeersDatException.Kind.TRUNCATED, kindOf(Arrays.copyOf(f, f.length - 1)));
        assertEquals(PeersDatException.Kind.TRUNCATED, kindOf(Arrays.copyOf(f, 3)));
        assertEquals(PeersDatException.Kind.TRUNCATED, kindOf(Arrays.copyOf(f, 20)));
        assertEquals(PeersDatException.Kind.TRUNCATED, kindOf(reseal(Arrays.copyOf(f, 1000))));
    }

    @Test
    void flippedByteFailsTheChecksum() throws Exception {
        byte[] f = real();
        f[123_456] ^= 1;
        assertEquals(PeersDatException.Kind.CHECKSUM, kindOf(f));
    }

    @Test
    void otherNetworksMagicIsRefused() throws Exception {
        byte[] f = real();
        assertEquals(PeersDatException.Kind.WRONG_MAGIC, assertThrows(PeersDatException.class,
                () -> PeersDat.read(f, HexFormat.of().parseHex("0b110907"), NetGroupManager.noAsmap(),
                        new SplittableRandom(1))).kind());
    }

    @Test
    void compatBelow32IsCorrupt() throws Exception {
        byte[] f = real();
        f[5] = 31;
        assertEquals(PeersDatException.Kind.CORRUPT, kindOf(reseal(f)));
    }

    @Test
    void newerIncompatibleFormatIsAVersionError() throws Exception {
        byte[] f = real();
        f[4] = 5;
        f[5] = 32 + 5;
        assertEquals(PeersDatException.Kind.VERSION, kindOf(reseal(f)));
    }

    @Test
    void newerCompatibleFormatLoads() throws Exception {
        byte[] f = real();
        f[4] = 7; // format 7 saying "readable by 4"
        AddrMan am = PeersDat.read(reseal(f), MAINNET, NetGroupManager.noAsmap(), new SplittableRandom(1));
        assertEquals(52_003, am.size());
    }

    @Test
    void countsOutOfRangeAreCorrupt() throws Exception {
        byte[] f = real();
        int nNewAt = 4 + 2 + 32;
        f[nNewAt + 3] = (byte) 0x80; // negative nNew
        assertEquals(PeersDatException.Kind.CORRUPT, kindOf(reseal(f)));
        byte[] g = real();
        int nTriedAt = nNewAt + 4;
        g[nTriedAt] = 0x01;
        g[nTriedAt + 1] = 0x40; // 16385 > 256*64
        assertEquals(PeersDatException.Kind.CORRUPT, kindOf(reseal(g)));
    }

    @Test
    void nullKeyFailsTheConsistencyCheck() throws Exception {
        byte[] f = real();
        Arrays.fill(f, 6, 38, (byte) 0);
        assertEquals(PeersDatException.Kind.CORRUPT, kindOf(reseal(f)));
    }
}
