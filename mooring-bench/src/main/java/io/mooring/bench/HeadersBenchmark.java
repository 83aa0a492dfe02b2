package io.mooring.bench;

import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.primitives.BlockHeader;
import org.bitcoinj.core.Block;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * {@code headers} with 2,000 headers. bitcoinj's {@code Block.read} hashes every header while parsing, so Mooring's
 * decode also calls {@link BlockHeader#hash()} on each header; both sides hand every hash to the Blackhole.
 */
public class HeadersBenchmark extends BenchmarkBase {
    byte[] payload;
    HeadersMessage mooring;
    org.bitcoinj.core.HeadersMessage bitcoinj;

    @Setup
    public void setup() throws Exception {
        HeadersMessage built = BenchData.headers();
        payload = built.payload();
        mooring = (HeadersMessage) MessageDecoder.decode(MessageType.HEADERS, payload);
        bitcoinj = org.bitcoinj.core.HeadersMessage.read(ByteBuffer.wrap(payload));
        check(mooring.equals(built), "Mooring round trip");
        check(Arrays.equals(bitcoinj.serialize(), payload), "bitcoinj re-encodes the same bytes");
        List<Block> bj = bitcoinj.getBlockHeaders();
        for (int i = 0; i < bj.size(); i++) {
            check(bj.get(i).getHash().toString().equals(mooring.headers().get(i).hash().toString()), "same hashes");
        }
    }

    @Benchmark
    public HeadersMessage mooringDecode(Blackhole bh) throws Exception {
        HeadersMessage m = (HeadersMessage) MessageDecoder.decode(MessageType.HEADERS, payload);
        List<BlockHeader> headers = m.headers();
        for (int i = 0, n = headers.size(); i < n; i++) {
            bh.consume(headers.get(i).hash());
        }
        return m;
    }

    @Benchmark
    public org.bitcoinj.core.HeadersMessage bitcoinjDecode(Blackhole bh) {
        org.bitcoinj.core.HeadersMessage m = org.bitcoinj.core.HeadersMessage.read(ByteBuffer.wrap(payload));
        List<Block> headers = m.getBlockHeaders();
        for (int i = 0, n = headers.size(); i < n; i++) {
            bh.consume(headers.get(i).getHash()); // computed during read; this is a field load
        }
        return m;
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
