package io.mooring.net;

import io.mooring.wire.message.Message;
import io.mooring.wire.message.VersionMessage;

/** What a {@link Peer} asks its node to do. The node loop executes these; tests assert on them. */
public sealed interface PeerAction {
    /** Send {@code message} to this peer. */
    record Send(Message message) implements PeerAction {
    }

    /**
     * Close the connection. {@code misbehaving} marks a protocol violation for which Core would discourage the peer
     * (the node applies its permissions: manual, noban and local peers are only disconnected).
     */
    record Disconnect(String reason, boolean misbehaving) implements PeerAction {
    }

    /** Their version was accepted (services, version and nonce checks passed): the node may update addrman. */
    record VersionAccepted(VersionMessage version) implements PeerAction {
    }

    /** Both sides have sent and received verack: the connection is fully established. */
    record HandshakeComplete() implements PeerAction {
    }

    /** Addresses this peer gave us that passed Core's checks: for the address manager, with the peer as source. */
    record AddressesReceived(java.util.List<io.mooring.wire.netaddress.PeerAddress> addresses) implements PeerAction {
    }

    /**
     * Every address of one addr/addrv2 message that passed the token bucket and the service check, with its time
     * fixed (Core marks these known to the sender and may relay them: net_processing ProcessAddrs).
     * {@code relayable} is Core's message-level relay condition: at most 10 addresses and no getaddr of ours
     * outstanding (so getaddr answers are never gossiped on).
     */
    record AddressesProcessed(java.util.List<io.mooring.wire.netaddress.PeerAddress> addresses, boolean relayable)
            implements PeerAction {
    }

    /** The peer asked for addresses (its one getaddr): the node answers from its cached address list. */
    record AddressesRequested() implements PeerAction {
    }

    /**
     * A message of an established connection that the connection layer does not consume: for the
     * {@link ProtocolExtension} (headers, blocks, getdata, ...).
     */
    record Forward(Message message) implements PeerAction {
    }
}
