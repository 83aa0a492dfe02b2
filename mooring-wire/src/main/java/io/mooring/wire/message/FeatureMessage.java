package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code feature} (BIP434, protocol 70017, Core's development branch only): a feature id of 4..80 bytes and up to
 * 512 bytes of data, with no trailing bytes. Any violation is a {@link ProtocolError#MALFORMED} error, which Core
 * answers with a disconnect.
 */
public record FeatureMessage(String featureId, Bytes data) implements Message {
    public FeatureMessage {
        Objects.requireNonNull(featureId, "featureId");
        Objects.requireNonNull(data, "data");
        int idLength = featureId.getBytes(StandardCharsets.ISO_8859_1).length;
        if (idLength < Limits.MIN_FEATURE_ID_LENGTH || idLength > Limits.MAX_FEATURE_ID_LENGTH
                || data.length() > Limits.MAX_FEATURE_DATA_LENGTH) {
            throw new IllegalArgumentException("feature id must be 4..80 bytes and data at most 512 bytes");
        }
    }

    public static FeatureMessage read(WireReader r) throws ProtocolException {
        String id = r.readVarString(Limits.MAX_FEATURE_ID_LENGTH);
        if (id.length() < Limits.MIN_FEATURE_ID_LENGTH) {
            throw new ProtocolException(ProtocolError.MALFORMED, "feature id shorter than 4 bytes");
        }
        Bytes data = r.readVarBytes(Limits.MAX_FEATURE_DATA_LENGTH);
        if (r.hasRemaining()) {
            throw new ProtocolException(ProtocolError.MALFORMED, "trailing bytes after feature data");
        }
        return new FeatureMessage(id, data);
    }

    @Override
    public String command() {
        return MessageType.FEATURE;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeVarString(featureId).writeVarBytes(data);
    }
}
