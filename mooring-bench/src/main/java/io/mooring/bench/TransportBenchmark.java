package io.mooring.bench;

import io.mooring.net.TransportEvent;
import io.mooring.net.V1Transport;
import io.mooring.net.V2Transport;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * The cost of BIP324 next to v1 (no JVM peer implements BIP324, so the comparison is v2 against v1 on the same
 * machine): sending a real 998 KB block (mainnet 481,829) (v1: SHA256d checksum; v2: FSChaCha20Poly1305), and a whole v2 handshake
 * between two transports in memory (two ElligatorSwift keys, two x-only ECDHs, HKDF, version packets).
 */
public class TransportBenchmark extends BenchmarkBase {
    static final int REGTEST = 0xFABFB5DA;

    BlockMessage block;
    V1Transport v1;
    V2Transport v2;
    WireWriter out = new WireWriter(2_000_000);
    final FastRandomContext random = new FastRandomContext();

    @Setup
    public void setup() throws Exception {
        block = (BlockMessage) MessageDecoder.decode(MessageType.BLOCK, BenchData.block481829());
        v1 = new V1Transport(REGTEST);
        v2 = handshaken()[0];
        check(v2.protocol() == io.mooring.net.TransportProtocol.V2, "the v2 pair finished its handshake");
    }

    /** Two transports that completed the BIP324 handshake with each other; [0] is the initiator. */
    V2Transport[] handshaken() {
        V2Transport a = new V2Transport(REGTEST, true, random);
        V2Transport b = new V2Transport(REGTEST, false, random);
        List<TransportEvent> events = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            WireWriter w = new WireWriter();
            a.takeBytesToSend(w);
            b.receive(w.array(), 0, w.size(), events);
            w = new WireWriter();
            b.takeBytesToSend(w);
            a.receive(w.array(), 0, w.size(), events);
        }
        return new V2Transport[] {a, b};
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int v1SendBlock() {
        out.reset();
        return v1.encode(block, out);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int v2SendBlock() {
        out.reset();
        return v2.encode(block, out);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object v2Handshake() {
        return handshaken();
    }
}
