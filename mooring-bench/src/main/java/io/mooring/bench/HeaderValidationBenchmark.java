package io.mooring.bench;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.validation.ChainstateManager;
import io.mooring.validation.HeaderValidator;
import io.mooring.validation.HeadersResult;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.BlockHeader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Header validation against its physical limit, on real headers: mainnet heights 1..438 (bitcoinj's first blocks)
 * and Core's testnet3 heights 1..546 (where every header also walks back for the testnet 20-minute rule, as Core's
 * {@code GetNextWorkRequired} does). Header validation against its physical limit. {@code validateHeader}: per header, what accepting it costs in
 * validation (Core's {@code CheckBlockHeader}: hash the 80 bytes and check the proof of work; then
 * {@code ContextualCheckBlockHeader} against its real parent: next-work-required with the testnet 20-minute rule,
 * median time past, future time, version). {@code sha256dHeader}: only SHA256d of the same 80 serialised bytes, which
 * no validator can avoid. Scores are headers per second (ops are headers).
 */
public class HeaderValidationBenchmark extends BenchmarkBase {
    private static final int N = 438;

    @Param({"main", "test"})
    String chain;

    ChainParams params;
    BlockHeader[] headers;
    BlockIndex[] parents;
    byte[][] raw;
    long now;

    @Setup
    public void setup() throws Exception {
        params = ChainParamsLoader.builtIn(chain);
        List<byte[]> bytes = chain.equals("main") ? mainnetHeaders() : testnet3Headers();
        List<BlockHeader> list = new ArrayList<>();
        for (byte[] b : bytes.subList(0, N)) list.add(BlockHeader.read(new WireReader(b)));
        headers = list.toArray(new BlockHeader[0]);
        now = headers[N - 1].time() + 3600;
        ChainstateManager m = new ChainstateManager(params);
        HeadersResult r = m.processNewBlockHeaders(list, now);
        check(r.isValid() && r.accepted() == N, "all headers valid");
        bytes = bytes.subList(0, N);
        raw = bytes.toArray(new byte[0][]);
        parents = new BlockIndex[N];
        for (int i = 0; i < N; i++) parents[i] = m.lookup(headers[i].prevBlock());
        check(validateAll() == N, "every header passes");
    }

    /** Headers 1..438 from the blk-file layout (magic, length, block) of mainnet's first blocks. */
    private static List<byte[]> mainnetHeaders() throws Exception {
        byte[] file;
        try (InputStream in = HeaderValidationBenchmark.class.getResourceAsStream("mainnet-first-439-blocks.dat")) {
            file = in.readAllBytes();
        }
        List<byte[]> out = new ArrayList<>();
        for (int pos = 0; pos < file.length; ) {
            int len = (file[pos + 4] & 0xff) | (file[pos + 5] & 0xff) << 8 | (file[pos + 6] & 0xff) << 16
                    | (file[pos + 7] & 0xff) << 24;
            out.add(java.util.Arrays.copyOfRange(file, pos + 8, pos + 8 + BlockHeader.SIZE));
            pos += 8 + len;
        }
        return out.subList(1, out.size()); // the genesis is already in the tree
    }

    private static List<byte[]> testnet3Headers() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = HeaderValidationBenchmark.class.getResourceAsStream("blockheader_testnet3.hex")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("fork:")) out.add(HexFormat.of().parseHex(line));
            }
        }
        return out;
    }

    private int validateAll() {
        int ok = 0;
        for (int i = 0; i < N; i++) {
            BlockHeader h = headers[i];
            Hash256 hash = h.hash();
            if (HeaderValidator.checkBlockHeader(hash, h.bits(), params.consensus().pow()).isEmpty()
                    && HeaderValidator.contextualCheckBlockHeader(h, parents[i], params.consensus(), now).isEmpty()) {
                ok++;
            }
        }
        return ok;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void validateHeader(Blackhole bh) {
        for (int i = 0; i < N; i++) {
            BlockHeader h = headers[i];
            Hash256 hash = h.hash();
            bh.consume(HeaderValidator.checkBlockHeader(hash, h.bits(), params.consensus().pow()));
            bh.consume(HeaderValidator.contextualCheckBlockHeader(h, parents[i], params.consensus(), now));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void sha256dHeader(Blackhole bh) {
        for (int i = 0; i < N; i++) {
            bh.consume(Hashes.sha256d(raw[i], 0, BlockHeader.SIZE));
        }
    }

    /**
     * The same two measurements by thread CPU time, alternating in one JVM (4 warm-up and 12 measured rounds of about
     * 250 ms per side), for loaded machines where other processes inflate wall-clock scores: prints the median
     * nanoseconds per header of each side and their ratio. Run:
     * {@code java -cp mooring-bench/target/mooring-bench.jar io.mooring.bench.HeaderValidationBenchmark}.
     */
    public static void main(String[] args) throws Exception {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String chain : new String[] {"main", "test"}) {
            HeaderValidationBenchmark b = new HeaderValidationBenchmark();
            b.chain = chain;
            b.setup();
            List<Double> validate = new ArrayList<>();
            List<Double> sha = new ArrayList<>();
            for (int round = 0; round < 16; round++) {
                for (int side = 0; side < 2; side++) {
                    long calls = 0;
                    long start = cpu.getCurrentThreadCpuTime();
                    long end = start + 250_000_000L;
                    long now;
                    do {
                        for (int k = 0; k < 50; k++) {
                            if (side == 0) b.validateHeader(bh); else b.sha256dHeader(bh);
                        }
                        calls += 50;
                        now = cpu.getCurrentThreadCpuTime();
                    } while (now < end);
                    if (round >= 4) (side == 0 ? validate : sha).add((now - start) / (double) (calls * N));
                }
            }
            validate.sort(null);
            sha.sort(null);
            double v = validate.get(validate.size() / 2);
            double h = sha.get(sha.size() / 2);
            System.out.printf("%s: validateHeader %.0f ns/header, sha256dHeader %.0f ns/header, ratio %.2f%n",
                    chain, v, h, v / h);
        }
    }
}
