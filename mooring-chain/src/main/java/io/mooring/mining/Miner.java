package io.mooring.mining;

import io.mooring.chain.Pow;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;

/**
 * Nonce grinding as Core's {@code GenerateBlock} in {@code rpc/mining.cpp}: the nonce is incremented until the header
 * hash meets its bits ({@code CheckProofOfWork}), the tries run out (the {@code maxtries} argument of
 * {@code generatetoaddress}, shared by all blocks of one call), or the nonce reaches 0xffffffff (then Core builds a
 * new block and goes on).
 */
public final class Miner {
    private static final long NONCE_MAX = 0xffffffffL;

    private Miner() {
    }

    /** How a grind ended. */
    public sealed interface Result {
        /** The header (with its winning nonce) meets its bits; {@code triesLeft} are left for the next block. */
        record Found(BlockHeader header, long triesLeft) implements Result {
        }

        /** Every nonce was tried: build a new block (a later time) and grind again with {@code triesLeft}. */
        record NonceSpaceExhausted(long triesLeft) implements Result {
        }

        /** {@code maxTries} ran out: Core's generate RPCs stop here and return the blocks found so far. */
        record OutOfTries() implements Result {
        }
    }

    /**
     * Grinds {@code header}'s nonce from its current value. As in Core, each nonce increment costs one try and a
     * header that meets its bits only when the last try is spent counts as out of tries.
     */
    public static Result grind(BlockHeader header, long maxTries, BigInteger powLimit) {
        long nonce = header.nonce();
        long tries = maxTries;
        BlockHeader h = header;
        while (tries > 0 && nonce < NONCE_MAX && !Pow.checkProofOfWork(h.hash(), h.bits(), powLimit)) {
            nonce++;
            tries--;
            h = new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), nonce);
        }
        if (tries == 0) return new Result.OutOfTries();
        if (nonce == NONCE_MAX) return new Result.NonceSpaceExhausted(tries);
        return new Result.Found(h, tries);
    }

    /** The block with a header that {@link #grind} found. */
    public static Block withHeader(Block block, BlockHeader header) {
        return new Block(header, block.transactions());
    }
}
