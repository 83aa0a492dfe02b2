package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.GetAddrMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.PongMessage;
import io.mooring.wire.message.SendAddrV2Message;
import io.mooring.wire.message.UnknownMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class V2TransportTest {
    private static final int REGTEST = 0xFABFB5DA;
    private static final int MAINNET = 0xF9BEB4D9;
    private static final byte[] KEY_I = HexFormat.of().parseHex(
            "61062ea5071d800bbfd59e2e8b53d47d194b095ae5a4df04936b49772ef0d4d7");
    private static final byte[] KEY_R = HexFormat.of().parseHex(
            "6f312890ec83bbb26798abaadd574684a53e74ccef7953b790fcc29409080246");

    /** Two transports joined in memory; every delivery is cut into random pieces. */
    private static final class Link {
        final V2Transport initiator;
        final V2Transport responder;
        final List<TransportEvent> initiatorEvents = new ArrayList<>();
        final List<TransportEvent> responderEvents = new ArrayList<>();
        final WireWriter fromInitiator = new WireWriter();
        final WireWriter fromResponder = new WireWriter();
        final SplittableRandom split;

        Link(V2Transport initiator, V2Transport responder, long seed) {
            this.initiator = initiator;
            this.responder = responder;
            this.split = new SplittableRandom(seed);
        }

        static Link random(long seed) {
            return new Link(new V2Transport(REGTEST, true, FastRandomContext.deterministic(seed)),
                    new V2Transport(REGTEST, false, FastRandomContext.deterministic(~seed)), seed);
        }

        void send(V2Transport from, Message m) {
            from.encode(m, from == initiator ? fromInitiator : fromResponder);
        }

        /** Moves bytes both ways until neither side has anything left to send. */
        void pump() {
            boolean moved = true;
            while (moved) {
                moved = deliver(initiator, fromInitiator, responder, responderEvents);
                moved |= deliver(responder, fromResponder, initiator, initiatorEvents);
            }
        }

        private boolean deliver(V2Transport from, WireWriter pending, V2Transport to, List<TransportEvent> events) {
            from.takeBytesToSend(pending);
            byte[] bytes = pending.toByteArray();
            pending.reset();
            feed(to, bytes, events);
            return bytes.length > 0;
        }

        void feed(V2Transport to, byte[] bytes, List<TransportEvent> events) {
            int i = 0;
            while (i < bytes.length) {
                int left = bytes.length - i;
                int n = split.nextBoolean() ? 1 + split.nextInt(Math.min(left, 17)) : 1 + split.nextInt(left);
                to.receive(bytes, i, n, events);
                i += n;
            }
        }
    }

    private static List<Message> received(List<TransportEvent> events) {
        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(TransportEvent.MessageReceived.class));
        return events.stream().map(e -> ((TransportEvent.MessageReceived) e).message()).toList();
    }

    private static VersionMessage version() {
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        return new VersionMessage(70016, 1033, 1_700_000_000L, none, none, 42, "/Mooring:0.1.0/", 1, true);
    }

    private static InvMessage bigInv(int n) {
        return new InvMessage(IntStream.range(0, n)
                .mapToObj(i -> new InvItem(InvItem.MSG_TX, new Hash256(i, 2L * i, 3, 4))).toList());
    }

    @Property(tries = 25)
    void messagesQueuedBeforeAndSentAfterTheHandshakeArriveInOrderWhateverTheSplits(@ForAll long seed) {
        Link link = Link.random(seed);
        // Both sides queue their first messages before any byte moved, as the node sends version at once.
        link.send(link.initiator, version());
        link.send(link.responder, version());
        link.send(link.initiator, VerackMessage.INSTANCE);
        assertThat(link.initiator.protocol()).isEqualTo(TransportProtocol.DETECTING);
        assertThat(link.responder.protocol()).isEqualTo(TransportProtocol.DETECTING);
        link.pump();
        link.send(link.responder, VerackMessage.INSTANCE);
        link.send(link.responder, new PingMessage(seed));
        link.send(link.initiator, new PongMessage(seed));
        link.send(link.initiator, SendAddrV2Message.INSTANCE);
        link.send(link.responder, bigInv(2_000));
        link.send(link.initiator, GetAddrMessage.INSTANCE);
        link.pump();

        assertThat(received(link.responderEvents)).containsExactly(version(), VerackMessage.INSTANCE,
                new PongMessage(seed), SendAddrV2Message.INSTANCE, GetAddrMessage.INSTANCE);
        assertThat(received(link.initiatorEvents)).containsExactly(version(), VerackMessage.INSTANCE,
                new PingMessage(seed), bigInv(2_000));
        assertThat(link.initiator.protocol()).isEqualTo(TransportProtocol.V2);
        assertThat(link.responder.protocol()).isEqualTo(TransportProtocol.V2);
        assertThat(link.initiator.sessionId()).hasSize(64).isEqualTo(link.responder.sessionId());
        assertThat(link.initiator.bufferedBytes()).isZero();
        assertThat(link.responder.bufferedBytes()).isZero();
    }

    @Test
    void shortIdsAndLongCommandsCostWhatBip324Says() {
        Link link = Link.random(7);
        link.pump();
        WireWriter w = new WireWriter();
        // ping has short id 18: 1 type byte + 8 payload bytes + 20 bytes of packet overhead.
        assertThat(link.initiator.encode(new PingMessage(1), w)).isEqualTo(1 + 8 + Bip324Cipher.EXPANSION);
        // sendaddrv2 has none: 0x00 and 12 command bytes, empty payload.
        assertThat(link.initiator.encode(SendAddrV2Message.INSTANCE, w)).isEqualTo(13 + Bip324Cipher.EXPANSION);
        List<TransportEvent> events = new ArrayList<>();
        link.responder.receive(w.array(), 0, w.size(), events);
        assertThat(events).extracting(e -> ((TransportEvent.MessageReceived) e).wireBytes()).containsExactly(29, 33);
    }

    @Test
    void aTamperedPacketIsFatalAndNothingMoreIsAccepted() {
        Link link = Link.random(11);
        link.pump();
        WireWriter w = new WireWriter();
        link.initiator.encode(new PingMessage(5), w);
        link.initiator.encode(new PingMessage(6), w);
        byte[] bytes = w.toByteArray();
        bytes[10] ^= 1; // inside the first packet's ciphertext
        List<TransportEvent> events = new ArrayList<>();
        link.responder.receive(bytes, 0, bytes.length, events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.Fatal.class,
                f -> assertThat(f.reason()).isEqualTo(ProtocolError.V2_DECRYPTION_FAILED));
        link.responder.receive(bytes, 0, bytes.length, events);
        assertThat(events).hasSize(1);
    }

    @Test
    void decoysAreDroppedWithoutDisturbingTheStream() {
        Link link = Link.random(13);
        link.pump();
        link.initiator.queueDecoy(0);
        link.initiator.queueDecoy(5000);
        link.send(link.initiator, new PingMessage(1));
        link.initiator.queueDecoy(1);
        link.send(link.initiator, new PingMessage(2));
        link.pump();
        assertThat(received(link.responderEvents)).containsExactly(new PingMessage(1), new PingMessage(2));
    }

    /** A peer written with the bare cipher, to send what V2Transport itself never sends. */
    private static final class HandCraftedInitiator {
        final Bip324Cipher cipher = Bip324Cipher.create(REGTEST, KEY_I, new byte[32]);
        final WireWriter out = new WireWriter();

        void handshake(V2Transport responder, byte[] garbage, List<TransportEvent> events) {
            out.writeBytes(cipher.ourPublicKey());
            responder.receive(cipher.ourPublicKey(), 0, 64, events);
            WireWriter theirs = new WireWriter();
            responder.takeBytesToSend(theirs);
            cipher.initialize(Arrays.copyOf(theirs.array(), 64), true);
            out.reset();
            out.writeBytes(garbage);
            out.writeBytes(cipher.sendGarbageTerminator());
        }
    }

    @Test
    void aDecoyBeforeTheVersionPacketCarriesTheGarbageAndTheVersionPacketComesNext() {
        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], new byte[0]);
        List<TransportEvent> events = new ArrayList<>();
        HandCraftedInitiator peer = new HandCraftedInitiator();
        byte[] garbage = "some garbage".getBytes();
        peer.handshake(responder, garbage, events);
        peer.out.writeBytes(peer.cipher.encrypt(new byte[3], garbage, true)); // decoy authenticates the garbage
        peer.out.writeBytes(peer.cipher.encrypt(new byte[] {1, 2}, new byte[0], false)); // version, contents ignored
        peer.out.writeBytes(peer.cipher.encrypt(new byte[] {18, 9, 0, 0, 0, 0, 0, 0, 0}, new byte[0], false));
        assertThat(responder.protocol()).isEqualTo(TransportProtocol.DETECTING);
        responder.receive(peer.out.array(), 0, peer.out.size(), events);
        assertThat(received(events)).containsExactly(new PingMessage(9));
        assertThat(responder.protocol()).isEqualTo(TransportProtocol.V2);
    }

    @Test
    void unknownShortIdsAndBadLongCommandsDropOnlyThatMessage() {
        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], new byte[0]);
        List<TransportEvent> events = new ArrayList<>();
        HandCraftedInitiator peer = new HandCraftedInitiator();
        peer.handshake(responder, new byte[0], events);
        peer.out.writeBytes(peer.cipher.encrypt(new byte[0], new byte[0], false)); // version
        peer.out.writeBytes(peer.cipher.encrypt(new byte[] {(byte) 200, 1, 2}, new byte[0], false));
        byte[] longBad = new byte[13];
        longBad[1] = 'p';
        longBad[3] = 'x'; // a byte after the first NUL
        peer.out.writeBytes(peer.cipher.encrypt(longBad, new byte[0], false));
        peer.out.writeBytes(peer.cipher.encrypt(new byte[0], new byte[0], false)); // no type byte at all
        peer.out.writeBytes(peer.cipher.encrypt(new byte[] {18, 9, 0, 0, 0, 0, 0, 0, 0}, new byte[0], false));
        responder.receive(peer.out.array(), 0, peer.out.size(), events);
        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                TransportEvent.MessageDropped.class, d -> {
                    assertThat(d.command()).isEqualTo(TransportEvent.MessageDropped.OTHER);
                    assertThat(d.reason()).isEqualTo(ProtocolError.BAD_COMMAND);
                }));
        assertThat(((TransportEvent.MessageDropped) events.get(0)).wireBytes()).isEqualTo(3 + Bip324Cipher.EXPANSION);
        assertThat(received(events.subList(3, 4))).containsExactly(new PingMessage(9));
    }

    @Test
    void anOversizedPacketIsFatalOnItsLengthAlone() {
        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], new byte[0]);
        List<TransportEvent> events = new ArrayList<>();
        HandCraftedInitiator peer = new HandCraftedInitiator();
        peer.handshake(responder, new byte[0], events);
        peer.out.writeBytes(peer.cipher.encrypt(new byte[0], new byte[0], false)); // version
        byte[] huge = peer.cipher.encrypt(new byte[V2Transport.MAX_CONTENTS_LEN + 1], new byte[0], false);
        peer.out.writeBytes(huge, 0, Bip324Cipher.LENGTH_LEN); // the length is enough to decide
        responder.receive(peer.out.array(), 0, peer.out.size(), events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.Fatal.class,
                f -> assertThat(f.reason()).isEqualTo(ProtocolError.OVERSIZED_MESSAGE));
    }

    @Test
    void theLargestAllowedPacketGetsThroughAndALargerMessageIsRefusedBeforeEncryption() {
        Link link = Link.random(17);
        link.pump();
        // A 12-character command in the long form and a 4,000,000-byte payload: exactly MAX_CONTENTS_LEN.
        byte[] payload = new byte[4_000_000];
        payload[123] = 7;
        UnknownMessage largest = new UnknownMessage("mooringtest1", Bytes.wrap(payload));
        WireWriter w = new WireWriter();
        assertThat(link.initiator.encode(largest, w)).isEqualTo(V2Transport.MAX_CONTENTS_LEN + Bip324Cipher.EXPANSION);
        link.feed(link.responder, w.toByteArray(), link.responderEvents);
        assertThat(received(link.responderEvents)).containsExactly(largest);
        assertThat(link.responder.bufferedBytes()).isZero();

        UnknownMessage tooLarge = new UnknownMessage("mooringtest1", Bytes.wrap(new byte[4_000_001]));
        assertThatThrownBy(() -> link.initiator.encode(tooLarge, new WireWriter()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maximalGarbageIsFineButOneByteMoreWithoutTerminatorIsFatal() {
        byte[] garbage = new byte[V2Transport.MAX_GARBAGE_LEN];
        Arrays.fill(garbage, (byte) 0x55);
        Link link = new Link(new V2Transport(REGTEST, true, KEY_I, new byte[32], garbage),
                new V2Transport(REGTEST, false, KEY_R, new byte[32], garbage), 3);
        link.send(link.initiator, new PingMessage(3));
        link.pump();
        assertThat(received(link.responderEvents)).containsExactly(new PingMessage(3));

        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], new byte[0]);
        List<TransportEvent> events = new ArrayList<>();
        HandCraftedInitiator peer = new HandCraftedInitiator();
        peer.handshake(responder, new byte[0], events);
        byte[] noTerminator = new byte[V2Transport.MAX_GARBAGE_LEN + Bip324Cipher.GARBAGE_TERMINATOR_LEN];
        Arrays.fill(noTerminator, (byte) 0x55);
        responder.receive(noTerminator, 0, noTerminator.length - 1, events);
        assertThat(events).isEmpty();
        responder.receive(noTerminator, noTerminator.length - 1, 1, events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.Fatal.class,
                f -> assertThat(f.reason()).isEqualTo(ProtocolError.V2_MISSING_GARBAGE_TERMINATOR));
    }

    @Test
    void aResponderThatSeesAV1VersionHeaderBecomesV1AndAnswersInV1() {
        V2Transport responder = new V2Transport(MAINNET, false, KEY_R, new byte[32], new byte[10]);
        WireWriter early = new WireWriter();
        assertThat(responder.encode(VerackMessage.INSTANCE, early)).isZero(); // queued while detecting
        byte[] v1Bytes = V1Envelope.encode(MAINNET, version());
        byte[] ping = V1Envelope.encode(MAINNET, new PingMessage(4));
        byte[] stream = Arrays.copyOf(v1Bytes, v1Bytes.length + ping.length);
        System.arraycopy(ping, 0, stream, v1Bytes.length, ping.length);
        List<TransportEvent> events = new ArrayList<>();
        responder.receive(stream, 0, 15, events);
        assertThat(responder.protocol()).isEqualTo(TransportProtocol.DETECTING);
        responder.receive(stream, 15, stream.length - 15, events);
        assertThat(received(events)).containsExactly(version(), new PingMessage(4));
        assertThat(responder.protocol()).isEqualTo(TransportProtocol.V1);
        assertThat(responder.sessionId()).isEmpty();

        WireWriter out = new WireWriter();
        responder.takeBytesToSend(out);
        responder.encode(new PongMessage(4), out);
        byte[] expected = V1Envelope.encode(MAINNET, VerackMessage.INSTANCE);
        byte[] pong = V1Envelope.encode(MAINNET, new PongMessage(4));
        expected = Arrays.copyOf(expected, expected.length + pong.length);
        System.arraycopy(pong, 0, expected, expected.length - pong.length, pong.length);
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void aV1VersionHeaderFromAnotherNetworkIsFatal() {
        V2Transport responder = new V2Transport(MAINNET, false, KEY_R, new byte[32], new byte[0]);
        byte[] testnet = V1Envelope.encode(REGTEST, version());
        List<TransportEvent> events = new ArrayList<>();
        responder.receive(testnet, 0, testnet.length, events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.Fatal.class,
                f -> assertThat(f.reason()).isEqualTo(ProtocolError.WRONG_MAGIC));
    }

    @Test
    void anInitiatorNeverFallsBackButKnowsWhenToRetryWithV1() {
        V2Transport initiator = new V2Transport(MAINNET, true, KEY_I, new byte[32], new byte[0]);
        assertThat(initiator.shouldReconnectV1()).isFalse();
        WireWriter out = new WireWriter();
        assertThat(initiator.takeBytesToSend(out)).isEqualTo(64);
        assertThat(initiator.shouldReconnectV1()).isTrue();
        // A v1 version header sent to an initiator is just a (bad) key: no fallback on this side.
        byte[] v1Bytes = V1Envelope.encode(MAINNET, version());
        initiator.receive(v1Bytes, 0, 16, new ArrayList<>());
        assertThat(initiator.shouldReconnectV1()).isFalse();
        assertThat(initiator.protocol()).isEqualTo(TransportProtocol.DETECTING);
    }

    @Test
    void theInitiatorSendsKeyAndGarbageAtOnceTheResponderOnlyAfterTheFirstByte() {
        byte[] garbage = {9, 8, 7};
        V2Transport initiator = new V2Transport(REGTEST, true, KEY_I, new byte[32], garbage);
        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], garbage);
        WireWriter i = new WireWriter();
        WireWriter r = new WireWriter();
        assertThat(initiator.takeBytesToSend(i)).isEqualTo(64 + 3);
        assertThat(Arrays.copyOf(i.array(), 64)).isEqualTo(initiator.ourPublicKey());
        assertThat(responder.takeBytesToSend(r)).isZero();
        responder.receive(i.array(), 0, 1, new ArrayList<>());
        // One byte that differs from the magic's first byte already proves v2.
        assertThat(responder.takeBytesToSend(r)).isEqualTo(64 + 3);
    }

    @Test
    void everyBip324IdAndItsLongFormNameTheSameCommand() throws Exception {
        JsonNode ids;
        try (var in = V2TransportTest.class.getResourceAsStream("/bip324/message_type_ids.json")) {
            ids = new ObjectMapper().readTree(in).get("bip324_ids");
        }
        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], new byte[0]);
        List<TransportEvent> events = new ArrayList<>();
        HandCraftedInitiator peer = new HandCraftedInitiator();
        peer.handshake(responder, new byte[0], events);
        peer.out.writeBytes(peer.cipher.encrypt(new byte[0], new byte[0], false)); // version
        List<String> expected = new ArrayList<>();
        for (int id = 1; id <= 28; id++) {
            String name = ids.get(Integer.toString(id)).asText();
            expected.add(name);
            expected.add(name);
            // The short form, then the 13-byte long form; the payload is empty (most commands then fail to decode,
            // which still names the command).
            peer.out.writeBytes(peer.cipher.encrypt(new byte[] {(byte) id}, new byte[0], false));
            byte[] longForm = Arrays.copyOf(new byte[] {0}, 13);
            byte[] ascii = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(ascii, 0, longForm, 1, ascii.length);
            peer.out.writeBytes(peer.cipher.encrypt(longForm, new byte[0], false));
        }
        assertThat(ids.has("29")).isFalse();
        responder.receive(peer.out.array(), 0, peer.out.size(), events);
        List<String> commands = events.stream().map(e -> switch (e) {
            case TransportEvent.MessageReceived r -> r.message().command();
            case TransportEvent.MessageDropped d -> d.command();
            case TransportEvent.Fatal f -> "fatal " + f.detail();
        }).toList();
        assertThat(commands).containsExactlyElementsOf(expected);
    }

    @Property(tries = 200)
    void arbitraryBytesNeverBreakAResponderOnlyEndIt(@ForAll byte[] noise, @ForAll boolean afterHandshake) {
        V2Transport responder = new V2Transport(REGTEST, false, KEY_R, new byte[32], new byte[0]);
        List<TransportEvent> events = new ArrayList<>();
        if (afterHandshake) new HandCraftedInitiator().handshake(responder, new byte[0], events);
        responder.receive(noise, 0, noise.length, events);
        responder.receive(noise, 0, noise.length, events);
        // Noise can only end the connection (or still be waiting); it never decodes into a message.
        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(TransportEvent.Fatal.class));
        assertThat(events.size()).isLessThanOrEqualTo(1);
    }
}
