package io.mooring.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.GoldenVectors;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** BIP324 short message type ids against bip324/message_type_ids.json. */
class V2MessageIdsTest {
    private static final JsonNode VECTORS = GoldenVectors.json("bip324/message_type_ids.json");

    @Test
    void everyFinalIdMapsToItsCommandAndBack() {
        JsonNode ids = VECTORS.get("bip324_ids");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = ids.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = Integer.parseInt(e.getKey());
            if (id == 0) {
                assertThat(V2MessageIds.command(0)).isEmpty();
                continue;
            }
            String command = e.getValue().asText();
            assertThat(V2MessageIds.command(id)).as("id %d", id).contains(command);
            assertThat(V2MessageIds.id(command)).as(command).hasValue(id);
            assertThat(MessageType.ALL).contains(command);
            checked++;
        }
        assertThat(checked).isEqualTo(28).isEqualTo(V2MessageIds.MAX_ID);
    }

    @Test
    void proposedIdsAreKeptOutOfTheMapping() {
        JsonNode proposed = VECTORS.get("proposed_by_other_bips");
        assertThat(proposed.size()).isEqualTo(V2MessageIds.PROPOSED.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = proposed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = Integer.parseInt(e.getKey());
            String command = e.getValue().get("message").asText();
            assertThat(V2MessageIds.PROPOSED).containsEntry(id, command);
            assertThat(V2MessageIds.command(id)).isEmpty();
            assertThat(V2MessageIds.id(command)).isEmpty();
        }
        assertThat(V2MessageIds.command(255)).isEmpty();
        assertThat(V2MessageIds.command(-1)).isEmpty();
    }

    @Test
    void commandsWithoutAShortIdAreTheOnesBip324LeftOut() {
        Set<String> without = new HashSet<>();
        for (String c : MessageType.ALL) {
            if (V2MessageIds.id(c).isEmpty()) without.add(c);
        }
        assertThat(without).containsExactlyInAnyOrder(MessageType.VERSION, MessageType.VERACK, MessageType.SENDADDRV2,
                MessageType.GETADDR, MessageType.SENDHEADERS, MessageType.WTXIDRELAY, MessageType.SENDTXRCNCL,
                MessageType.FEATURE);
    }

    @Test
    void shortAndLongFormsReadAsTheSameCommand() throws ProtocolException {
        for (String command : MessageType.ALL) {
            WireWriter shortForm = new WireWriter();
            V2MessageIds.writeMessageType(shortForm, command);
            WireWriter longForm = new WireWriter();
            V2MessageIds.writeLongForm(longForm, command);
            assertThat(longForm.size()).isEqualTo(V2MessageIds.LONG_FORM_SIZE);
            assertThat(shortForm.size()).isEqualTo(V2MessageIds.id(command).isPresent() ? 1 : 13);
            assertThat(V2MessageIds.readMessageType(new WireReader(shortForm.toByteArray()))).contains(command);
            assertThat(V2MessageIds.readMessageType(new WireReader(longForm.toByteArray()))).contains(command);
        }
    }

    @Test
    void shortAndLongFormCarryTheSameDecodedMessage() throws ProtocolException {
        PingMessage ping = new PingMessage(0x1122334455667788L);
        for (boolean useShort : new boolean[] {true, false}) {
            WireWriter contents = new WireWriter();
            if (useShort) {
                V2MessageIds.writeMessageType(contents, ping.command());
            } else {
                V2MessageIds.writeLongForm(contents, ping.command());
            }
            ping.writePayload(contents);
            byte[] bytes = contents.toByteArray();
            assertThat(bytes[0]).isEqualTo(useShort ? (byte) 18 : 0);
            WireReader r = new WireReader(bytes);
            String command = V2MessageIds.readMessageType(r).orElseThrow();
            assertThat(MessageDecoder.decode(command, bytes, r.position(), r.remaining())).isEqualTo(ping);
        }
    }

    @Test
    void malformedLongFormsAreDroppedNotFatal() throws ProtocolException {
        HexFormat hex = HexFormat.of();
        // non-NUL after the first NUL
        assertThat(V2MessageIds.readMessageType(new WireReader(hex.parseHex("0070696e6700000000000000ff"))))
                .isEqualTo(Optional.empty());
        // a control character
        assertThat(V2MessageIds.readMessageType(new WireReader(hex.parseHex("0070690a6700000000000000"+"00"))))
                .isEmpty();
        // unassigned short id
        assertThat(V2MessageIds.readMessageType(new WireReader(hex.parseHex("1d")))).isEmpty();
        // an empty long form is the empty command (Core passes it on as an unknown type)
        assertThat(V2MessageIds.readMessageType(new WireReader(new byte[13]))).contains("");
    }

    @Test
    void missingBytesAreTruncated() {
        assertThatThrownBy(() -> V2MessageIds.readMessageType(new WireReader(new byte[0])))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.TRUNCATED));
        assertThatThrownBy(() -> V2MessageIds.readMessageType(new WireReader(new byte[5])))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.TRUNCATED));
    }

    @Test
    void overlongCommandsCannotBeWritten() {
        assertThatThrownBy(() -> V2MessageIds.writeLongForm(new WireWriter(), "thirteenchars"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
