package io.mooring.anchors;

import io.mooring.wire.netaddress.PeerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Core's {@code CConnman::m_anchors}: the loaded list truncated to its first
 * {@link AnchorsDat#MAX_BLOCK_RELAY_ONLY_ANCHORS}, then consumed from the back ({@code back(); pop_back()}). Each
 * address is handed out once; one discarded by connection policy is not retried. Not thread-safe (owned by the
 * node loop).
 */
public final class AnchorQueue {
    private final List<PeerAddress> anchors;

    public AnchorQueue(List<PeerAddress> loaded) {
        this.anchors = new ArrayList<>(loaded.subList(0,
                Math.min(AnchorsDat.MAX_BLOCK_RELAY_ONLY_ANCHORS, loaded.size())));
    }

    /** Core's {@code %i block-relay-only anchors will be tried for connections.} */
    public String logLine() {
        return anchors.size() + " block-relay-only anchors will be tried for connections.";
    }

    public int size() {
        return anchors.size();
    }

    public boolean isEmpty() {
        return anchors.isEmpty();
    }

    /** Removes and returns the last anchor, or empty when none is left. */
    public Optional<PeerAddress> pollLast() {
        return anchors.isEmpty() ? Optional.empty() : Optional.of(anchors.remove(anchors.size() - 1));
    }

    /** The anchors not yet handed out, in file order. */
    public List<PeerAddress> remaining() {
        return List.copyOf(anchors);
    }
}
