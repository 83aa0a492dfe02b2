package io.mooring.wire.netaddress;

import java.util.Objects;

/**
 * An address and a TCP port: Core's {@code CService}. The port is 0..65535 (I2P peers always use port 0).
 */
public record NetEndpoint(NetAddress address, int port) {
    public NetEndpoint {
        Objects.requireNonNull(address, "address");
        checkPort(port);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }

    /**
     * Core's ToStringAddrPort: {@code 1.2.3.4:8333}, {@code [2001:db8::1]:8333} (IPv6 and CJDNS bracketed),
     * {@code xxx.onion:8333}, {@code yyy.b32.i2p:0}, {@code zzz.internal:8333}.
     */
    @Override
    public String toString() {
        return switch (address.network()) {
            case IPV6, CJDNS -> "[" + address + "]:" + port;
            default -> address + ":" + port;
        };
    }

    /**
     * Parses {@code host[:port]} in the forms {@link #toString()} prints, plus bare IPv6 without brackets (then no
     * port can be given, as in Core's SplitHostPort). A missing port means {@code defaultPort}. No DNS lookups.
     *
     * @throws IllegalArgumentException for a bad host (see {@link NetAddress#parse}) or a port that is not a decimal
     *     number in 0..65535
     */
    public static NetEndpoint parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "text");
        if (defaultPort != PORT_REQUIRED) {
            checkPort(defaultPort);
        }
        String host = text;
        int port = defaultPort;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("unclosed bracket in \"" + text + "\"");
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after ']' in \"" + text + "\"");
                }
                port = parsePort(rest.substring(1), text);
            }
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("brackets hold an IPv6 address only: \"" + text + "\"");
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
                host = text.substring(0, colon);
                port = parsePort(text.substring(colon + 1), text);
            }
        }
        if (port == PORT_REQUIRED) {
            throw new IllegalArgumentException("no port in \"" + text + "\"");
        }
        return new NetEndpoint(NetAddress.parse(host), port);
    }

    /** Parses {@code text}, which must carry a port (as in seed lists and anchors). */
    public static NetEndpoint parse(String text) {
        return parse(text, PORT_REQUIRED);
    }

    private static final int PORT_REQUIRED = -1;

    private static int parsePort(String s, String text) {
        if (s.isEmpty() || s.length() > 5) {
            throw new IllegalArgumentException("bad port \"" + s + "\" in \"" + text + "\"");
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("bad port \"" + s + "\" in \"" + text + "\"");
            v = v * 10 + (c - '0');
        }
        if (v > 0xffff) throw new IllegalArgumentException("port out of range 0..65535 in \"" + text + "\"");
        return v;
    }
}
