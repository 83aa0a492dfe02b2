package io.mooring.net;

import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.util.Objects;

/**
 * What the node tells its peers about itself, and its handshake timeout.
 *
 * @param localServices     our service bits (Core: NODE_NETWORK_LIMITED | NODE_WITNESS, plus NODE_NETWORK when
 *                          every block is served)
 * @param userAgent         BIP14 user agent
 * @param relayTransactions false in -blocksonly mode; Mooring has no mempool yet, so the node passes false
 * @param feeFilter         the feefilter value sent after the handshake (MAX_MONEY while in initial block download)
 * @param peerTimeout       -peertimeout
 * @param routableLoopback  Mooring's regtest-only -regtestroutableloopback: relay 127.0.0.0/8 addresses as if they
 *                          were public (off by default; the node refuses it on other chains)
 * @param blocksOnly        Core's {@code -blocksonly} ({@code ignore_incoming_txs}): no feefilter is sent (Core's
 *                          MaybeSendFeefilter returns at once), and a transaction or transaction inv from a peer
 *                          without the relay permission disconnects it (Core's RejectIncomingTxs)
 */
public record PeerManagerOptions(long localServices, String userAgent, boolean relayTransactions, long feeFilter,
                                 Duration peerTimeout, boolean routableLoopback, boolean blocksOnly) {
    /** Core's MAX_MONEY in satoshis: the feefilter a node sends when it wants no transactions. */
    public static final long MAX_MONEY = 21_000_000L * 100_000_000L;
    /** Core's DEFAULT_PEER_CONNECT_TIMEOUT. */
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(60);

    public PeerManagerOptions {
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(peerTimeout, "peerTimeout");
    }

    /** Options with loopback unroutable, as Core. */
    public PeerManagerOptions(long localServices, String userAgent, boolean relayTransactions, long feeFilter,
                              Duration peerTimeout) {
        this(localServices, userAgent, relayTransactions, feeFilter, peerTimeout, false, false);
    }

    public PeerManagerOptions(long localServices, String userAgent, boolean relayTransactions, long feeFilter,
                              Duration peerTimeout, boolean routableLoopback) {
        this(localServices, userAgent, relayTransactions, feeFilter, peerTimeout, routableLoopback, false);
    }

    /** These options with Core's {@code -blocksonly} set to {@code on}. */
    public PeerManagerOptions withBlocksOnly(boolean on) {
        return new PeerManagerOptions(localServices, userAgent, relayTransactions && !on, feeFilter, peerTimeout,
                routableLoopback, on);
    }

    /** These options with -regtestroutableloopback set to {@code on}. */
    public PeerManagerOptions withRoutableLoopback(boolean on) {
        return new PeerManagerOptions(localServices, userAgent, relayTransactions, feeFilter, peerTimeout, on,
                blocksOnly);
    }


    public static PeerManagerOptions defaults(String userAgent) {
        return new PeerManagerOptions(ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS, userAgent, false,
                MAX_MONEY, DEFAULT_PEER_TIMEOUT);
    }
}
