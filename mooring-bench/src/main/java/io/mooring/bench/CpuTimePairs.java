package io.mooring.bench;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A cross-check of the JMH numbers for shared, loaded machines: runs each Mooring/bitcoinj pair of the JMH
 * benchmarks alternately in one JVM (rounds of ~{@value #SLICE_MS} ms per side) and measures <em>process CPU
 * time</em> per operation (all threads, so garbage collection counts against the side that allocates), which other
 * processes competing for the cores do not inflate the way they inflate wall-clock throughput. Prints the median
 * over the rounds and the ratio bitcoinj/Mooring (higher is better for Mooring).
 *
 * <p>Run: {@code java -cp mooring-bench/target/mooring-bench.jar io.mooring.bench.CpuTimePairs [filter]}.
 */
public final class CpuTimePairs {
    private static final int SLICE_MS = 250;
    private static final int ROUNDS = 12;
    private static final int WARMUP_ROUNDS = 4;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Pair(String name, Callable<Object> mooring, Callable<Object> bitcoinj) {
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        List<Pair> pairs = new ArrayList<>();

        HeadersBenchmark h = new HeadersBenchmark();
        h.setup();
        pairs.add(new Pair("headers decode", () -> h.mooringDecode(bh), () -> h.bitcoinjDecode(bh)));
        pairs.add(new Pair("headers encode", h::mooringEncode, h::bitcoinjEncode));

        InvBenchmark inv = new InvBenchmark();
        inv.setup();
        pairs.add(new Pair("inv decode", inv::mooringDecode, inv::bitcoinjDecode));
        pairs.add(new Pair("inv encode", inv::mooringEncode, inv::bitcoinjEncode));

        for (String mix : new String[]{"ip", "ip+torv3"}) {
            AddrV2Benchmark a = new AddrV2Benchmark();
            a.mix = mix;
            a.setup();
            pairs.add(new Pair("addrv2[" + mix + "] decode", () -> a.mooringDecode(bh), a::bitcoinjDecode));
            pairs.add(new Pair("addrv2[" + mix + "] encode", a::mooringEncode, a::bitcoinjEncode));
        }

        for (String block : new String[]{"segwit", "block481829"}) {
            BlockBenchmark b = new BlockBenchmark();
            b.block = block;
            b.setup();
            pairs.add(new Pair("block[" + block + "] decode", () -> b.mooringDecode(bh), () -> b.bitcoinjDecode(bh)));
            pairs.add(new Pair("block[" + block + "] decode+txids", () -> b.mooringDecodeTxids(bh),
                    () -> b.bitcoinjDecodeTxids(bh)));
            pairs.add(new Pair("block[" + block + "] encode", b::mooringEncode, b::bitcoinjEncode));
        }

        VersionBenchmark v = new VersionBenchmark();
        v.setup();
        pairs.add(new Pair("version decode", v::mooringDecode, v::bitcoinjDecode));
        pairs.add(new Pair("version encode", v::mooringEncode, v::bitcoinjEncode));

        System.out.printf("%-28s %16s %16s %10s%n", "pair", "Mooring ns/op", "bitcoinj ns/op", "speed-up");
        for (Pair p : pairs) {
            if (!p.name.contains(filter)) continue;
            double[] m = new double[ROUNDS];
            double[] b = new double[ROUNDS];
            for (int r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
                double mr = slice(p.mooring, bh);
                double br = slice(p.bitcoinj, bh);
                if (r >= 0) {
                    m[r] = mr;
                    b[r] = br;
                }
            }
            double mm = median(m);
            double bm = median(b);
            System.out.printf("%-28s %16.0f %16.0f %9.2fx%n", p.name, mm, bm, bm / mm);
        }
    }

    /** Runs {@code op} for about SLICE_MS of wall time; returns process CPU nanoseconds per operation. */
    private static double slice(Callable<Object> op, Blackhole bh) throws Exception {
        long wallEnd = System.nanoTime() + SLICE_MS * 1_000_000L;
        long cpu0 = OS.getProcessCpuTime();
        long n = 0;
        do {
            bh.consume(op.call());
            n++;
        } while (System.nanoTime() < wallEnd);
        return (double) (OS.getProcessCpuTime() - cpu0) / n;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return (s[s.length / 2] + s[(s.length - 1) / 2]) / 2;
    }
}
