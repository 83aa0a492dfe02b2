package io.mooring.net;

/** Core's protocol version constants (node/protocol_version.h). Mooring speaks 70016, as released Core does. */
public final class ProtocolVersion {
    /** What we announce: released Core's PROTOCOL_VERSION (70017, BIP434, is only in Core's development branch). */
    public static final int PROTOCOL_VERSION = 70016;
    /** MIN_PEER_PROTO_VERSION: peers below this are disconnected ("using obsolete version"). */
    public static final int MIN_PEER_PROTO_VERSION = 31800;
    /** BIP31: pings carry a nonce and are answered with pong above this version. */
    public static final int BIP0031_VERSION = 60000;
    public static final int SENDHEADERS_VERSION = 70012;
    public static final int FEEFILTER_VERSION = 70013;
    public static final int SHORT_IDS_BLOCKS_VERSION = 70014;
    /** Peers from this version on do not ban for an invalid compact block (BIP152 relay before validation). */
    public static final int INVALID_CB_NO_BAN_VERSION = 70015;
    /** Core's CMPCTBLOCKS_VERSION: the only compact block version Core (and Mooring) speaks, with witnesses. */
    public static final long CMPCTBLOCKS_VERSION = 2;
    public static final int WTXID_RELAY_VERSION = 70016;

    private ProtocolVersion() {
    }
}
