package io.mooring.addrman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real mainnet peers.dat from ../shared/vectors/peers_dat: loads as Core, every slot recomputes, saves identically. */
class PeersDatRealFileTest {
    static final byte[] MAINNET = HexFormat.of().parseHex("f9beb4d9");
    static byte[] file;
    static AddrMan am;
    static final int OWN_SOURCE_SLOTS = 49_024;

    static Path realFile() {
        return Path.of(System.getProperty("mooring.root", "."), "..", "shared", "vectors", "peers_dat", "peers.dat");
    }

    @BeforeAll
    static void load() throws Exception {
        Path p = realFile();
        assertTrue(Files.isRegularFile(p), "missing test vector " + p);
        file = Files.readAllBytes(p);
        am = PeersDat.read(file, MAINNET, NetGroupManager.noAsmap(), new SplittableRandom(1));
    }

    @Test
    void loadsEveryAddressIntoTheTablesItCameFrom() {
        assertEquals(52_003, am.size());
        assertEquals(51_861, am.newCount());
        assertEquals(142, am.triedCount());
        assertEquals(44_689, am.size(Network.IPV4, null));
        assertEquals(7_037, am.size(Network.IPV6, null));
        assertEquals(277, am.size(Network.TORV3, null));
        assertEquals(0, am.check());
    }

    @Test
    void everyStoredSlotEqualsTheRecomputedBucketAndPosition() throws Exception {
        // Parse the file independently and compare each stored (bucket, index) with our bucket maths.
        WireReader r = new WireReader(file, 4, file.length - 36);
        r.readU8();
        r.readU8();
        Hash256 key = r.readHash();
        int nNew = r.readI32LE();
        int nTried = r.readI32LE();
        r.readI32LE();
        List<PeerAddress> addrs = new ArrayList<>();
        List<NetAddress> sources = new ArrayList<>();
        for (int i = 0; i < nNew + nTried; i++) {
            addrs.add(PeerAddress.readDisk(r));
            sources.add(NetAddress.readBip155(r));
            r.readI64LE();
            r.readI32LE();
        }
        assertEquals(key, am.key());
        int positions = 0;
        int[] refs = new int[nNew];
        for (int b = 0; b < AddrMan.NEW_BUCKET_COUNT; b++) {
            int count = r.readI32LE();
            int lastPos = -1;
            for (int j = 0; j < count; j++) {
                int idx = r.readI32LE();
                PeerAddress a = addrs.get(idx);
                int pos = am.bucketPosition(true, b, a.address(), a.port());
                assertTrue(pos > lastPos, "positions ascend within a bucket");
                lastPos = pos;
                assertEquals(idx, am.entry(false, b, pos), "new[" + b + "][" + pos + "]");
                refs[idx]++;
                positions++;
            }
        }
        assertEquals(55_684, positions);
        // The slot computed from the entry's own (first) source holds it unless a later add from another source
        // overwrote it there (Core's ClearNew): count how many sit there.
        int inOwnSourceSlot = 0;
        for (int i = 0; i < nNew; i++) {
            PeerAddress a = addrs.get(i);
            assertTrue(refs[i] >= 1 && refs[i] <= AddrMan.NEW_BUCKETS_PER_ADDRESS);
            int b = am.newBucket(a.address(), sources.get(i));
            if (am.entry(false, b, am.bucketPosition(true, b, a.address(), a.port())) == i) inOwnSourceSlot++;
        }
        System.out.println("peers.dat: " + inOwnSourceSlot + " of " + nNew + " new entries in their own-source slot");
        assertEquals(OWN_SOURCE_SLOTS, inOwnSourceSlot);
        for (int i = nNew; i < nNew + nTried; i++) {
            PeerAddress a = addrs.get(i);
            int b = am.triedBucket(a.address(), a.port());
            int p = am.bucketPosition(false, b, a.address(), a.port());
            int id = am.entry(true, b, p);
            assertTrue(id >= 0, "tried slot of " + a);
            assertEquals(a.endpoint(), am.info(a.endpoint()).orElseThrow().endpoint());
            assertTrue(am.info(a.endpoint()).orElseThrow().inTried());
        }
    }

    @Test
    void saveWritesTheSameBytes() {
        assertArrayEquals(file, PeersDat.write(am, MAINNET));
    }

    @Test
    void atomicSaveThenLoadRoundTrips(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path p = dir.resolve("peers.dat");
        PeersDat.save(am, MAINNET, p, new SplittableRandom(2));
        assertArrayEquals(file, Files.readAllBytes(p));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
        AddrMan again = PeersDat.load(p, MAINNET, NetGroupManager.noAsmap(), new SplittableRandom(3));
        assertEquals(52_003, again.size());
    }

    @Test
    void aDifferentAsmapRebucketsEveryEntryByItsOwnSource() throws Exception {
        AddrMan re = PeersDat.read(file, MAINNET, CoreBucketExpectationsTest.asmapRaw(), new SplittableRandom(4));
        assertEquals(0, re.check());
        assertEquals(140, re.triedCount(), "two tried entries collide under the new groups and are dropped");
        // one slot per entry (its own source): sources are few, so each source group reaches only 64 buckets and
        // entries collide; Core drops the losers (refcount 0)
        assertEquals(26_865, re.newCount());
        for (var e : re.entries(false)) {
            AddrInfo i = e.getKey();
            assertEquals(1, e.getValue().multiplicity());
            assertEquals(re.newBucket(i.address(), i.source()), e.getValue().bucket());
        }
        byte[] saved = PeersDat.write(re, MAINNET);
        AddrMan again = PeersDat.read(saved, MAINNET, CoreBucketExpectationsTest.asmapRaw(), new SplittableRandom(5));
        assertArrayEquals(saved, PeersDat.write(again, MAINNET));
    }
}
