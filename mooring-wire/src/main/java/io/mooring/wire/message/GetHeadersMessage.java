package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * {@code getheaders}: asks for up to 2,000 headers after the locator's fork point. {@code version} is a dummy protocol version (Core sends 70016 and ignores it); the
 * locator lists hashes from the tip backwards, at most {@link Limits#MAX_LOCATOR_SZ} (more: Core disconnects);
 * a zero {@code hashStop} means "as many as allowed".
 */
public record GetHeadersMessage(int version, List<Hash256> locator, Hash256 hashStop) implements Message {
    public GetHeadersMessage {
        locator = Vectors.copy(locator);
        Vectors.checkMax(locator, Limits.MAX_LOCATOR_SZ, "locator");
        Objects.requireNonNull(hashStop, "hashStop");
    }

    public static GetHeadersMessage read(WireReader r) throws ProtocolException {
        int version = r.readI32LE();
        List<Hash256> locator = Vectors.readHashes(r, Limits.MAX_LOCATOR_SZ, ProtocolError.LOCATOR_TOO_LARGE);
        return new GetHeadersMessage(version, locator, r.readHash());
    }

    @Override
    public String command() {
        return MessageType.GETHEADERS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeI32LE(version);
        Vectors.writeHashes(w, locator);
        w.writeHash(hashStop);
    }
}
