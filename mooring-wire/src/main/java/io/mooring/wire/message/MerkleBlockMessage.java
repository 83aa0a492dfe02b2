package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.PartialMerkleTree;
import java.util.Objects;

/** {@code merkleblock} (BIP37): a header and the partial merkle tree proving the transactions a filter matched. */
public record MerkleBlockMessage(BlockHeader header, PartialMerkleTree tree) implements Message {
    public MerkleBlockMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(tree, "tree");
    }

    public static MerkleBlockMessage read(WireReader r) throws ProtocolException {
        return new MerkleBlockMessage(BlockHeader.read(r), PartialMerkleTree.read(r));
    }

    @Override
    public String command() {
        return MessageType.MERKLEBLOCK;
    }

    @Override
    public void writePayload(WireWriter w) {
        header.write(w);
        tree.write(w);
    }
}
