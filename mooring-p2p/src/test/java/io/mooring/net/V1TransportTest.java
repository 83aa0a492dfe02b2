package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.GetAddrMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class V1TransportTest {
    private static final int REGTEST = 0xFABFB5DA;

    private static byte[] stream(Message... messages) {
        WireWriter w = new WireWriter();
        V1Transport t = new V1Transport(REGTEST);
        for (Message m : messages) t.encode(m, w);
        return w.toByteArray();
    }

    private static List<Message> messages(List<TransportEvent> events) {
        return events.stream().filter(e -> e instanceof TransportEvent.MessageReceived)
                .map(e -> ((TransportEvent.MessageReceived) e).message()).toList();
    }

    @Property
    void messagesSplitAtAnyPointsArriveWhole(@ForAll @IntRange(min = 1, max = 40) int chunk) {
        byte[] bytes = stream(VerackMessage.INSTANCE, new PingMessage(5), GetAddrMessage.INSTANCE);
        V1Transport t = new V1Transport(REGTEST);
        List<TransportEvent> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            t.receive(bytes, i, Math.min(chunk, bytes.length - i), events);
        }
        assertThat(messages(events)).containsExactly(VerackMessage.INSTANCE, new PingMessage(5), GetAddrMessage.INSTANCE);
        assertThat(t.bufferedBytes()).isZero();
        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(TransportEvent.MessageReceived.class));
        assertThat(((TransportEvent.MessageReceived) events.get(1)).wireBytes()).isEqualTo(32);
    }

    @Test
    void wrongMagicIsFatalAndNothingMoreIsAccepted() {
        byte[] bytes = stream(VerackMessage.INSTANCE, VerackMessage.INSTANCE);
        V1Transport t = new V1Transport(0xF9BEB4D9);
        List<TransportEvent> events = new ArrayList<>();
        t.receive(bytes, 0, bytes.length, events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.Fatal.class,
                f -> assertThat(f.reason()).isEqualTo(ProtocolError.WRONG_MAGIC));
        t.receive(bytes, 0, bytes.length, events);
        assertThat(events).hasSize(1);
    }

    @Test
    void oversizedHeaderIsFatalBeforeAnyPayloadIsBuffered() {
        byte[] header = Arrays.copyOf(stream(VerackMessage.INSTANCE), 24);
        header[16] = 0x01;
        header[17] = 0x09;
        header[18] = 0x3d; // 4,000,001 bytes announced
        V1Transport t = new V1Transport(REGTEST);
        List<TransportEvent> events = new ArrayList<>();
        t.receive(header, 0, 24, events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.Fatal.class,
                f -> assertThat(f.reason()).isEqualTo(ProtocolError.OVERSIZED_MESSAGE));
    }

    @Test
    void badChecksumDropsOneMessageAndTheNextStillArrives() {
        byte[] bytes = stream(new PingMessage(1), new PingMessage(2));
        bytes[31] ^= 1; // last payload byte of the first ping
        V1Transport t = new V1Transport(REGTEST);
        List<TransportEvent> events = new ArrayList<>();
        t.receive(bytes, 0, bytes.length, events);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(TransportEvent.MessageDropped.class, d -> {
            assertThat(d.reason()).isEqualTo(ProtocolError.BAD_CHECKSUM);
            assertThat(d.command()).isEqualTo(TransportEvent.MessageDropped.OTHER);
            assertThat(d.wireBytes()).isEqualTo(32);
        });
        assertThat(messages(events)).containsExactly(new PingMessage(2));
    }

    @Test
    void undecodablePayloadIsDroppedUnderItsCommand() {
        // A ping with a 3-byte payload: valid frame, truncated nonce.
        WireWriter w = new WireWriter();
        byte[] frame = V1Envelope.encode(REGTEST, new io.mooring.wire.message.UnknownMessage("ping",
                io.mooring.wire.Bytes.wrap(new byte[] {1, 2, 3})));
        w.writeBytes(frame);
        V1Transport t = new V1Transport(REGTEST);
        List<TransportEvent> events = new ArrayList<>();
        t.receive(w.array(), 0, w.size(), events);
        assertThat(events).singleElement().isInstanceOfSatisfying(TransportEvent.MessageDropped.class, d -> {
            assertThat(d.command()).isEqualTo("ping");
            assertThat(d.reason()).isEqualTo(ProtocolError.TRUNCATED);
        });
    }

    @Test
    void partialMessageIsCountedAsBuffered() {
        byte[] bytes = stream(new PingMessage(9));
        V1Transport t = new V1Transport(REGTEST);
        List<TransportEvent> events = new ArrayList<>();
        t.receive(bytes, 0, 30, events);
        assertThat(events).isEmpty();
        assertThat(t.bufferedBytes()).isEqualTo(30);
        assertThat(t.protocol()).isEqualTo(TransportProtocol.V1);
        assertThat(t.sessionId()).isEmpty();
    }
}
