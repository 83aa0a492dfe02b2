package io.mooring.net;

import java.time.Duration;

/**
 * What a {@link Peer} needs to know about its node: read-only facts and the node's randomness. The node loop
 * implements it; tests implement it with fixed values.
 */
public interface PeerContext {
    /** Our service bits: NODE_NETWORK_LIMITED | NODE_WITNESS, plus NODE_NETWORK when we serve every block. */
    long localServices();

    /** BIP14 user agent, e.g. {@code /Mooring:0.1.0/} or {@code /Mooring:0.1.0(comment)/}. */
    String userAgent();

    /** Our best block height, announced in version. */
    int startHeight();

    /** False in -blocksonly mode (and while Mooring has no mempool): version's relay flag is then false everywhere. */
    boolean relayTransactions();

    /** Core's {@code -blocksonly} ({@code ignore_incoming_txs}): no feefilter, transactions only from relay peers. */
    default boolean blocksOnly() {
        return false;
    }

    /** Core's Relay permission for this peer (from -whitelist/-whitebind): may send transactions in -blocksonly. */
    default boolean hasRelayPermission(PeerId peer) {
        return false;
    }

    /** Core's Mempool permission for this peer: its {@code mempool} request is valid without NODE_BLOOM. */
    default boolean hasMempoolPermission(PeerId peer) {
        return false;
    }

    /** Core's NoBan permission for this peer. */
    default boolean hasNoBanPermission(PeerId peer) {
        return false;
    }

    /** The fee rate (sat/kvB) to send in feefilter; Core sends MAX_MONEY while in initial block download. */
    long feeFilter();

    /** True when {@code nonce} is the version nonce of one of our own outbound connections still handshaking. */
    boolean isOwnOutboundNonce(long nonce);

    /** True when our tip is recent enough that NODE_NETWORK_LIMITED peers are acceptable outbound (Core: 144 blocks). */
    boolean acceptsLimitedPeers();

    /** -peertimeout: how long a new connection may go without completing the handshake (default 60 s). */
    Duration peerTimeout();

    /** A random 64-bit value (version and ping nonces), from the node's injected random source. */
    long randomNonce();

    /** Core's IsRoutable, as this node applies it (regtest may count loopback as routable: -regtestroutableloopback). */
    default boolean isRoutable(io.mooring.wire.netaddress.NetAddress address) {
        return address.isRoutable();
    }

    /** Whether we can reach addresses of this kind (Core's g_reachable_nets): others are not stored. */
    default boolean isReachable(io.mooring.wire.netaddress.NetAddress address) {
        return address.isIPv4() || address.isIPv6();
    }
}
