package io.mooring.bench;

import io.mooring.wire.message.AddrV2Message;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import org.bitcoinj.core.AddressV2Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * {@code addrv2} with 1,000 entries. {@code ip}: IPv4 and IPv6 only. {@code ip+torv3}: 30% TorV3. bitcoinj's
 * {@code PeerAddress.read} turns a TorV3 key into its {@code .onion} host name (base32 and a SHA3-256 checksum) while
 * parsing; Mooring keeps the 32-byte key, so in that mix Mooring's decode also computes the host name of every TorV3
 * entry ({@code NetAddress.toString()}), for equal work.
 */
public class AddrV2Benchmark extends BenchmarkBase {
    @Param({"ip", "ip+torv3"})
    public String mix;

    byte[] payload;
    AddrV2Message mooring;
    AddressV2Message bitcoinj;
    boolean tor;

    @Setup
    public void setup() throws Exception {
        tor = mix.contains("torv3");
        AddrV2Message built = BenchData.addrV2(tor ? 0.3 : 0.0);
        payload = built.payload();
        mooring = (AddrV2Message) MessageDecoder.decode(MessageType.ADDRV2, payload);
        bitcoinj = AddressV2Message.read(ByteBuffer.wrap(payload));
        check(mooring.equals(built), "Mooring round trip");
        check(bitcoinj.getAddresses().size() == BenchData.ADDRV2_ENTRIES, "bitcoinj entry count");
        check(Arrays.equals(bitcoinj.serialize(), payload), "bitcoinj re-encodes the same bytes");
    }

    @Benchmark
    public AddrV2Message mooringDecode(Blackhole bh) throws Exception {
        AddrV2Message m = (AddrV2Message) MessageDecoder.decode(MessageType.ADDRV2, payload);
        if (tor) {
            List<PeerAddress> as = m.addresses();
            for (int i = 0, n = as.size(); i < n; i++) {
                if (as.get(i).address().network() == Network.TORV3) bh.consume(as.get(i).address().toString());
            }
        }
        return m;
    }

    @Benchmark
    public AddressV2Message bitcoinjDecode() {
        return AddressV2Message.read(ByteBuffer.wrap(payload));
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
