package io.mooring.wire.netaddress;

/**
 * The networks an address can belong to, as Core's {@code enum Network} (netaddress.h) joined with BIP155's network
 * ids. TorV2 (BIP155 id 3) is gone from Core and has no constant: {@link #fromBip155Id(int)} returns null for it, as
 * for every unknown id, so the address is skipped.
 */
public enum Network {
    /** BIP155 id 1, 4 bytes. */
    IPV4(1, 4, "ipv4"),
    /** BIP155 id 2, 16 bytes. */
    IPV6(2, 16, "ipv6"),
    /** BIP155 id 4, the 32-byte ed25519 public key of a Tor v3 onion service. */
    TORV3(4, 32, "onion"),
    /** BIP155 id 5, the 32-byte SHA-256 of an I2P destination. */
    I2P(5, 32, "i2p"),
    /** BIP155 id 6, 16 bytes in fc00::/8. */
    CJDNS(6, 16, "cjdns"),
    /**
     * Core's NET_INTERNAL: a 10-byte pseudo-address naming something that is not an address (a DNS seed name).
     * It has no BIP155 id; on the wire it travels as IPv6 in fd6b:88c0:8724::/48.
     */
    INTERNAL(-1, 10, "internal");

    private final int bip155Id;
    private final int addressLength;
    private final String rpcName;

    Network(int bip155Id, int addressLength, String rpcName) {
        this.bip155Id = bip155Id;
        this.addressLength = addressLength;
        this.rpcName = rpcName;
    }

    /** The BIP155 network id, or -1 for {@link #INTERNAL}, which is serialised as {@link #IPV6}. */
    public int bip155Id() {
        return bip155Id;
    }

    /** The address length in bytes (for INTERNAL: the 10 bytes after the fd6b:88c0:8724::/48 prefix). */
    public int addressLength() {
        return addressLength;
    }

    /** Core's network name as RPCs print it ({@code GetNetworkName}): ipv4, ipv6, onion, i2p, cjdns, internal. */
    public String rpcName() {
        return rpcName;
    }

    /** The network with this BIP155 id, or null for an unknown id and for TorV2 (3), which Core skips. */
    public static Network fromBip155Id(int id) {
        return switch (id) {
            case 1 -> IPV4;
            case 2 -> IPV6;
            case 4 -> TORV3;
            case 5 -> I2P;
            case 6 -> CJDNS;
            default -> null;
        };
    }

    /** The network whose {@link #rpcName()} is {@code name}, or null. */
    public static Network fromRpcName(String name) {
        for (Network n : values()) {
            if (n.rpcName.equals(name)) return n;
        }
        return null;
    }
}
