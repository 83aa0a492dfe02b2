package io.mooring.headers;

import io.mooring.validation.BlockValidationResult;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small in-memory chain for header-sync tests: headers connect by prev hash, work adds up, the active chain is the
 * most-work (first seen on ties) header chain, as if every block arrived with its header. Validation is reduced to
 * what tests control: hashes in {@link #invalid} are rejected as consensus-invalid, hashes in {@link #badPow} fail
 * the proof-of-work check.
 */
public class FakeHeaderChain implements HeaderChain {
    public static final long BITS = 0x207fffffL;

    final ChainParams params = ChainParamsLoader.builtIn("regtest");
    public final Map<Hash256, Known> index = new HashMap<>();
    public final Set<Hash256> invalid = new HashSet<>();
    final Set<Hash256> badPow = new HashSet<>();
    public final List<Known> active = new ArrayList<>();
    public BigInteger minimumChainWork = BigInteger.ZERO;
    public boolean initialDownload = true;
    /** When false, the active chain is managed by a subclass (blocks), not moved by new headers. */
    public boolean activeFollowsHeaders = true;
    int processCalls;
    public Known best;

    public FakeHeaderChain() {
        BlockHeader g = params.genesisHeader();
        Known genesis = new Known(g.hash(), g, 0, Pow.blockProof(g.bits()));
        index.put(genesis.hash(), genesis);
        active.add(genesis);
        best = genesis;
    }

    public Known genesis() {
        return active.get(0);
    }

    /** Headers building on {@code from}, {@code salt} making distinct branches; times start at {@code time}. */
    public static List<BlockHeader> build(Known from, int count, long salt, long time) {
        List<BlockHeader> out = new ArrayList<>();
        Hash256 prev = from.hash();
        for (int i = 0; i < count; i++) {
            BlockHeader h = new BlockHeader(0x20000000, prev, new Hash256(salt, i, 7, 7), time + i, BITS, i);
            out.add(h);
            prev = h.hash();
        }
        return out;
    }

    @Override
    public ChainParams params() {
        return params;
    }

    @Override
    public Optional<Known> lookup(Hash256 hash) {
        return Optional.ofNullable(index.get(hash));
    }

    @Override
    public Known bestHeader() {
        return best;
    }

    @Override
    public Known activeTip() {
        return active.get(active.size() - 1);
    }

    /** Every block arrived with its header: any known header that is not invalid counts as validated. */
    @Override
    public boolean isFullyValidated(Known block) {
        return index.containsKey(block.hash()) && !invalid.contains(block.hash());
    }

    @Override
    public boolean isInActiveChain(Hash256 block) {
        Known k = index.get(block);
        return k != null && k.height() < active.size() && active.get(k.height()).hash().equals(block);
    }

    @Override
    public boolean isAncestorOfBestHeaderOrTip(Hash256 block) {
        Known k = index.get(block);
        if (k == null) return false;
        return (k.height() <= best.height() && ancestor(best, k.height()).hash().equals(block)) || isInActiveChain(block);
    }

    @Override
    public Known ancestor(Known block, int height) {
        Known walk = block;
        while (walk.height() > height) walk = index.get(walk.header().prevBlock());
        return walk;
    }

    @Override
    public List<Hash256> locator(Known block) {
        List<Hash256> out = new ArrayList<>();
        int step = 1;
        Known walk = block;
        while (true) {
            out.add(walk.hash());
            if (walk.height() == 0) break;
            int height = Math.max(walk.height() - step, 0);
            walk = ancestor(walk, height);
            if (out.size() > 10) step *= 2;
        }
        return out;
    }

    @Override
    public Known findForkInActiveChain(List<Hash256> locator) {
        for (Hash256 h : locator) {
            if (isInActiveChain(h)) return index.get(h);
        }
        return genesis();
    }

    @Override
    public Optional<Known> nextInActiveChain(Known block) {
        if (!isInActiveChain(block.hash()) || block.height() + 1 >= active.size()) return Optional.empty();
        return Optional.of(active.get(block.height() + 1));
    }

    @Override
    public ChainStart chainStart(Known block) {
        return new ChainStart(block.hash(), block.header(), block.height(), block.chainWork(), block.header().time(),
                locator(block));
    }

    @Override
    public BigInteger minimumChainWork() {
        return minimumChainWork;
    }

    @Override
    public DifficultyTransitionCheck difficultyTransitions() {
        return (height, oldBits, newBits) -> true;
    }

    @Override
    public boolean hasValidProofOfWork(Hash256 hash, long bits) {
        return !badPow.contains(hash);
    }

    @Override
    public Processed processNewBlockHeaders(List<BlockHeader> headers, long nowSeconds) {
        processCalls++;
        Known last = null;
        for (BlockHeader h : headers) {
            Hash256 hash = h.hash();
            Known existing = index.get(hash);
            if (existing != null) {
                last = existing;
                continue;
            }
            Known prev = index.get(h.prevBlock());
            if (prev == null) {
                return new Processed(Optional.ofNullable(last),
                        Optional.of(new Rejection(BlockValidationResult.MISSING_PREV, "prev-blk-not-found")));
            }
            if (invalid.contains(hash)) {
                return new Processed(Optional.ofNullable(last),
                        Optional.of(new Rejection(BlockValidationResult.CONSENSUS, "high-hash")));
            }
            Known k = new Known(hash, h, prev.height() + 1, prev.chainWork().add(Pow.blockProof(h.bits())));
            index.put(hash, k);
            if (k.chainWork().compareTo(best.chainWork()) > 0) {
                best = k;
                if (!activeFollowsHeaders) {
                    last = k;
                    continue;
                }
                // The active chain follows the best header, as if each block arrived with its header.
                List<Known> branch = new ArrayList<>();
                for (Known w = k; !isInActiveChain(w.hash()); w = index.get(w.header().prevBlock())) branch.add(0, w);
                int forkHeight = branch.get(0).height() - 1;
                while (active.size() > forkHeight + 1) active.remove(active.size() - 1);
                active.addAll(branch);
            }
            last = k;
        }
        return new Processed(Optional.ofNullable(last), Optional.empty());
    }

    @Override
    public boolean isInitialBlockDownload(long nowSeconds) {
        return initialDownload;
    }
}
