package io.mooring.bench;

import io.mooring.addrman.AddrMan;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Core's Select (the outbound connection choice) with the random source the node gives the address manager: the
 * JDK's {@link SecureRandom} (what nodes used before: NativePRNG, one lock for the whole process), Mooring's
 * {@link FastRandomContext} (ChaCha20, what nodes use now) and {@link SplittableRandom} (not unpredictable; the lower
 * bound). Two tables: 20 addresses (a young test network: Select probes ~50 empty buckets per pick, each a few random
 * draws) and 60,000 (a full new table).
 */
public class AddrManSelectRngBenchmark extends BenchmarkBase {
    static final Instant NOW = Instant.parse("2025-04-25T00:00:00Z");

    @Param({"SecureRandom", "FastRandomContext", "SplittableRandom"})
    public String rng;

    @Param({"20", "60000"})
    public int addresses;

    AddrMan addrMan;

    @Setup
    public void setup() {
        RandomGenerator random = switch (rng) {
            case "SecureRandom" -> new SecureRandom();
            case "FastRandomContext" -> new FastRandomContext();
            case "SplittableRandom" -> new SplittableRandom(7);
            default -> throw new IllegalArgumentException(rng);
        };
        addrMan = new AddrMan(NetGroupManager.noAsmap(), random, AddrMan.deterministicKey());
        SplittableRandom r = new SplittableRandom(42);
        int batches = 0;
        while (addrMan.size() < addresses && batches++ < addresses) {
            List<PeerAddress> batch = new ArrayList<>(10);
            for (int i = 0; i < 10 && addrMan.size() + i < addresses; i++) {
                batch.add(new PeerAddress(NOW.getEpochSecond() - 3600, ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                        AddrManBenchmark.randomRoutableIPv4(r), 8333));
            }
            addrMan.add(batch, AddrManBenchmark.randomRoutableIPv4(r), NOW);
        }
        check(addrMan.size() >= addresses * 0.9, "table holds about " + addresses + " addresses: " + addrMan.size());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object select() {
        return addrMan.select(false, NOW);
    }
}
