package io.mooring.connman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.banman.SubNet;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Core's net_permissions parsing: the cases of Core's netbase_tests/netpermissions_test and rpc_setban/p2p_permissions
 * start-up errors, with Core's messages.
 */
class NetPermissionsTest {
    private static List<String> names(NetPermissions p) {
        return p.names();
    }

    @Test
    void flagsCarryCoresImplications() {
        assertThat(new NetPermissions(NetPermissions.NOBAN).names()).containsExactly("noban", "download");
        assertThat(new NetPermissions(NetPermissions.FORCERELAY).names()).containsExactly("forcerelay", "relay");
        assertThat(new NetPermissions(NetPermissions.ALL).names())
                .containsExactly("bloomfilter", "noban", "forcerelay", "relay", "mempool", "download", "addr");
        assertThat(new NetPermissions(NetPermissions.DOWNLOAD).has(NetPermissions.NOBAN)).isFalse();
        assertThat(NetPermissions.EMPTY.names()).isEmpty();
    }

    @Test
    void whitebindReadsPermissionsAndAnAddressWithAPort() throws Exception {
        NetPermissions.Whitebind w = NetPermissions.parseWhitebind("1.2.3.4:32");
        assertThat(w.endpoint()).isEqualTo(NetEndpoint.parse("1.2.3.4:32"));
        assertThat(w.permissions().flags()).isEqualTo(NetPermissions.IMPLICIT);

        w = NetPermissions.parseWhitebind("@1.2.3.4:32");
        assertThat(w.permissions().flags()).isEqualTo(NetPermissions.NONE);
        assertThat(w.endpoint()).isEqualTo(NetEndpoint.parse("1.2.3.4:32"));

        w = NetPermissions.parseWhitebind("bloom,forcerelay,noban,relay,mempool@1.2.3.4:32");
        assertThat(names(w.permissions())).containsExactly("bloomfilter", "noban", "forcerelay", "relay", "mempool",
                "download");
        assertThat(NetPermissions.parseWhitebind("bloom,forcerelay,noban@1.2.3.4:32").permissions().flags())
                .isEqualTo(NetPermissions.BLOOMFILTER | NetPermissions.FORCERELAY | NetPermissions.NOBAN);
        assertThat(NetPermissions.parseWhitebind("all@1.2.3.4:32").permissions().flags()).isEqualTo(NetPermissions.ALL);
        // Empty names are allowed, anywhere.
        assertThat(NetPermissions.parseWhitebind(",,bloom,@1.2.3.4:32").permissions().flags())
                .isEqualTo(NetPermissions.BLOOMFILTER);
        assertThat(NetPermissions.parseWhitebind("in,relay@1.2.3.4:5").permissions().names()).containsExactly("relay");
        assertThat(NetPermissions.parseWhitebind("noban,,relay@[::1]:5").endpoint())
                .isEqualTo(NetEndpoint.parse("[::1]:5"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bloom,forcerelay,oopsie@1.2.3.4:32|Invalid P2P permission: 'oopsie'",
            "bloom,forcerelay,noban@1.2.3.4|Need to specify a port with -whitebind: '1.2.3.4'",
            "1.2.3.4|Need to specify a port with -whitebind: '1.2.3.4'",
            "noban@[::1]|Need to specify a port with -whitebind: '[::1]'",
            "noban@127.0.0.1/10|Cannot resolve -whitebind address: '127.0.0.1/10'",
            "localhost:7|Cannot resolve -whitebind address: 'localhost:7'",
            "999.1.1.1:5|Cannot resolve -whitebind address: '999.1.1.1:5'",
            "out@127.0.0.1:7|whitebind may only be used for incoming connections (\"out\" was passed)",
            "out,noban@1.2.3.4:5|whitebind may only be used for incoming connections (\"out\" was passed)",
            "bogus,out@1.2.3.4:5|Invalid P2P permission: 'bogus'",
            "in@127.0.0.1:7|Only direction was set, no permissions: 'in@127.0.0.1:7'",
    })
    void whitebindRefusesWithCoresWords(String value, String message) {
        assertThatThrownBy(() -> NetPermissions.parseWhitebind(value))
                .isInstanceOf(NetPermissions.ParseException.class).hasMessage(message);
    }

    @Test
    void whitelistReadsPermissionsDirectionsAndASubnet() throws Exception {
        NetPermissions.Whitelist w = NetPermissions.parseWhitelist("1.2.3.4");
        assertThat(w.permissions().flags()).isEqualTo(NetPermissions.IMPLICIT);
        assertThat(w.subnet()).isEqualTo(SubNet.parse("1.2.3.4/32"));
        assertThat(w.inbound()).isTrue();
        assertThat(w.outbound()).isFalse();

        w = NetPermissions.parseWhitelist("noban,mempool@1.2.3.0/24");
        assertThat(names(w.permissions())).containsExactly("noban", "mempool", "download");
        assertThat(w.subnet().matches(NetAddress.parse("1.2.3.200"))).isTrue();
        assertThat(w.subnet().matches(NetAddress.parse("1.2.4.1"))).isFalse();

        w = NetPermissions.parseWhitelist("noban,out@127.0.0.1");
        assertThat(w.inbound()).isFalse();
        assertThat(w.outbound()).isTrue();
        w = NetPermissions.parseWhitelist("in,out,addr@127.0.0.1");
        assertThat(w.inbound()).isTrue();
        assertThat(w.outbound()).isTrue();
        assertThat(names(w.permissions())).containsExactly("addr");

        assertThat(NetPermissions.parseWhitelist("@1.2.3.4").permissions().flags()).isEqualTo(NetPermissions.NONE);
        assertThat(names(NetPermissions.parseWhitelist("noban,,relay,noban@1.2.3.4").permissions()))
                .containsExactly("noban", "relay", "download");
        assertThat(NetPermissions.parseWhitelist("noban@1.2.3.4/255.255.255.0").subnet())
                .isEqualTo(SubNet.parse("1.2.3.0/24"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bloom,forcerelay,noban,relay,oopsie@1.2.3.4/32|Invalid P2P permission: 'oopsie'",
            "bogus@1.2.3.4|Invalid P2P permission: 'bogus'",
            "noban,Relay@1.2.3.4|Invalid P2P permission: 'Relay'",
            "in@1.2.3.4|Only direction was set, no permissions: 'in@1.2.3.4'",
            "in,out@127.0.0.1|Only direction was set, no permissions: 'in,out@127.0.0.1'",
            "out,in@1.2.3.4|Only direction was set, no permissions: 'out,in@1.2.3.4'",
            "noban@nothing|Invalid netmask specified in -whitelist: 'nothing'",
            "noban@127.0.0.1:230|Invalid netmask specified in -whitelist: '127.0.0.1:230'",
            "1.2.3.4/33|Invalid netmask specified in -whitelist: '1.2.3.4/33'",
            "''|Invalid netmask specified in -whitelist: ''",
    })
    void whitelistRefusesWithCoresWords(String value, String message) {
        assertThatThrownBy(() -> NetPermissions.parseWhitelist(value))
                .isInstanceOf(NetPermissions.ParseException.class).hasMessage(message);
    }

    @Test
    void implicitPermissionsBecomeCoresDefaultsAndRangesAddTheirOwn() throws Exception {
        List<NetPermissions.Whitelist> ranges = List.of(NetPermissions.parseWhitelist("addr@10.0.0.0/8"),
                NetPermissions.parseWhitelist("10.1.0.0/16"));
        NetAddress inside = NetAddress.parse("10.1.2.3");
        NetAddress outside = NetAddress.parse("192.0.2.1");
        // A plain -bind listener (no permissions) and an address in both ranges: addr, plus the implicit defaults.
        assertThat(NetPermissions.EMPTY.withWhitelist(inside, ranges, true, false).names())
                .containsExactly("noban", "relay", "mempool", "download", "addr");
        assertThat(NetPermissions.EMPTY.withWhitelist(outside, ranges, true, false).names()).isEmpty();
        // An implicit -whitebind listener: defaults whatever the address; -whitelistforcerelay adds forcerelay.
        NetPermissions implicit = new NetPermissions(NetPermissions.IMPLICIT);
        assertThat(implicit.withWhitelist(outside, ranges, true, false).names())
                .containsExactly("noban", "relay", "mempool", "download");
        assertThat(implicit.withWhitelist(outside, ranges, false, true).names())
                .containsExactly("noban", "forcerelay", "relay", "mempool", "download");
        assertThat(implicit.withWhitelist(outside, ranges, false, false).names())
                .containsExactly("noban", "mempool", "download");
        // An unknown address (Tor inbound) matches no range.
        assertThat(NetPermissions.EMPTY.withWhitelist(null, ranges, true, false).names()).isEmpty();
    }
}
