package io.mooring.bench;

import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import org.bitcoinj.core.InventoryMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** {@code inv} with 50,000 entries (98% MSG_WITNESS_TX, 2% MSG_BLOCK). Both sides build one object per entry. */
public class InvBenchmark extends BenchmarkBase {
    byte[] payload;
    InvMessage mooring;
    InventoryMessage bitcoinj;

    @Setup
    public void setup() throws Exception {
        InvMessage built = BenchData.inv();
        payload = built.payload();
        mooring = (InvMessage) MessageDecoder.decode(MessageType.INV, payload);
        bitcoinj = InventoryMessage.read(ByteBuffer.wrap(payload));
        check(mooring.equals(built), "Mooring round trip");
        check(bitcoinj.getItems().size() == BenchData.INV_ENTRIES, "bitcoinj entry count");
        check(Arrays.equals(bitcoinj.serialize(), payload), "bitcoinj re-encodes the same bytes");
    }

    @Benchmark
    public InvMessage mooringDecode() throws Exception {
        return (InvMessage) MessageDecoder.decode(MessageType.INV, payload);
    }

    @Benchmark
    public InventoryMessage bitcoinjDecode() {
        return InventoryMessage.read(ByteBuffer.wrap(payload));
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
