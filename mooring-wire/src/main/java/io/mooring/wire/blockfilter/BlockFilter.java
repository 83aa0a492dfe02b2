package io.mooring.wire.blockfilter;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxOut;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One block's BIP158 filter (Core's {@code BlockFilter}): its type, the block hash (which keys the element hashing)
 * and the Golomb-coded set. Also the BIP157 arithmetic on top: the filter hash {@code SHA256d(encoded filter)} and
 * the filter header {@code SHA256d(filter hash || previous filter header)}, both hashes in internal byte order; the
 * genesis block's previous header is all zeros.
 */
public record BlockFilter(BlockFilterType type, Hash256 blockHash, GolombCodedSet filter) {
    /** {@code OP_RETURN}: outputs whose script starts with it are left out of the basic filter. */
    private static final byte OP_RETURN = 0x6a;

    public BlockFilter {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(filter, "filter");
        if (!filter.params().equals(GolombCodedSet.Params.forBlock(type, blockHash))) {
            throw new IllegalArgumentException("the filter's parameters do not belong to this block and type");
        }
    }

    /**
     * Builds the basic filter of {@code block}. {@code spentScripts} are the output scripts of the coins the block's
     * inputs spend (Core reads them from the block's undo data), in any order, duplicates allowed.
     */
    public static BlockFilter basic(Block block, Collection<Bytes> spentScripts) {
        Hash256 hash = block.hash();
        GolombCodedSet set = GolombCodedSet.build(GolombCodedSet.Params.forBlock(BlockFilterType.BASIC, hash),
                basicFilterElements(block, spentScripts));
        return new BlockFilter(BlockFilterType.BASIC, hash, set);
    }

    /**
     * The elements of the basic filter (Core's {@code BasicFilterElements}): every output script of the block except
     * empty ones and those starting with {@code OP_RETURN}, and every non-empty spent script; each once.
     */
    public static Set<Bytes> basicFilterElements(Block block, Collection<Bytes> spentScripts) {
        Set<Bytes> elements = new LinkedHashSet<>();
        for (Transaction tx : block.transactions()) {
            for (TxOut out : tx.outputs()) {
                Bytes script = out.scriptPubKey();
                if (script.isEmpty() || script.get(0) == OP_RETURN) continue;
                elements.add(script);
            }
        }
        for (Bytes script : spentScripts) {
            if (!script.isEmpty()) elements.add(script);
        }
        return elements;
    }

    /** Decodes a filter received for {@code blockHash} (as in {@code cfilter}), checking its encoding. */
    public static BlockFilter decode(BlockFilterType type, Hash256 blockHash, Bytes encoded) throws ProtocolException {
        return new BlockFilter(type, blockHash,
                GolombCodedSet.decode(GolombCodedSet.Params.forBlock(type, blockHash), encoded));
    }

    /** The encoded filter, as carried in {@code cfilter}. */
    public Bytes encoded() {
        return filter.encoded();
    }

    /** The filter hash: SHA256d of the encoded filter (the entries of {@code cfheaders}). */
    public Hash256 filterHash() {
        return Hashes.sha256d(filter.encoded().toArray());
    }

    /** This filter's header, chained onto {@code previousHeader}. */
    public Hash256 header(Hash256 previousHeader) {
        return header(filterHash(), previousHeader);
    }

    /** A filter header: {@code SHA256d(filterHash || previousHeader)}, both in internal byte order. */
    public static Hash256 header(Hash256 filterHash, Hash256 previousHeader) {
        byte[] buf = new byte[2 * Hash256.BYTES];
        filterHash.writeTo(buf, 0);
        previousHeader.writeTo(buf, Hash256.BYTES);
        return Hashes.sha256d(buf);
    }

    /**
     * The headers of consecutive filters whose hashes are {@code filterHashes}, starting after
     * {@code previousHeader} (how a {@code cfheaders} reply is turned into headers).
     */
    public static List<Hash256> chainHeaders(Hash256 previousHeader, List<Hash256> filterHashes) {
        List<Hash256> headers = new ArrayList<>(filterHashes.size());
        Hash256 prev = previousHeader;
        for (Hash256 h : filterHashes) {
            prev = header(h, prev);
            headers.add(prev);
        }
        return List.copyOf(headers);
    }
}
