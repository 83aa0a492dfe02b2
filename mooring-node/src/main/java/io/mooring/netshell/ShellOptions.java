package io.mooring.netshell;

import io.mooring.wire.netaddress.NetEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Socket-level settings of the shell (bitcoind's -bind/-port, -maxconnections, -maxreceivebuffer, -maxsendbuffer,
 * -proxy, -onion, -proxyrandomize).
 *
 * @param binds              where to listen; empty for -listen=0
 * @param maxConnections     -maxconnections (Core's default 125)
 * @param maxReceiveBuffer   -maxreceivebuffer in bytes: reading from a peer pauses while this much received data
 *                           waits for the node loop (Core: 5,000 KB)
 * @param maxSendBuffer      -maxsendbuffer in bytes: a peer whose unsent data exceeds this is not read from until it
 *                           drains (Core: 1,000 KB)
 * @param proxy              SOCKS5 proxy for all outbound connections, or null
 * @param onionProxy         SOCKS5 proxy for .onion destinations, or null (then {@code proxy} is used)
 * @param proxyRandomize     random credentials per connection, for Tor stream isolation
 * @param connectTimeout     Core's {@code -timeout} (nConnectTimeout): how long a TCP connect (to the peer, or to
 *                           the proxy) may take before the attempt is dropped (Core's default 5,000 ms)
 */
public record ShellOptions(List<InetSocketAddress> binds, int maxConnections, int maxReceiveBuffer, int maxSendBuffer,
                           InetSocketAddress proxy, InetSocketAddress onionProxy, boolean proxyRandomize,
                           Duration connectTimeout) {
    /** Core's automatic outbound slots: 8 full-relay + 2 block-relay-only + 1 feeler. */
    public static final int AUTOMATIC_OUTBOUND = 11;
    /** Core's DEFAULT_CONNECT_TIMEOUT. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(5000);

    public ShellOptions {
        binds = List.copyOf(binds);
        if (maxConnections < 0) throw new IllegalArgumentException("maxConnections < 0");
        if (maxReceiveBuffer <= 0 || maxSendBuffer <= 0) throw new IllegalArgumentException("buffers must be positive");
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** With Core's default connect timeout. */
    public ShellOptions(List<InetSocketAddress> binds, int maxConnections, int maxReceiveBuffer, int maxSendBuffer,
                        InetSocketAddress proxy, InetSocketAddress onionProxy, boolean proxyRandomize) {
        this(binds, maxConnections, maxReceiveBuffer, maxSendBuffer, proxy, onionProxy, proxyRandomize,
                DEFAULT_CONNECT_TIMEOUT);
    }

    /** These options with {@code -timeout} set. */
    public ShellOptions withConnectTimeout(Duration timeout) {
        return new ShellOptions(binds, maxConnections, maxReceiveBuffer, maxSendBuffer, proxy, onionProxy,
                proxyRandomize, timeout);
    }

    /** Core's max_inbound: the connections left after the automatic outbound slots. */
    public int maxInbound() {
        return Math.max(0, maxConnections - Math.min(AUTOMATIC_OUTBOUND, maxConnections));
    }

    public InetSocketAddress proxyFor(NetEndpoint target) {
        Objects.requireNonNull(target);
        if (target.address().isTor() && onionProxy != null) {
            return onionProxy;
        }
        return proxy;
    }

    public static ShellOptions loopbackDefaults(int port) {
        return new ShellOptions(List.of(new InetSocketAddress("127.0.0.1", port)), 125, 5_000_000, 1_000_000, null, null,
                true);
    }
}
