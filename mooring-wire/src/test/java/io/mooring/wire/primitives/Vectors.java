package io.mooring.wire.primitives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Test data copied from shared/vectors (see shared/vectors/README.md for provenance). */
final class Vectors {
    private Vectors() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return new ObjectMapper().readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a block that must fill {@code bytes} exactly. */
    static Block block(byte[] bytes) throws ProtocolException {
        WireReader r = new WireReader(bytes);
        Block b = Block.read(r);
        if (r.remaining() != 0) throw new AssertionError(r.remaining() + " trailing bytes");
        return b;
    }

    static Block block(String resource) throws ProtocolException {
        return block(resource(resource));
    }

    /** A block of bip158/testnet-19.json by height (926485 and 1263442 hold a non-coinbase segwit transaction). */
    static Block testnetBlock(int height) throws ProtocolException {
        for (JsonNode row : json("testnet-19.json")) {
            if (row.size() > 2 && row.get(0).asInt() == height) {
                return block(java.util.HexFormat.of().parseHex(row.get(2).asText()));
            }
        }
        throw new IllegalArgumentException("no testnet block at " + height);
    }

    /** The raw blocks of bitcoinj-first-100k-blocks.dat: records of magic f9beb4d9, uint32 LE length, block. */
    static List<byte[]> first100kBlocks() {
        ByteBuffer b = ByteBuffer.wrap(resource("bitcoinj-first-100k-blocks.dat")).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> blocks = new ArrayList<>();
        while (b.hasRemaining()) {
            int magic = b.getInt();
            if (magic != 0xd9b4bef9) throw new IllegalStateException("bad magic at " + (b.position() - 4));
            byte[] raw = new byte[b.getInt()];
            b.get(raw);
            blocks.add(raw);
        }
        return blocks;
    }
}
