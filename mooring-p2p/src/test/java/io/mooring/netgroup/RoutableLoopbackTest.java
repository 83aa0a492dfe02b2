package io.mooring.netgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.addrman.AddrMan;
import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mooring's regtest-only -regtestroutableloopback: off by default (Core's rules), a local test network when on. */
class RoutableLoopbackTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final NetAddress LOOPBACK = NetAddress.parse("127.0.0.7");

    static Set<Bytes> groupsOfTwentyLocalNodes(NetGroupManager groups) {
        Set<Bytes> out = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            NetEndpoint e = NetEndpoint.parse("127.0.0." + (1 + i % 4) + ":" + (18444 + i));
            out.add(groups.group(e.address(), e.port()));
        }
        return out;
    }

    @Test
    void offByDefaultLoopbackIsUnroutableAndOneGroup() {
        NetGroupManager groups = NetGroupManager.noAsmap();
        assertThat(groups.routableLoopback()).isFalse();
        assertThat(groups.isRoutable(LOOPBACK)).isFalse();
        assertThat(groupsOfTwentyLocalNodes(groups)).containsExactly(Bytes.wrap(new byte[] {0}));
    }

    @Test
    void whenOnLoopbackIsRoutableAndEachAddressAndPortIsItsOwnGroup() {
        NetGroupManager groups = NetGroupManager.noAsmap().withRoutableLoopback(true);
        assertThat(groups.isRoutable(LOOPBACK)).isTrue();
        assertThat(groupsOfTwentyLocalNodes(groups)).hasSize(20);
        // Other addresses keep Core's groups and routability.
        NetAddress pub = NetAddress.parse("33.4.5.6");
        assertThat(groups.group(pub, 8333)).isEqualTo(NetGroupManager.noAsmap().group(pub));
        assertThat(groups.isRoutable(NetAddress.parse("10.0.0.1"))).isFalse();
        assertThat(groups.isRoutable(NetAddress.parse("::1"))).isFalse();
    }

    @Test
    void addrManStoresAndAnswersLoopbackOnlyWhenOn() {
        List<PeerAddress> local = List.of(new PeerAddress(NOW.getEpochSecond() - 60,
                ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS, NetEndpoint.parse("127.0.0.7:18444")));
        NetAddress source = NetAddress.parse("127.0.0.9");
        AddrMan off = AddrMan.create(NetGroupManager.noAsmap(), new SplittableRandom(1));
        assertThat(off.add(local, source, NOW)).isFalse();
        assertThat(off.size()).isZero();
        AddrMan on = AddrMan.create(NetGroupManager.noAsmap().withRoutableLoopback(true), new SplittableRandom(1));
        assertThat(on.add(local, source, NOW)).isTrue();
        assertThat(on.getAddr(1000, 0, null, true, NOW)).extracting(PeerAddress::endpoint)
                .containsExactly(NetEndpoint.parse("127.0.0.7:18444"));
    }
}
