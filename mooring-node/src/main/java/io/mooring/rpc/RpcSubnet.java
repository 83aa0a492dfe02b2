package io.mooring.rpc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A subnet for Core's {@code -rpcallowip}: a single address, {@code address/bits} or {@code address/netmask}.
 * IPv4-mapped IPv6 clients are matched as IPv4.
 */
public record RpcSubnet(byte[] network, byte[] mask) {

    /** 127.0.0.0/8, always allowed by Core. */
    public static final RpcSubnet LOCAL_V4 = parse("127.0.0.1/8");
    /** ::1, always allowed by Core. */
    public static final RpcSubnet LOCAL_V6 = parse("::1");

    public static RpcSubnet parse(String text) {
        String addrText = text;
        String maskText = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addrText = text.substring(0, slash);
            maskText = text.substring(slash + 1);
        }
        byte[] addr = literal(addrText);
        byte[] mask = new byte[addr.length];
        if (maskText == null) {
            java.util.Arrays.fill(mask, (byte) 0xff);
        } else if (maskText.matches("\\d{1,3}")) {
            int bits = Integer.parseInt(maskText);
            if (bits > addr.length * 8) throw new IllegalArgumentException("Invalid -rpcallowip subnet: " + text);
            for (int i = 0; i < mask.length; i++) {
                int b = Math.clamp(bits - i * 8L, 0, 8);
                mask[i] = (byte) (0xff << (8 - b));
            }
        } else {
            byte[] m = literal(maskText);
            if (m.length != addr.length) throw new IllegalArgumentException("Invalid -rpcallowip subnet: " + text);
            mask = m;
        }
        byte[] network = new byte[addr.length];
        for (int i = 0; i < addr.length; i++) network[i] = (byte) (addr[i] & mask[i]);
        return new RpcSubnet(network, mask);
    }

    private static byte[] literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!t.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("Invalid -rpcallowip subnet: " + text);
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid -rpcallowip subnet: " + text, e);
        }
    }

    public boolean matches(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet6Address && network.length == 4 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (address instanceof Inet4Address && network.length == 16) return false;
        if (a.length != network.length) return false;
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & mask[i]) != network[i]) return false;
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }
}
