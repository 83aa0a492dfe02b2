package io.mooring.wire.netaddress;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real AddrInfo records from a Bitcoin Core peers.dat (shared/vectors/peers_dat/peers.dat): the resource
 * {@code peers_dat_records.bin} concatenates the first 300 records and every Tor v3 record (577 in all, without the
 * file header, bucket tables and checksum). Each record is a disk-format CAddress, the source address in BIP155
 * form, int64 last_success and int32 attempts.
 */
class PeersDatRecordsTest {

    private static byte[] records() throws IOException {
        try (InputStream in = PeersDatRecordsTest.class.getResourceAsStream("/netaddress/peers_dat_records.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void realPeersDatRecordsDecodeAndReencodeByteForByte() throws IOException, ProtocolException {
        byte[] bytes = records();
        WireReader r = new WireReader(bytes);
        WireWriter w = new WireWriter(bytes.length);
        Map<Network, Integer> counts = new EnumMap<>(Network.class);
        int n = 0;
        while (r.hasRemaining()) {
            PeerAddress a = PeerAddress.readDisk(r);
            NetAddress source = NetAddress.readBip155(r);
            long lastSuccess = r.readI64LE();
            int attempts = r.readI32LE();
            assertThat(a).isNotNull();
            assertThat(source).isNotNull();
            assertThat(a.address().isValid()).as(a.toString()).isTrue();
            counts.merge(a.address().network(), 1, Integer::sum);
            a.writeDisk(w);
            source.writeBip155(w);
            w.writeI64LE(lastSuccess).writeI32LE(attempts);
            n++;
        }
        assertThat(n).isEqualTo(577);
        assertThat(counts.get(Network.TORV3)).isEqualTo(277);
        assertThat(w.toByteArray()).isEqualTo(bytes);
    }
}
