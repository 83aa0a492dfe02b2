package io.mooring.wire.netaddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetEndpointPortTest {
    @Test
    void parseWithoutDefaultRequiresAPort() {
        assertThat(NetEndpoint.parse("1.2.3.4:8333").port()).isEqualTo(8333);
        assertThat(NetEndpoint.parse("[2001:db8::1]:18444").port()).isEqualTo(18444);
        assertThatThrownBy(() -> NetEndpoint.parse("1.2.3.4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no port");
        assertThatThrownBy(() -> NetEndpoint.parse("2001:db8::10:28444")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultPortAppliesOnlyWhenNoneIsGiven() {
        assertThat(NetEndpoint.parse("1.2.3.4", 8333).port()).isEqualTo(8333);
        assertThat(NetEndpoint.parse("1.2.3.4:1", 8333).port()).isEqualTo(1);
    }
}
