package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Block;
import java.util.Objects;

/** {@code block}: one full block, with witness data when requested as a witness block (BIP144). */
public record BlockMessage(Block block) implements Message {
    public BlockMessage {
        Objects.requireNonNull(block, "block");
    }

    public static BlockMessage read(WireReader r) throws ProtocolException {
        return new BlockMessage(Block.read(r));
    }

    @Override
    public String command() {
        return MessageType.BLOCK;
    }

    @Override
    public void writePayload(WireWriter w) {
        block.write(w);
    }

    @Override
    public byte[] payload() {
        return Vectors.payload(this, block.totalSize());
    }
}
