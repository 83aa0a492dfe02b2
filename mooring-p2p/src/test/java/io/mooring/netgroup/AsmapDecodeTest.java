package io.mooring.netgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.netaddress.NetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** decode() and diff() against the interpreter: every address maps to the ASN of the decoded range holding it. */
class AsmapDecodeTest {
    /** The decoded range holding the address, by binary search over the sorted, disjoint entries; 0 if none. */
    static long asnFromEntries(List<Asmap.Entry> entries, byte[] ip16) {
        Asmap.Entry e = find(entries, Asmap.Entry::prefix, ip16);
        return e == null ? 0 : e.asn();
    }

    /** Binary search over sorted, disjoint prefixes; null if none holds the address. */
    static <T> T find(List<T> sorted, java.util.function.Function<T, AsmapPrefix> prefixOf, byte[] ip16) {
        int lo = 0;
        int hi = sorted.size() - 1;
        AsmapPrefix probe = new AsmapPrefix(high(ip16), low(ip16), 128);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            T t = sorted.get(mid);
            AsmapPrefix p = prefixOf.apply(t);
            if (p.contains(ip16)) return t;
            if (p.compareTo(probe) < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }

    static long high(byte[] a) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (a[i] & 0xff);
        return v;
    }

    static long low(byte[] a) {
        long v = 0;
        for (int i = 8; i < 16; i++) v = (v << 8) | (a[i] & 0xff);
        return v;
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4).map(Asmap::mappedIPv4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        // real IPv6 space is mostly 2000::/3: bias towards it so that mapped ranges are hit
        Arbitrary<byte[]> global = v6.map(a -> {
            a[0] = (byte) (0x20 | (a[0] & 0x1f));
            return a;
        });
        return Arbitraries.oneOf(v4, v6, global);
    }

    @Property(tries = 400)
    void lookupEqualsTheAsnOfTheDecodedRangeInCoresTestMap(@ForAll("addresses") byte[] ip) {
        Asmap m = AsmapFixtures.map(AsmapFixtures.RAW);
        assertThat(asnFromEntries(m.decode(), ip)).isEqualTo(m.lookup(ip));
    }

    @Property(tries = 400)
    void lookupEqualsTheAsnOfTheDecodedRangeInTheRealMaps(@ForAll("addresses") byte[] ip) {
        for (String file : new String[] {AsmapFixtures.FILLED, AsmapFixtures.UNFILLED}) {
            Asmap m = AsmapFixtures.map(file);
            List<Asmap.Entry> entries = Decoded.of(file, m);
            assertThat(asnFromEntries(entries, ip)).as(file).isEqualTo(m.lookup(ip));
            assertThat(m.trieLookup(ip)).as(file).isEqualTo(m.lookup(ip));
        }
    }

    /** decode() of a 1.5 MB map is big; keep one copy per file. */
    static final class Decoded {
        private static final java.util.concurrent.ConcurrentHashMap<String, List<Asmap.Entry>> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        static List<Asmap.Entry> of(String file, Asmap m) {
            return CACHE.computeIfAbsent(file, f -> m.decode());
        }
    }

    @Test
    void decodedRangesAreSortedDisjointAndNonZero() {
        for (String file : new String[] {AsmapFixtures.RAW, AsmapFixtures.FILLED, AsmapFixtures.UNFILLED}) {
            List<Asmap.Entry> entries = file.equals(AsmapFixtures.RAW) ? AsmapFixtures.map(file).decode()
                    : Decoded.of(file, AsmapFixtures.map(file));
            assertThat(entries).isNotEmpty();
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i).asn()).isNotZero();
                if (i > 0) {
                    AsmapPrefix prev = entries.get(i - 1).prefix();
                    AsmapPrefix cur = entries.get(i).prefix();
                    assertThat(prev.compareTo(cur)).isNegative();
                    assertThat(prev.contains(cur.toBytes())).isFalse();
                }
            }
        }
    }

    @Test
    void coresTestMapDecodesToItsCompressedRanges() {
        // asmap.raw is compressed (filled): 250.0.0.0/8 -> AS1000 and 101.N.0.0/16 -> N, as addrman_tests.cpp
        // describes, with the space around them reassigned to neighbours
        List<String> lines = AsmapFixtures.map(AsmapFixtures.RAW).decode().stream().map(Object::toString).toList();
        assertThat(lines).containsExactly("101.0.0.0/15 AS1", "101.2.0.0/16 AS2", "101.3.0.0/16 AS3",
                "101.4.0.0/16 AS4", "101.5.0.0/16 AS5", "101.6.0.0/16 AS6", "101.7.0.0/16 AS7", "101.8.0.0/13 AS8",
                "128.0.0.0/1 AS1000");
    }

    @Test
    void realMapsDecodeWellKnownPrefixes() {
        List<Asmap.Entry> entries = Decoded.of(AsmapFixtures.UNFILLED, AsmapFixtures.map(AsmapFixtures.UNFILLED));
        byte[] google = NetAddress.parse("2001:4860:4860::8888").bytes().toArray();
        Asmap.Entry hit = entries.stream().filter(e -> e.prefix().contains(google)).findFirst().orElseThrow();
        assertThat(hit.asn()).isEqualTo(15169);
        assertThat(hit.prefix().toString()).startsWith("2001:4860:");
        byte[] quad8 = Asmap.mappedIPv4(new byte[] {8, 8, 8, 8});
        Asmap.Entry v4 = entries.stream().filter(e -> e.prefix().contains(quad8)).findFirst().orElseThrow();
        assertThat(v4.asn()).isEqualTo(15169);
        assertThat(v4.prefix().isIPv4()).isTrue();
        assertThat(v4.toString()).matches("8\\.8\\.\\d+\\.\\d+/\\d+ AS15169");
    }

    @Test
    void aMapHasNoDifferenceFromItself() {
        Asmap m = AsmapFixtures.map(AsmapFixtures.RAW);
        assertThat(m.diff(m)).isEmpty();
    }

    @Test
    void fillingOnlyAssignsUnmappedSpace() {
        Asmap filled = AsmapFixtures.map(AsmapFixtures.FILLED);
        Asmap unfilled = AsmapFixtures.map(AsmapFixtures.UNFILLED);
        List<Asmap.Difference> diff = unfilled.diff(filled);
        assertThat(diff).isNotEmpty();
        assertThat(diff).allSatisfy(d -> {
            assertThat(d.oldAsn()).isZero();
            assertThat(d.newAsn()).isNotZero();
        });
        assertThat(diff).anySatisfy(d -> assertThat(d.prefix().contains(Asmap.mappedIPv4(new byte[] {10, 0, 0, 1})))
                .isTrue());
    }

    @Property(tries = 300)
    void diffListsExactlyTheAddressesWhoseAsnChanged(@ForAll("addresses") byte[] ip) {
        Asmap a = AsmapFixtures.map(AsmapFixtures.RAW);
        Asmap b = AsmapFixtures.map(AsmapFixtures.FILLED);
        List<Asmap.Difference> diff = DiffCache.rawToFilled(a, b);
        Asmap.Difference hit = find(diff, Asmap.Difference::prefix, ip);
        if (a.lookup(ip) == b.lookup(ip)) {
            assertThat(hit).isNull();
        } else {
            assertThat(hit).isNotNull();
            assertThat(hit.oldAsn()).isEqualTo(a.lookup(ip));
            assertThat(hit.newAsn()).isEqualTo(b.lookup(ip));
        }
    }

    static final class DiffCache {
        private static volatile List<Asmap.Difference> rawToFilled;

        static List<Asmap.Difference> rawToFilled(Asmap a, Asmap b) {
            if (rawToFilled == null) rawToFilled = a.diff(b);
            return rawToFilled;
        }
    }
}
