package io.mooring.node;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names in -connect, -addnode, -seednode, -externalip and the addnode RPC, as Core's {@code Lookup} in
 * ConnectNode and init: a target is either a numeric address (or .onion/.i2p/.internal name) that
 * {@link NetEndpoint#parse} understands, or a DNS host name with an optional port, resolved when it is used.
 */
final class HostTargets {
    private HostTargets() {
    }

    /** A host name and the port to use with whatever it resolves to. */
    record HostName(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** What a -connect/-addnode/-seednode value is. */
    sealed interface Target permits Numeric, Named {
    }

    record Numeric(NetEndpoint endpoint) implements Target {
    }

    record Named(HostName name) implements Target {
    }

    /** RFC 1123 labels: letters, digits and inner hyphens, up to 63 characters; at most 253 characters in all. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /**
     * Classifies {@code value} ("host", "host:port", "1.2.3.4:port", "[::1]:port", "x.onion", ...).
     *
     * @throws IllegalArgumentException for a value that is neither an address nor a host name
     */
    static Target parse(String value, int defaultPort) {
        IllegalArgumentException notNumeric;
        try {
            return new Numeric(NetEndpoint.parse(value, defaultPort));
        } catch (IllegalArgumentException e) {
            notNumeric = e;
        }
        String host = value;
        int port = defaultPort;
        int colon = value.lastIndexOf(':');
        if (colon >= 0 && value.indexOf(':') == colon) {
            host = value.substring(0, colon);
            String p = value.substring(colon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("invalid port in \"" + value + "\"");
            }
            port = Integer.parseInt(p);
        }
        if (!isHostName(host)) {
            throw notNumeric;
        }
        return new Named(new HostName(host.toLowerCase(Locale.ROOT), port));
    }

    static boolean isHostName(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty() || h.length() > 253) return false;
        String[] labels = h.split("\\.", -1);
        for (String l : labels) {
            if (!LABEL.matcher(l).matches()) return false;
        }
        // An all-numeric last label is a malformed IPv4 address, not a name.
        return !labels[labels.length - 1].matches("[0-9]+");
    }

    /**
     * The resolver for host names: the hidden -dnsserver when set (tests), otherwise the system's (hosts file and DNS,
     * as Core's getaddrinfo). Empty when the name does not resolve.
     */
    static DnsSeeder.HostResolver resolver(Optional<String> dnsServer) {
        if (dnsServer.isPresent()) {
            return DnsSeeder.dnsjava(dnsServer, DnsSeeder.QUERY_TIMEOUT);
        }
        return host -> {
            List<NetAddress> out = new ArrayList<>();
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    out.add(NetAddress.fromInetAddress(a));
                }
            } catch (UnknownHostException | SecurityException e) {
                return List.of();
            }
            return out;
        };
    }
}
