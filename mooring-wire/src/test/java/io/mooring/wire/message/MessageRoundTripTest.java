package io.mooring.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mooring.wire.ProtocolException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MessageRoundTripTest {
    private static final int MAINNET = 0xF9BEB4D9;

    @Provide
    Arbitrary<Message> anyMessage() {
        return WireArbitraries.messages();
    }

    @Property(tries = 2000)
    void everyMessageDecodesToWhatWasEncoded(@ForAll("anyMessage") Message message) throws ProtocolException {
        byte[] frame = V1Envelope.encode(MAINNET, message);
        Message decoded = V1Envelope.decode(frame, MAINNET);
        assertThat(decoded).isEqualTo(message);
        assertThat(decoded.getClass()).isEqualTo(message.getClass());
    }

    @Property(tries = 1000)
    void encodingIsCanonical(@ForAll("anyMessage") Message message) throws ProtocolException {
        byte[] payload = message.payload();
        Message decoded = MessageDecoder.decode(message.command(), payload);
        assertThat(decoded.payload()).isEqualTo(payload);
    }

    @Property(tries = 1000)
    void truncatedPayloadsNeverThrowUncheckedExceptions(@ForAll("anyMessage") Message message,
                                                        @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] payload = message.payload();
        byte[] prefix = Arrays.copyOf(payload, Math.min(cut, payload.length));
        assertThatCode(() -> {
            try {
                MessageDecoder.decode(message.command(), prefix);
            } catch (ProtocolException expected) {
                // a typed error is the right answer for most prefixes, but never one hiding an unchecked exception
                assertThat(expected.getCause()).as("unchecked exception behind %s", expected).isNull();
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 3000)
    void randomPayloadsForEveryCommandGiveAMessageOrATypedError(
            @ForAll("commands") String command, @ForAll byte[] payload) {
        assertThatCode(() -> {
            try {
                MessageDecoder.decode(command, payload);
            } catch (ProtocolException expected) {
                assertThat(expected.error()).isNotNull();
                assertThat(expected.getCause()).as("unchecked exception behind %s", expected).isNull();
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> commands() {
        return net.jqwik.api.Arbitraries.of(MessageType.ALL);
    }

    @Test
    void everyCommandHasItsOwnTypeAndTheFamilyIsComplete() throws ProtocolException {
        Set<Class<?>> permitted = new HashSet<>(Arrays.asList(Message.class.getPermittedSubclasses()));
        assertThat(permitted).hasSize(MessageType.ALL.size() + 1); // every command plus UnknownMessage
        Set<Class<?>> seen = new HashSet<>();
        for (Message m : WireArbitraries.messages().sampleStream().limit(20_000).toList()) {
            seen.add(m.getClass());
            assertThat(MessageType.ALL.contains(m.command()) || m instanceof UnknownMessage).isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(permitted);
    }

    @Test
    void unknownCommandsDecodeToUnknownMessageNotAnError() throws ProtocolException {
        Message m = MessageDecoder.decode("alert", new byte[] {1, 2, 3});
        assertThat(m).isEqualTo(new UnknownMessage("alert", io.mooring.wire.Bytes.wrap(new byte[] {1, 2, 3})));
    }
}
