package io.mooring.wire.netaddress;

import java.util.ArrayList;
import java.util.List;

/** Service bits a node advertises ({@code ServiceFlags}, Core's protocol.h); a uint64 bit set held in a long. */
public final class ServiceFlags {
    public static final long NODE_NONE = 0;
    /** Serves the full block chain. */
    public static final long NODE_NETWORK = 1L;
    /** BIP111: serves bloom-filtered connections. */
    public static final long NODE_BLOOM = 1L << 2;
    /** BIP144: serves witness data. */
    public static final long NODE_WITNESS = 1L << 3;
    /** BIP157/158: serves compact block filters. */
    public static final long NODE_COMPACT_FILTERS = 1L << 6;
    /** BIP159: serves the last 288 blocks. */
    public static final long NODE_NETWORK_LIMITED = 1L << 10;
    /** BIP324: accepts v2 encrypted transport. */
    public static final long NODE_P2P_V2 = 1L << 11;

    private ServiceFlags() {
    }

    /**
     * The names of the set bits, lowest bit first, as Core's {@code servicesnames} in RPC output: NETWORK, BLOOM,
     * WITNESS, COMPACT_FILTERS, NETWORK_LIMITED, P2P_V2, and {@code UNKNOWN[2^n]} for any other bit n.
     */
    public static List<String> names(long services) {
        List<String> names = new ArrayList<>(Long.bitCount(services));
        for (int bit = 0; bit < 64; bit++) {
            if ((services & (1L << bit)) != 0) names.add(name(bit));
        }
        return List.copyOf(names);
    }

    /** The name of one bit (0..63), as {@link #names(long)}. */
    public static String name(int bit) {
        return switch (bit) {
            case 0 -> "NETWORK";
            case 2 -> "BLOOM";
            case 3 -> "WITNESS";
            case 6 -> "COMPACT_FILTERS";
            case 10 -> "NETWORK_LIMITED";
            case 11 -> "P2P_V2";
            default -> {
                if (bit < 0 || bit > 63) throw new IllegalArgumentException("bit out of range 0..63: " + bit);
                yield "UNKNOWN[2^" + bit + "]";
            }
        };
    }
}
