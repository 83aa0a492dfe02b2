package io.mooring.addrman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mooring.netgroup.Asmap;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.netaddress.NetAddress;

import java.io.InputStream;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The bucket numbers Core's addrman_tests.cpp pins (caddrinfo_get_tried/new_bucket, with and without asmap.raw). */
class CoreBucketExpectationsTest {
    /** Core's {@code (HashWriter{} << n).GetHash()}: SHA256d of the int32 little-endian. */
    static Hash256 hashWriterInt(int n) {
        return Hashes.sha256d(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
    }

    static NetGroupManager asmapRaw() throws Exception {
        try (InputStream in = CoreBucketExpectationsTest.class.getResourceAsStream("/asmap/asmap.raw")) {
            return NetGroupManager.withAsmap(Asmap.fromBytes(in.readAllBytes(), "asmap.raw"));
        }
    }

    static AddrMan am(NetGroupManager ngm, int keyN) {
        return new AddrMan(ngm, new SplittableRandom(0), hashWriterInt(keyN));
    }

    @Test
    void triedBucketWithoutAsmapIs40() {
        NetAddress a = NetAddress.parse("250.1.1.1");
        assertEquals(40, am(NetGroupManager.noAsmap(), 1).triedBucket(a, 8333));
        assertNotEquals(am(NetGroupManager.noAsmap(), 1).triedBucket(a, 8333),
                am(NetGroupManager.noAsmap(), 2).triedBucket(a, 8333));
    }

    @Test
    void newBucketWithoutAsmapIs786() {
        NetAddress a = NetAddress.parse("250.1.2.1");
        assertEquals(786, am(NetGroupManager.noAsmap(), 1).newBucket(a, a));
    }

    @Test
    void triedBucketWithAsmapRawIs236() throws Exception {
        NetAddress a = NetAddress.parse("250.1.1.1");
        assertEquals(236, am(asmapRaw(), 1).triedBucket(a, 8333));
    }

    @Test
    void newBucketWithAsmapRawIs795() throws Exception {
        NetAddress a = NetAddress.parse("250.1.2.1");
        assertEquals(795, am(asmapRaw(), 1).newBucket(a, a));
    }
}
