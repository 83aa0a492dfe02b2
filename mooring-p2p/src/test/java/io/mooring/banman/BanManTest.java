package io.mooring.banman;

import io.mooring.wire.netaddress.NetAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BanManTest {
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    final BanMan banMan = new BanMan(BanMan.DEFAULT_BAN_TIME, new SplittableRandom(42));

    static NetAddress a(String s) {
        return NetAddress.parse(s);
    }

    @Test
    void bannedSubnetCoversItsAddressesUntilTheBanEnds() {
        Instant until = NOW.plusSeconds(100);
        assertThat(banMan.ban(SubNet.parse("1.2.3.0/24"), until, NOW)).isTrue();
        assertThat(banMan.isBanned(a("1.2.3.4"), NOW)).isTrue();
        assertThat(banMan.isBanned(a("1.2.4.4"), NOW)).isFalse();
        assertThat(banMan.isBanned(a("1.2.3.4"), until.minusSeconds(1))).isTrue();
        assertThat(banMan.isBanned(a("1.2.3.4"), until)).isFalse(); // now < banned_until
        assertThat(banMan.isBanned(SubNet.parse("1.2.3.0/24"), NOW)).isTrue();
        assertThat(banMan.isBanned(SubNet.parse("1.2.3.4/32"), NOW)).isFalse(); // exact subnet only
    }

    @Test
    void sweepDropsOnlyBansPastTheirEnd() {
        Instant until = NOW.plusSeconds(100);
        banMan.ban(SubNet.parse("1.2.3.4"), until, NOW);
        banMan.ban(SubNet.parse("5.6.7.8"), NOW.plusSeconds(1000), NOW);
        assertThat(banMan.sweep(until)).isEmpty(); // Core sweeps when now > banned_until
        assertThat(banMan.sweep(until.plusSeconds(1)))
                .containsExactly("Removed banned node address/subnet: 1.2.3.4/32");
        assertThat(banMan.listBanned(until.plusSeconds(1)).keySet()).containsExactly(SubNet.parse("5.6.7.8"));
        assertThat(banMan.listBanned(NOW.plusSeconds(1001))).isEmpty();
    }

    @Test
    void aBanIsReplacedOnlyByALaterEnd() {
        SubNet s = SubNet.parse("1.2.3.4");
        banMan.ban(s, NOW.plusSeconds(500), NOW);
        assertThat(banMan.ban(s, NOW.plusSeconds(400), NOW.plusSeconds(1))).isFalse();
        assertThat(banMan.ban(s, NOW.plusSeconds(500), NOW.plusSeconds(1))).isFalse();
        assertThat(banMan.listBanned(NOW).get(s)).isEqualTo(new BanEntry(NOW.getEpochSecond(), NOW.getEpochSecond() + 500));
        assertThat(banMan.ban(s, NOW.plusSeconds(600), NOW.plusSeconds(2))).isTrue();
        assertThat(banMan.listBanned(NOW).get(s)).isEqualTo(new BanEntry(NOW.getEpochSecond() + 2, NOW.getEpochSecond() + 600));
    }

    @Test
    void banTimeOffsetFollowsSetban() {
        SubNet s = SubNet.parse("1.2.3.4");
        banMan.ban(s, 0, false, NOW);
        assertThat(banMan.listBanned(NOW).get(s).banUntil()).isEqualTo(NOW.getEpochSecond() + 86_400);
        SubNet t = SubNet.parse("1.2.3.5");
        banMan.ban(t, 60, false, NOW);
        assertThat(banMan.listBanned(NOW).get(t).banUntil()).isEqualTo(NOW.getEpochSecond() + 60);
        SubNet u = SubNet.parse("1.2.3.6");
        banMan.ban(u, 2_000_000_000L, true, NOW);
        assertThat(banMan.listBanned(NOW).get(u).banUntil()).isEqualTo(2_000_000_000L);
        SubNet v = SubNet.parse("1.2.3.7");
        banMan.ban(v, -5, true, NOW); // <= 0: default, relative, absolute flag ignored
        assertThat(banMan.listBanned(NOW).get(v).banUntil()).isEqualTo(NOW.getEpochSecond() + 86_400);
        BanMan shortBans = new BanMan(Duration.ofSeconds(10), new SplittableRandom(1));
        shortBans.ban(s, NOW);
        assertThat(shortBans.listBanned(NOW).get(s).banUntil()).isEqualTo(NOW.getEpochSecond() + 10);
    }

    @Test
    void unbanNeedsTheExactSubnet() {
        banMan.ban(SubNet.parse("1.2.3.0/24"), NOW.plusSeconds(100), NOW);
        assertThat(banMan.unban(SubNet.parse("1.2.3.4"))).isFalse();
        assertThat(banMan.unban(SubNet.parse("1.2.3.0/255.255.255.0"))).isTrue();
        assertThat(banMan.isBanned(a("1.2.3.4"), NOW)).isFalse();
        assertThat(banMan.unban(SubNet.parse("1.2.3.0/24"))).isFalse();
    }

    @Test
    void clearBannedEmptiesBansButNotDiscouragement() {
        banMan.ban(SubNet.parse("1.2.3.4"), NOW.plusSeconds(100), NOW);
        banMan.discourage(a("5.6.7.8"));
        banMan.markClean();
        banMan.clearBanned();
        assertThat(banMan.isDirty()).isTrue();
        assertThat(banMan.listBanned(NOW)).isEmpty();
        assertThat(banMan.isDiscouraged(a("5.6.7.8"))).isTrue();
    }

    @Test
    void dirtyFlagTracksChanges() {
        assertThat(banMan.isDirty()).isFalse();
        banMan.ban(SubNet.parse("1.2.3.4"), NOW.plusSeconds(100), NOW);
        assertThat(banMan.isDirty()).isTrue();
        banMan.markClean();
        banMan.ban(SubNet.parse("1.2.3.4"), NOW.plusSeconds(50), NOW);
        assertThat(banMan.isDirty()).isFalse();
        banMan.sweep(NOW.plusSeconds(101));
        assertThat(banMan.isDirty()).isTrue();
        banMan.recreate();
        assertThat(banMan.isDirty()).isTrue();
    }

    @Test
    void loadSweepsExpiredEntries() {
        SubNet old = SubNet.parse("1.1.1.1");
        SubNet live = SubNet.parse("2.2.2.2");
        var lines = banMan.load(Map.of(old, new BanEntry(1, NOW.getEpochSecond() - 1),
                live, new BanEntry(1, NOW.getEpochSecond() + 1)), NOW);
        assertThat(lines).containsExactly("Removed banned node address/subnet: 1.1.1.1/32");
        assertThat(banMan.listBanned(NOW).keySet()).containsExactly(live);
        assertThat(banMan.isDirty()).isTrue();
    }

    @Test
    void torAndIpv6BansMatchAsCore() {
        String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        banMan.ban(SubNet.parse(onion), NOW.plusSeconds(100), NOW);
        banMan.ban(SubNet.parse("2001:4860::/32"), NOW.plusSeconds(100), NOW);
        assertThat(banMan.isBanned(a(onion), NOW)).isTrue();
        assertThat(banMan.isBanned(a("2001:4860:1::1"), NOW)).isTrue();
        assertThat(banMan.isBanned(a("2001:4861::1"), NOW)).isFalse();
    }

    @Test
    void discouragementIsPerAddressAndProbabilistic() {
        assertThat(banMan.isDiscouraged(a("1.2.3.4"))).isFalse();
        banMan.discourage(a("1.2.3.4"));
        assertThat(banMan.isDiscouraged(a("1.2.3.4"))).isTrue();
        assertThat(banMan.isDiscouraged(a("1.2.3.5"))).isFalse();
        assertThat(banMan.isBanned(a("1.2.3.4"), NOW)).isFalse();
        String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        banMan.discourage(a(onion));
        assertThat(banMan.isDiscouraged(a(onion))).isTrue();
    }

    @Test
    void discouragementKeyIsCoresGetAddrBytes() {
        assertThat(BanMan.key(a("1.2.3.4"))).hasSize(16).endsWith(0xff - 256, 0xff - 256, 1, 2, 3, 4);
        assertThat(BanMan.key(a("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"))).hasSize(32);
    }

    @Test
    void discouragementForgetsAfterItsGenerations() {
        banMan.discourage(a("1.2.3.4"));
        for (int i = 0; i < 75_000; i++) {
            banMan.discourage(NetAddress.ipv4(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertThat(banMan.isDiscouraged(a("1.2.3.4"))).isFalse();
        assertThat(banMan.isDiscouraged(NetAddress.ipv4(new byte[] {10, 0, 0, 1}))).isFalse();
        assertThat(banMan.isDiscouraged(NetAddress.ipv4(new byte[] {10, 1, 0x24, (byte) 0xf7}))).isTrue();
    }
}
