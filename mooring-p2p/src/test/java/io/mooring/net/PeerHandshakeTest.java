package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.message.*;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.OutPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario tests of the handshake in Core's order (net_processing.cpp), driven without sockets. */
class PeerHandshakeTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final NetEndpoint REMOTE = NetEndpoint.parse("11.22.33.44:8333");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    final FakePeerContext ctx = new FakePeerContext();

    Peer peer(ConnectionType type) {
        return new Peer(new PeerId(1), type, REMOTE, FULL, false, ctx, T0);
    }

    static List<String> commands(List<PeerAction> actions) {
        List<String> out = new ArrayList<>();
        for (PeerAction a : actions) {
            switch (a) {
                case PeerAction.Send s -> out.add(s.message().command());
                case PeerAction.Disconnect d -> out.add("DISCONNECT:" + d.reason());
                case PeerAction.VersionAccepted v -> out.add("VERSION_ACCEPTED");
                case PeerAction.HandshakeComplete h -> out.add("HANDSHAKE_COMPLETE");
                case PeerAction.AddressesReceived r -> out.add("ADDRESSES:" + r.addresses().size());
                case PeerAction.AddressesRequested r -> out.add("ADDRESSES_REQUESTED");
                case PeerAction.Forward f -> { } // for the layers above; see forwardsUnconsumedMessagesOnceEstablished
                case PeerAction.AddressesProcessed p -> { } // the relay side: AddrRelayTest
            }
        }
        return out;
    }

    static VersionMessage theirVersion(int version, long services, long nonce, boolean relay) {
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        return new VersionMessage(version, services, T0.getEpochSecond() + 3, none, none, nonce, "/Satoshi:29.0.0/",
                900_000, relay);
    }

    static VersionMessage sentVersion(List<PeerAction> actions) {
        return actions.stream().filter(a -> a instanceof PeerAction.Send s && s.message() instanceof VersionMessage)
                .map(a -> (VersionMessage) ((PeerAction.Send) a).message()).findFirst().orElseThrow();
    }

    @Test
    void unroutableOrProxiedPeersAreNotToldTheirAddress() {
        List<PeerAction> out = new ArrayList<>();
        new Peer(new PeerId(1), ConnectionType.OUTBOUND_FULL_RELAY, NetEndpoint.parse("203.0.113.7:8333"), FULL, false,
                ctx, T0).onConnected(T0, out);
        assertThat(sentVersion(out).receiver().address()).isEqualTo(NetAddress.UNSPECIFIED);
        out.clear();
        new Peer(new PeerId(1), ConnectionType.OUTBOUND_FULL_RELAY, REMOTE, FULL, true, ctx, T0).onConnected(T0, out);
        assertThat(sentVersion(out).receiver().port()).isZero();
    }

    @Test
    void outboundSendsItsVersionFirstWithTheAddressItReached() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.OUTBOUND_FULL_RELAY);
        p.onConnected(T0, out);
        assertThat(commands(out)).containsExactly("version");
        VersionMessage v = sentVersion(out);
        assertThat(v.version()).isEqualTo(70016);
        assertThat(v.receiver().endpoint()).isEqualTo(REMOTE);
        assertThat(v.receiver().services()).isEqualTo(FULL);
        assertThat(v.sender().address()).isEqualTo(NetAddress.UNSPECIFIED);
        assertThat(v.userAgent()).isEqualTo("/Mooring:0.1.0/");
        assertThat(v.startHeight()).isEqualTo(100);
        assertThat(v.relay()).isTrue();
        assertThat(v.nonce()).isEqualTo(p.localNonce());
    }

    @Test
    void inboundWaitsForTheirVersionThenAnswersInCoresOrder() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onConnected(T0, out);
        assertThat(out).isEmpty();
        p.onMessage(theirVersion(70016, FULL, 42, true), T0, out);
        assertThat(commands(out)).containsExactly("version", "wtxidrelay", "sendaddrv2", "verack", "VERSION_ACCEPTED");
        // Inbound: we do not tell the peer what services we believe it has.
        assertThat(sentVersion(out).receiver().services()).isZero();
    }

    @Test
    void afterVerackComeSendcmpctPingAndFeefilterButNotYetSendheaders() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.OUTBOUND_FULL_RELAY);
        p.onConnected(T0, out);
        p.onMessage(theirVersion(70016, FULL, 42, true), T0, out);
        out.clear();
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        // sendheaders waits for the peer's best known block to have the minimum chain work (HeadersSyncTest).
        assertThat(commands(out)).containsExactly("HANDSHAKE_COMPLETE", "sendcmpct", "ping", "feefilter");
        assertThat(p.isSuccessfullyConnected()).isTrue();
    }

    @Test
    void twoPeersCompleteTheHandshakeWithEachOther() {
        FakePeerContext ctxB = new FakePeerContext();
        Peer a = new Peer(new PeerId(1), ConnectionType.OUTBOUND_FULL_RELAY, REMOTE, FULL, false, ctx, T0);
        ctx.services = FULL;
        ctxB.services = FULL;
        Peer b = new Peer(new PeerId(2), ConnectionType.INBOUND, NetEndpoint.parse("198.51.100.1:50000"), 0, false, ctxB, T0);
        List<PeerAction> toB = new ArrayList<>();
        a.onConnected(T0, toB);
        List<String> transcript = new ArrayList<>();
        List<PeerAction> toA = new ArrayList<>();
        for (int round = 0; round < 5 && (!toB.isEmpty() || !toA.isEmpty()); round++) {
            List<PeerAction> nextToA = new ArrayList<>();
            for (PeerAction act : toB) {
                if (act instanceof PeerAction.Send s) {
                    transcript.add("A>" + s.message().command());
                    b.onMessage(s.message(), T0, nextToA);
                }
            }
            List<PeerAction> nextToB = new ArrayList<>();
            for (PeerAction act : toA) {
                if (act instanceof PeerAction.Send s) {
                    transcript.add("B>" + s.message().command());
                    a.onMessage(s.message(), T0, nextToB);
                }
            }
            toA = nextToA;
            toB = nextToB;
        }
        assertThat(a.isSuccessfullyConnected()).isTrue();
        assertThat(b.isSuccessfullyConnected()).isTrue();
        assertThat(transcript).startsWith("A>version", "B>version", "B>wtxidrelay", "B>sendaddrv2", "B>verack");
        assertThat(transcript).contains("A>getaddr", "A>ping", "B>ping", "A>pong", "B>pong");
        assertThat(a.lastPingTime()).isEqualTo(Duration.ZERO);
        assertThat(a.wantsAddrV2()).isTrue();
        assertThat(b.wtxidRelay()).isTrue();
    }

    @Test
    void getaddrGoesToOutboundFullRelayAndAddrFetchButNotBlockRelayFeelerOrInbound() {
        for (ConnectionType type : ConnectionType.values()) {
            List<PeerAction> out = new ArrayList<>();
            Peer p = peer(type);
            p.onConnected(T0, out);
            p.onMessage(theirVersion(70016, FULL, 42, true), T0, out);
            boolean expected = type == ConnectionType.OUTBOUND_FULL_RELAY || type == ConnectionType.ADDR_FETCH
                    || type == ConnectionType.MANUAL;
            assertThat(commands(out).contains("getaddr")).as(type.rpcName()).isEqualTo(expected);
        }
    }

    @Test
    void blockRelayOnlyAndFeelerAnnounceNoTransactionRelay() {
        for (ConnectionType type : new ConnectionType[] {ConnectionType.BLOCK_RELAY, ConnectionType.FEELER}) {
            List<PeerAction> out = new ArrayList<>();
            peer(type).onConnected(T0, out);
            assertThat(sentVersion(out).relay()).as(type.rpcName()).isFalse();
        }
    }

    @Test
    void blockRelayOnlyGetsNoFeefilter() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.BLOCK_RELAY);
        p.onConnected(T0, out);
        p.onMessage(theirVersion(70016, FULL, 42, true), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        assertThat(commands(out)).doesNotContain("feefilter", "getaddr").contains("sendcmpct", "ping");
    }

    @Test
    void feelerDisconnectsOnceTheVersionArrives() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.FEELER);
        p.onConnected(T0, out);
        p.onMessage(theirVersion(70016, FULL, 42, true), T0, out);
        assertThat(commands(out)).last().isEqualTo("DISCONNECT:feeler connection completed");
    }

    @Test
    void obsoleteVersionIsDisconnected() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(theirVersion(31799, FULL, 42, true), T0, out);
        assertThat(commands(out)).containsExactly("DISCONNECT:using obsolete version 31799");
    }

    @Test
    void outboundPeerWithoutDesirableServicesIsDisconnectedButManualIsKept() {
        long limited = ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS;
        List<PeerAction> out = new ArrayList<>();
        Peer auto = peer(ConnectionType.OUTBOUND_FULL_RELAY);
        auto.onMessage(theirVersion(70016, limited, 1, true), T0, out);
        assertThat(commands(out)).singleElement().asString().startsWith("DISCONNECT:does not offer the expected services");
        out.clear();
        peer(ConnectionType.MANUAL).onMessage(theirVersion(70016, limited, 1, true), T0, out);
        assertThat(commands(out)).contains("verack");
        out.clear();
        ctx.acceptsLimitedPeers = true; // near the tip, limited peers are fine
        peer(ConnectionType.OUTBOUND_FULL_RELAY).onMessage(theirVersion(70016, limited, 1, true), T0, out);
        assertThat(commands(out)).contains("verack");
    }

    @Test
    void inboundVersionCarryingOurOwnNonceIsASelfConnection() {
        ctx.ownNonces.add(777L);
        List<PeerAction> out = new ArrayList<>();
        peer(ConnectionType.INBOUND).onMessage(theirVersion(70016, FULL, 777, true), T0, out);
        assertThat(commands(out)).containsExactly("DISCONNECT:connected to self at 11.22.33.44:8333, disconnecting");
    }

    @Test
    void messagesBeforeVersionAndBeforeVerackAreIgnored() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(new PingMessage(1), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        p.onMessage(SendAddrV2Message.INSTANCE, T0, out);
        assertThat(out).isEmpty();
        assertThat(p.wantsAddrV2()).isFalse();
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        out.clear();
        p.onMessage(new PingMessage(1), T0, out);
        p.onMessage(GetAddrMessage.INSTANCE, T0, out);
        assertThat(out).isEmpty();
    }

    @Test
    void forwardsUnconsumedMessagesOnceEstablished() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        Message headers = new io.mooring.wire.message.GetHeadersMessage(70016, List.of(Hash256.ZERO), Hash256.ZERO);
        out.clear();
        p.onMessage(headers, T0, out);
        assertThat(out).as("before verack nothing goes up").isEmpty();
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        out.clear();
        p.onMessage(headers, T0, out);
        p.onMessage(new PingMessage(5), T0, out);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(new PeerAction.Forward(headers));
        assertThat(commands(out)).containsExactly("pong");
    }

    @Test
    void featureNegotiationAfterVerackDisconnects() {
        for (Message late : new Message[] {WtxidRelayMessage.INSTANCE, SendAddrV2Message.INSTANCE}) {
            List<PeerAction> out = new ArrayList<>();
            Peer p = peer(ConnectionType.INBOUND);
            p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
            p.onMessage(VerackMessage.INSTANCE, T0, out);
            out.clear();
            p.onMessage(late, T0, out);
            assertThat(commands(out)).singleElement().asString().startsWith("DISCONNECT:" + late.command());
        }
    }

    @Test
    void duplicateVersionAndVerackAreIgnored() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        out.clear();
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        assertThat(out).isEmpty();
    }

    @Test
    void transactionsFromBlockRelayOnlyPeersAreAProtocolViolation() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.BLOCK_RELAY);
        p.onConnected(T0, out);
        p.onMessage(theirVersion(70016, FULL, 1, false), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        out.clear();
        p.onMessage(new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, Hash256.ZERO))), T0, out);
        assertThat(out).singleElement().isInstanceOf(PeerAction.Forward.class);
        out.clear();
        p.onMessage(new InvMessage(List.of(new InvItem(InvItem.MSG_WTX, Hash256.ZERO))), T0, out);
        assertThat(commands(out)).singleElement().asString().contains("inv sent in violation of protocol");
        Peer q = peer(ConnectionType.BLOCK_RELAY);
        out.clear();
        q.onMessage(theirVersion(70016, FULL, 1, false), T0, out);
        q.onMessage(VerackMessage.INSTANCE, T0, out);
        out.clear();
        Transaction tx = new Transaction(2, List.of(new TxIn(new OutPoint(Hash256.ZERO, 0), io.mooring.wire.Bytes.EMPTY,
                TxIn.SEQUENCE_FINAL)), List.of(), 0);
        q.onMessage(new TxMessage(tx), T0, out);
        assertThat(commands(out)).containsExactly("DISCONNECT:transaction sent in violation of protocol");
    }

    @Test
    void oversizedVectorsAreMisbehaviourAndOversizedLocatorsOnlyDisconnect() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        out.clear();
        p.onDropped("addr", ProtocolError.TOO_MANY_ADDRESSES, T0, out);
        assertThat(out).singleElement().isInstanceOfSatisfying(PeerAction.Disconnect.class,
                d -> assertThat(d.misbehaving()).isTrue());
        Peer q = peer(ConnectionType.INBOUND);
        out.clear();
        q.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        out.clear();
        q.onDropped("getheaders", ProtocolError.LOCATOR_TOO_LARGE, T0, out);
        assertThat(out).singleElement().isInstanceOfSatisfying(PeerAction.Disconnect.class,
                d -> assertThat(d.misbehaving()).isFalse());
        Peer r = peer(ConnectionType.INBOUND);
        out.clear();
        r.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        out.clear();
        r.onDropped(TransportEvent.MessageDropped.OTHER, ProtocolError.BAD_CHECKSUM, T0, out);
        r.onDropped("block", ProtocolError.TRUNCATED, T0, out);
        assertThat(out).isEmpty();
    }

    @Test
    void addrFetchDisconnectsAfterAnAnswerWithSeveralAddresses() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.ADDR_FETCH);
        p.onConnected(T0, out);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        out.clear();
        PeerAddress one = new PeerAddress(1_700_000_000L, FULL, NetEndpoint.parse("192.0.2.1:8333"));
        p.onMessage(new AddrV2Message(List.of(one)), T0, out);
        // A single address may be a self-announcement: keep waiting (it still goes to the address manager).
        assertThat(out).noneMatch(a -> a instanceof PeerAction.Disconnect);
        out.clear();
        p.onMessage(new AddrV2Message(List.of(one, one)), T0, out);
        assertThat(commands(out)).last().isEqualTo("DISCONNECT:addrfetch connection completed");
    }

    /** A peer past verack (inbound), with the actions so far cleared. */
    Peer established(long id, List<PeerAction> out) {
        Peer p = new Peer(new PeerId(id), ConnectionType.INBOUND, REMOTE, FULL, false, ctx, T0);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        out.clear();
        return p;
    }

    @Test
    void sendtxrcnclIsIgnoredBeforeAndAfterVerackWithoutReconciliation() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        out.clear();
        p.onMessage(new SendTxRcnclMessage(1, 2), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        p.onMessage(new SendTxRcnclMessage(1, 2), T0, out);
        assertThat(commands(out)).noneMatch(c -> c.startsWith("DISCONNECT"));
        assertThat(p.isDisconnecting()).isFalse();
    }

    @Test
    void bloomFilterMessagesDisconnectANodeThatOffersNoBloom() {
        Message[] filters = {new FilterLoadMessage(io.mooring.wire.Bytes.wrap(new byte[] {1}), 1, 0, 0),
                new FilterAddMessage(io.mooring.wire.Bytes.wrap(new byte[] {2})), FilterClearMessage.INSTANCE};
        for (Message m : filters) {
            List<PeerAction> out = new ArrayList<>();
            Peer p = established(1, out);
            p.onMessage(m, T0, out);
            assertThat(commands(out)).containsExactly(
                    "DISCONNECT:" + m.command() + " received despite not offering bloom services");
        }
        // Core refuses them before reading the payload: a malformed filterload disconnects as well.
        List<PeerAction> out = new ArrayList<>();
        established(2, out).onDropped("filterload", ProtocolError.TRUNCATED, T0, out);
        assertThat(commands(out)).containsExactly("DISCONNECT:filterload received despite not offering bloom services");
    }

    @Test
    void bloomFilterMessagesBeforeVerackAreIgnored() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = peer(ConnectionType.INBOUND);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        out.clear();
        p.onMessage(FilterClearMessage.INSTANCE, T0, out);
        p.onMessage(MempoolMessage.INSTANCE, T0, out);
        assertThat(out).isEmpty();
    }

    @Test
    void mempoolRequestDisconnectsUnlessThePeerHasMempoolOrNoBanPermission() {
        List<PeerAction> out = new ArrayList<>();
        established(1, out).onMessage(MempoolMessage.INSTANCE, T0, out);
        assertThat(commands(out)).containsExactly("DISCONNECT:mempool request with bloom filters disabled");
        ctx.mempoolPermission.add(new PeerId(2));
        ctx.noBanPermission.add(new PeerId(3));
        for (long id : new long[] {2, 3}) {
            out.clear();
            Peer p = established(id, out);
            p.onMessage(MempoolMessage.INSTANCE, T0, out);
            assertThat(out).as("peer %d", id).isEmpty();
            assertThat(p.isDisconnecting()).isFalse();
        }
    }

    @Test
    void compactFilterRequestsDisconnectANodeWithoutCompactFilters() {
        Message[] requests = {new GetCFiltersMessage(0, 0, Hash256.ZERO), new GetCFHeadersMessage(0, 0, Hash256.ZERO),
                new GetCFCheckptMessage(0, Hash256.ZERO)};
        for (Message m : requests) {
            List<PeerAction> out = new ArrayList<>();
            established(1, out).onMessage(m, T0, out);
            assertThat(commands(out)).as(m.command())
                    .containsExactly("DISCONNECT:peer requested unsupported block filter type: 0");
        }
        // A request that does not even decode is only dropped, as Core's deserialisation error is.
        List<PeerAction> out = new ArrayList<>();
        established(2, out).onDropped("getcfilters", ProtocolError.TRUNCATED, T0, out);
        assertThat(out).isEmpty();
    }

    @Test
    void aFeefilterInMoneyRangeIsKeptAndOthersAreNot() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = established(1, out);
        p.onMessage(new FeeFilterMessage(1000), T0, out);
        assertThat(p.feeFilterReceived()).isEqualTo(1000);
        p.onMessage(new FeeFilterMessage(PeerManagerOptions.MAX_MONEY + 1), T0, out);
        p.onMessage(new FeeFilterMessage(-1), T0, out);
        assertThat(p.feeFilterReceived()).isEqualTo(1000);
        assertThat(out).isEmpty();
        // Block-relay-only peers have no transaction relay state to keep it in.
        Peer q = peer(ConnectionType.BLOCK_RELAY);
        q.onConnected(T0, out);
        q.onMessage(theirVersion(70016, FULL, 1, false), T0, out);
        q.onMessage(VerackMessage.INSTANCE, T0, out);
        q.onMessage(new FeeFilterMessage(1000), T0, out);
        assertThat(q.feeFilterReceived()).isZero();
    }
}
