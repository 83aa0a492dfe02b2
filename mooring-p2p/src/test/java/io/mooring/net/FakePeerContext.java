package io.mooring.net;

import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/** A deterministic {@link PeerContext} for scenario tests. */
final class FakePeerContext implements PeerContext {
    final Set<Long> ownNonces = new HashSet<>();
    final SplittableRandom random = new SplittableRandom(7);
    boolean relayTransactions = true;
    boolean acceptsLimitedPeers = false;
    long services = ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS;
    final Set<PeerId> mempoolPermission = new HashSet<>();
    final Set<PeerId> noBanPermission = new HashSet<>();

    @Override
    public boolean hasMempoolPermission(PeerId peer) {
        return mempoolPermission.contains(peer);
    }

    @Override
    public boolean hasNoBanPermission(PeerId peer) {
        return noBanPermission.contains(peer);
    }

    @Override
    public long localServices() {
        return services;
    }

    @Override
    public String userAgent() {
        return "/Mooring:0.1.0/";
    }

    @Override
    public int startHeight() {
        return 100;
    }

    @Override
    public boolean relayTransactions() {
        return relayTransactions;
    }

    @Override
    public long feeFilter() {
        return 2_100_000_000_000_000L;
    }

    @Override
    public boolean isOwnOutboundNonce(long nonce) {
        return ownNonces.contains(nonce);
    }

    @Override
    public boolean acceptsLimitedPeers() {
        return acceptsLimitedPeers;
    }

    @Override
    public Duration peerTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public long randomNonce() {
        return random.nextLong();
    }
}
