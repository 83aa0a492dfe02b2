package io.mooring.bench;

import io.mooring.addrman.AddrMan;
import io.mooring.addrman.PeersDat;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The address manager at Core's capacity (1,024 × 64 = 65,536 new and 256 × 64 = 16,384 tried slots), filled with
 * random routable IPv4 addresses from many /16 groups and sources under a fixed key and seed, and the real 52,003-entry
 * mainnet peers.dat ({@code ../shared/vectors/peers_dat}, or {@code -Dmooring.peersdat=...}). Targets: Select p50 &lt;
 * 1 µs, GetAddr(1000) &lt; 250 µs, Add &lt; 2 µs, load &lt; 150 ms. Select and GetAddr are sampled (SampleTime gives the
 * percentiles); Add and Good change the tables, so each call takes the next address of a ring made at set-up.
 */
public class AddrManBenchmark extends BenchmarkBase {
    static final byte[] MAINNET_MAGIC = {(byte) 0xf9, (byte) 0xbe, (byte) 0xb4, (byte) 0xd9};
    static final Instant NOW = Instant.parse("2025-04-25T00:00:00Z");
    static final int RING = 1 << 18;

    AddrMan full;
    PeerAddress[] fresh;
    NetAddress[] freshSources;
    NetEndpoint[] known;
    int nextAdd;
    int nextGood;
    byte[] peersDat;
    AddrMan loaded;

    static NetAddress randomRoutableIPv4(SplittableRandom r) {
        while (true) {
            byte[] b = new byte[4];
            r.nextBytes(b);
            NetAddress a = NetAddress.ipv4(b);
            if (a.isRoutable()) return a;
        }
    }

    @Setup
    public void setup() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        full = new AddrMan(NetGroupManager.noAsmap(), new SplittableRandom(7), AddrMan.deterministicKey());
        // Sources from 4,096 /16 groups; each batch of 10 addresses arrives from one source, as an ADDR message would.
        NetAddress[] sources = new NetAddress[4096];
        for (int i = 0; i < sources.length; i++) sources[i] = randomRoutableIPv4(r);
        List<NetEndpoint> added = new ArrayList<>();
        fill(r, sources, added, 60_000);
        // Move addresses to tried (evicting, as without test-before-evict) until the tried table is nearly full, then
        // refill the new table with more gossip.
        for (int i = 0; i < added.size() && full.triedCount() < 15_000; i++) {
            full.good(added.get(i), false, NOW);
        }
        for (int k = 0; k < 20 && full.newCount() < 60_000; k++) fill(r, sources, added, 5_000);
        check(full.newCount() > 55_000, "new table nearly full: " + full.newCount());
        check(full.triedCount() > 14_500, "tried table nearly full: " + full.triedCount());
        fresh = new PeerAddress[RING];
        freshSources = new NetAddress[RING];
        for (int i = 0; i < RING; i++) {
            fresh[i] = new PeerAddress(NOW.getEpochSecond() - 60, ServiceFlags.NODE_NETWORK, randomRoutableIPv4(r), 8333);
            freshSources[i] = sources[r.nextInt(sources.length)];
        }
        List<Map.Entry<io.mooring.addrman.AddrInfo, AddrMan.AddressPosition>> newEntries = full.entries(false);
        known = new NetEndpoint[newEntries.size()];
        for (int i = 0; i < known.length; i++) known[i] = newEntries.get(i).getKey().endpoint();
        Path file = Path.of(System.getProperty("mooring.peersdat",
                Path.of("..", "shared", "vectors", "peers_dat", "peers.dat").toString()));
        peersDat = Files.readAllBytes(file);
        loaded = PeersDat.read(peersDat, MAINNET_MAGIC, NetGroupManager.noAsmap(), new SplittableRandom(1));
        check(loaded.size() == 52_003, "peers.dat holds 52,003 addresses");
    }

    private void fill(SplittableRandom r, NetAddress[] sources, List<NetEndpoint> added, int batches) {
        for (int batch = 0; batch < batches; batch++) {
            List<PeerAddress> addrs = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                NetAddress a = randomRoutableIPv4(r);
                addrs.add(new PeerAddress(NOW.getEpochSecond() - r.nextInt(3 * 24 * 3600),
                        ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS, a, 8333));
            }
            full.add(addrs, sources[r.nextInt(sources.length)], NOW);
            for (PeerAddress a : addrs) added.add(new NetEndpoint(a.address(), a.port()));
        }
    }

    /** Core's Select(new_only=false): the outbound connection choice. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object select() {
        return full.select(false, NOW);
    }

    /** Core's GetAddr(1000, 23%, no network, filtered): a GETADDR reply before caching. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<PeerAddress> getAddr1000() {
        return full.getAddr(1000, 23, null, true, NOW);
    }

    /** Core's Add of one new address from a gossiping peer into the full tables. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean add() {
        int i = nextAdd++ & (RING - 1);
        return full.add(List.of(fresh[i]), freshSources[i], NOW);
    }

    /** Core's Good (test-before-evict) for an address from the new table after a successful connection. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean good() {
        NetEndpoint e = known[nextGood++ % known.length];
        return full.good(e, NOW);
    }

    /** Reading the real peers.dat: checksum, 52,003 entries, bucket placement as Core's Unserialize. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AddrMan loadPeersDat() throws Exception {
        return PeersDat.read(peersDat, MAINNET_MAGIC, NetGroupManager.noAsmap(), new SplittableRandom(1));
    }

    /** Writing it back (the bytes Core's DumpPeerAddresses would write; no file I/O). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] savePeersDat() {
        return PeersDat.write(loaded, MAINNET_MAGIC);
    }
}
