package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.FeeFilterMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.TxMessage;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Core's {@code -blocksonly} ({@code ignore_incoming_txs}) through the peer manager: version says relay=false, no
 * feefilter goes out (MaybeSendFeefilter returns at once), and a transaction or transaction inv from a peer without
 * the relay permission disconnects it (RejectIncomingTxs), while a peer with it may send them.
 */
class BlocksOnlyTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
    static final PeerId RELAY_PEER = new PeerId(9);

    final List<Message> sent = new ArrayList<>();
    final List<String> disconnected = new ArrayList<>();

    /** A peer manager that would relay transactions, with {@code -blocksonly} as given; peer 9 has Relay. */
    PeerManager manager(boolean blocksOnly) {
        PeerManagerOptions relaying = new PeerManagerOptions(FULL, "/Mooring:0.1.0/", true,
                PeerManagerOptions.MAX_MONEY, PeerManagerOptions.DEFAULT_PEER_TIMEOUT);
        PeerManager pm = new PeerManager(relaying.withBlocksOnly(blocksOnly), new SplittableRandom(3),
                new NodeOutbox() {
                    @Override
                    public void send(PeerId peer, Message message) {
                        sent.add(message);
                    }

                    @Override
                    public void disconnect(PeerId peer, String reason) {
                        disconnected.add(peer.value() + ":" + reason);
                    }
                });
        pm.setPermissions(PeerPermissions.of(peer -> false, peer -> false).withRelay(RELAY_PEER::equals));
        return pm;
    }

    static void handshake(PeerManager pm, PeerId peer, ConnectionType type) {
        pm.onConnected(peer, type, NetEndpoint.parse("22.0.0." + peer.value() + ":8333"), FULL, false, T0);
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new VersionMessage(70016, FULL,
                T0.getEpochSecond(), none, none, 100 + peer.value(), "/x/", 1, true), 100), T0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
    }

    static TxMessage tx() {
        return new TxMessage(new Transaction(2, List.of(new TxIn(new OutPoint(Hash256.ZERO, 0), Bytes.EMPTY,
                TxIn.SEQUENCE_FINAL)), List.of(), 0));
    }

    VersionMessage ourVersion() {
        return sent.stream().filter(VersionMessage.class::isInstance).map(VersionMessage.class::cast).findFirst()
                .orElseThrow();
    }

    @Test
    void versionSaysNoRelayAndNoFeefilterIsSent() {
        PeerManager pm = manager(true);
        handshake(pm, new PeerId(1), ConnectionType.OUTBOUND_FULL_RELAY);
        handshake(pm, new PeerId(2), ConnectionType.INBOUND);
        assertThat(ourVersion().relay()).isFalse();
        assertThat(sent).noneMatch(FeeFilterMessage.class::isInstance);
        assertThat(pm.options().relayTransactions()).isFalse();
    }

    @Test
    void withoutBlocksonlyTheSamePeersAreToldRelayAndGetAFeefilter() {
        PeerManager pm = manager(false);
        handshake(pm, new PeerId(1), ConnectionType.OUTBOUND_FULL_RELAY);
        assertThat(ourVersion().relay()).isTrue();
        assertThat(sent).filteredOn(FeeFilterMessage.class::isInstance).hasSize(1);
    }

    @Test
    void aTransactionOrTransactionInvFromAPeerWithoutRelayPermissionDisconnectsIt() {
        PeerManager pm = manager(true);
        for (ConnectionType type : Set.of(ConnectionType.INBOUND, ConnectionType.OUTBOUND_FULL_RELAY)) {
            disconnected.clear();
            PeerId txSender = new PeerId(type == ConnectionType.INBOUND ? 1 : 2);
            PeerId invSender = new PeerId(type == ConnectionType.INBOUND ? 3 : 4);
            handshake(pm, txSender, type);
            handshake(pm, invSender, type);
            pm.onTransportEvent(txSender, new TransportEvent.MessageReceived(tx(), 80), T0);
            pm.onTransportEvent(invSender, new TransportEvent.MessageReceived(new InvMessage(List.of(
                    new InvItem(InvItem.MSG_WTX, Hash256.ZERO))), 61), T0);
            assertThat(disconnected).as(type.rpcName()).containsExactlyInAnyOrder(
                    txSender.value() + ":transaction sent in violation of protocol",
                    invSender.value() + ":transaction (" + Hash256.ZERO + ") inv sent in violation of protocol");
        }
    }

    @Test
    void aPeerWithTheRelayPermissionMaySendTransactions() {
        PeerManager pm = manager(true);
        handshake(pm, RELAY_PEER, ConnectionType.INBOUND);
        pm.onTransportEvent(RELAY_PEER, new TransportEvent.MessageReceived(tx(), 80), T0);
        pm.onTransportEvent(RELAY_PEER, new TransportEvent.MessageReceived(new InvMessage(List.of(
                new InvItem(InvItem.MSG_WTX, Hash256.ZERO))), 61), T0);
        assertThat(disconnected).isEmpty();
    }

    @Test
    void blockInvsAreStillWelcome() {
        PeerManager pm = manager(true);
        PeerId peer = new PeerId(1);
        handshake(pm, peer, ConnectionType.INBOUND);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new InvMessage(List.of(
                new InvItem(InvItem.MSG_BLOCK, Hash256.ZERO))), 61), T0);
        assertThat(disconnected).isEmpty();
    }
}
