package io.mooring.bench;

import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.message.VersionMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;

/**
 * {@code version} as Core 27 sends it. bitcoinj skips the sender address and the nonce when reading and writes zeros
 * for them; Mooring reads and writes both, so Mooring does slightly more work here.
 */
public class VersionBenchmark extends BenchmarkBase {
    byte[] payload;
    VersionMessage mooring;
    org.bitcoinj.core.VersionMessage bitcoinj;

    @Setup
    public void setup() throws Exception {
        VersionMessage built = BenchData.version();
        payload = built.payload();
        mooring = (VersionMessage) MessageDecoder.decode(MessageType.VERSION, payload);
        bitcoinj = org.bitcoinj.core.VersionMessage.read(ByteBuffer.wrap(payload));
        check(mooring.equals(built), "Mooring round trip");
        check(bitcoinj.serialize().length == payload.length, "bitcoinj encodes the same length");
        check(bitcoinj.subVer.equals(built.userAgent()) && bitcoinj.bestHeight == built.startHeight(),
                "bitcoinj reads the same fields");
    }

    @Benchmark
    public VersionMessage mooringDecode() throws Exception {
        return (VersionMessage) MessageDecoder.decode(MessageType.VERSION, payload);
    }

    @Benchmark
    public org.bitcoinj.core.VersionMessage bitcoinjDecode() {
        return org.bitcoinj.core.VersionMessage.read(ByteBuffer.wrap(payload));
    }

    @Benchmark
    public byte[] mooringEncode() {
        return mooring.payload();
    }

    @Benchmark
    public byte[] bitcoinjEncode() {
        return bitcoinj.serialize();
    }
}
