package io.mooring.headers;

import io.mooring.chain.ChainParams;
import io.mooring.chain.Pow;
import io.mooring.logging.LogCategory;
import io.mooring.wire.Hash256;
import io.mooring.wire.SipHash;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/**
 * Core's {@code HeadersSyncState} (headerssync.cpp): downloads a peer's headers chain twice when we cannot tell
 * whether it has enough work, so a peer serving a long low-work chain costs bounded, temporary memory and nothing is
 * stored.
 *
 * <ul>
 *   <li>PRESYNC: each header's difficulty transition is checked and its work added up; one salted-hash bit is kept
 *       for every {@code commitmentPeriod} headers at a secret offset. The number of bits is capped by the longest
 *       chain the median-time-past rule allows since the chain start (6 blocks a second), so memory is bounded.</li>
 *   <li>REDOWNLOAD: once the work reaches the minimum, the same headers are requested again from the chain start.
 *       Each is checked against the stored bits and held in a buffer; headers leave the buffer for full validation
 *       only when {@code redownloadBufferSize} verified headers sit on top of them, or when the redownloaded chain
 *       itself reaches the minimum work.</li>
 *   <li>FINAL: done or aborted; all memory released.</li>
 * </ul>
 * The caller has already checked that a batch is continuous and that each header meets the PoW its bits claim.
 */
public final class HeadersSyncState {
    private static final Logger NET = LogCategory.NET.logger();

    /** Core's MAX_FUTURE_BLOCK_TIME: two hours. */
    static final long MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;

    /** Where the download stands. */
    public enum State { PRESYNC, REDOWNLOAD, FINAL }

    /**
     * What one batch produced.
     *
     * @param powValidatedHeaders headers now ready for full validation and storage (only in REDOWNLOAD)
     * @param success             false when the sync was aborted (the object is FINAL)
     * @param requestMore         true when the caller should send a getheaders with {@link #nextHeadersRequestLocator()}
     */
    public record ProcessingResult(List<BlockHeader> powValidatedHeaders, boolean success, boolean requestMore) {
        public ProcessingResult {
            powValidatedHeaders = List.copyOf(powValidatedHeaders);
        }
    }

    private final long peerId;
    private final ChainParams.HeadersPresync params;
    private final DifficultyTransitionCheck difficulty;
    private final ChainStart chainStart;
    private final BigInteger minimumRequiredWork;
    private final long commitOffset;
    private final long hashKey0;
    private final long hashKey1;
    private final long maxCommitments;

    private State state = State.PRESYNC;
    private BigInteger currentChainWork;
    private final BitDeque commitments = new BitDeque();
    private BlockHeader lastHeaderReceived;
    private Hash256 lastHeaderReceivedHash;
    private long currentHeight;

    private final CompressedHeaderQueue redownloaded = new CompressedHeaderQueue();
    private long redownloadBufferLastHeight;
    private Hash256 redownloadBufferLastHash;
    private Hash256 redownloadBufferFirstPrevHash;
    private BigInteger redownloadChainWork;
    private boolean processAllRemainingHeaders;

    /**
     * Starts a presync from {@code chainStart}.
     *
     * @param peerId              the peer (for log lines)
     * @param nowSeconds          the node's current time, which bounds how long an honest chain can be
     * @param random              source of the secret commitment offset and hash salt
     */
    public HeadersSyncState(long peerId, ChainParams.HeadersPresync params, DifficultyTransitionCheck difficulty,
                            ChainStart chainStart, BigInteger minimumRequiredWork, long nowSeconds,
                            RandomGenerator random) {
        this.peerId = peerId;
        this.params = Objects.requireNonNull(params, "params");
        this.difficulty = Objects.requireNonNull(difficulty, "difficulty");
        this.chainStart = Objects.requireNonNull(chainStart, "chainStart");
        this.minimumRequiredWork = Objects.requireNonNull(minimumRequiredWork, "minimumRequiredWork");
        this.commitOffset = random.nextLong(params.commitmentPeriod());
        this.hashKey0 = random.nextLong();
        this.hashKey1 = random.nextLong();
        this.currentChainWork = chainStart.chainWork();
        this.lastHeaderReceived = chainStart.header();
        this.lastHeaderReceivedHash = chainStart.hash();
        this.currentHeight = chainStart.height();
        // Core: the most blocks a consensus-valid chain can have gained since the start's median time past is six a
        // second (the MTP rule), up to now plus the two-hour future allowance.
        long maxSecondsSinceStart = Math.max(0, nowSeconds - chainStart.medianTimePast()) + MAX_FUTURE_BLOCK_TIME;
        this.maxCommitments = 6 * maxSecondsSinceStart / params.commitmentPeriod();
        NET.debug("Initial headers sync started with peer={}: height={}, max_commitments={}, min_work={}",
                peerId, currentHeight, maxCommitments, hex(minimumRequiredWork));
    }

    public State state() {
        return state;
    }

    /** Height reached during presync (Core's {@code GetPresyncHeight}). */
    public long presyncHeight() {
        return currentHeight;
    }

    /** Time of the last header received during presync. */
    public long presyncTime() {
        return lastHeaderReceived == null ? 0 : lastHeaderReceived.time();
    }

    /** Work of the chain received during presync. */
    public BigInteger presyncWork() {
        return currentChainWork;
    }

    /** Commitment bits held now (for memory-bound tests and getpeerinfo-style reporting). */
    public int commitmentCount() {
        return commitments.size();
    }

    /** Headers waiting in the redownload buffer. */
    public int bufferedHeaderCount() {
        return redownloaded.size();
    }

    /** The cap on commitment bits for this sync. */
    public long maxCommitments() {
        return maxCommitments;
    }

    /** Core's {@code ProcessNextHeaders}. {@code received} must not be empty. */
    public ProcessingResult processNextHeaders(List<BlockHeader> received, boolean fullHeadersMessage) {
        if (received.isEmpty() || state == State.FINAL) {
            return new ProcessingResult(List.of(), false, false);
        }
        boolean success;
        boolean requestMore = false;
        List<BlockHeader> ready = List.of();
        if (state == State.PRESYNC) {
            success = validateAndStoreHeadersCommitments(received);
            if (success) {
                if (fullHeadersMessage || state == State.REDOWNLOAD) {
                    // A full message means the peer may have more; a switch to REDOWNLOAD means starting over.
                    requestMore = true;
                } else {
                    NET.debug("Initial headers sync aborted with peer={}: incomplete headers message at height={} "
                            + "(presync phase)", peerId, currentHeight);
                }
            }
        } else {
            success = true;
            for (BlockHeader header : received) {
                if (!validateAndStoreRedownloadedHeader(header)) {
                    success = false;
                    break;
                }
            }
            if (success) {
                ready = popHeadersReadyForAcceptance();
                if (redownloaded.isEmpty() && processAllRemainingHeaders) {
                    NET.debug("Initial headers sync complete with peer={}: releasing all at height={} "
                            + "(redownload phase)", peerId, redownloadBufferLastHeight);
                } else if (fullHeadersMessage) {
                    requestMore = true;
                } else {
                    // The peer showed a high-work chain but now declines to serve it again: give up (what was
                    // released is still valid to process).
                    NET.debug("Initial headers sync aborted with peer={}: incomplete headers message at height={} "
                            + "(redownload phase)", peerId, redownloadBufferLastHeight);
                }
            }
        }
        if (!(success && requestMore)) finish();
        return new ProcessingResult(ready, success, requestMore);
    }

    /** Core's {@code NextHeadersRequestLocator}: where the next getheaders continues from, then the start's locator. */
    public List<Hash256> nextHeadersRequestLocator() {
        if (state == State.FINAL) return List.of();
        List<Hash256> locator = new ArrayList<>(chainStart.locator().size() + 1);
        locator.add(state == State.PRESYNC ? lastHeaderReceivedHash : redownloadBufferLastHash);
        locator.addAll(chainStart.locator());
        return locator;
    }

    private boolean validateAndStoreHeadersCommitments(List<BlockHeader> headers) {
        if (!headers.get(0).prevBlock().equals(lastHeaderReceivedHash)) {
            // Possibly benign (the peer reorganised); give up this sync, a new one will start from a new point.
            NET.debug("Initial headers sync aborted with peer={}: non-continuous headers at height={} (presync phase)",
                    peerId, currentHeight);
            return false;
        }
        for (BlockHeader header : headers) {
            if (!validateAndProcessSingleHeader(header)) return false;
        }
        if (currentChainWork.compareTo(minimumRequiredWork) >= 0) {
            redownloaded.clear();
            redownloadBufferLastHeight = chainStart.height();
            redownloadBufferFirstPrevHash = chainStart.hash();
            redownloadBufferLastHash = chainStart.hash();
            redownloadChainWork = chainStart.chainWork();
            state = State.REDOWNLOAD;
            NET.debug("Initial headers sync transition with peer={}: reached sufficient work at height={}, "
                    + "redownloading from height={}", peerId, currentHeight, redownloadBufferLastHeight);
        }
        return true;
    }

    private boolean validateAndProcessSingleHeader(BlockHeader current) {
        long nextHeight = currentHeight + 1;
        // An attacker with little hash power does best by packing work into few blocks: refuse difficulty jumps the
        // retarget rules do not allow.
        if (!difficulty.permitted(nextHeight, lastHeaderReceived.bits(), current.bits())) {
            NET.debug("Initial headers sync aborted with peer={}: invalid difficulty transition at height={} "
                    + "(presync phase)", peerId, nextHeight);
            return false;
        }
        Hash256 hash = current.hash();
        if (nextHeight % params.commitmentPeriod() == commitOffset) {
            commitments.addLast(commitmentBit(hash));
            if (commitments.size() > maxCommitments) {
                NET.debug("Initial headers sync aborted with peer={}: exceeded max commitments at height={} "
                        + "(presync phase)", peerId, nextHeight);
                return false;
            }
        }
        currentChainWork = currentChainWork.add(Pow.blockProof(current.bits()));
        lastHeaderReceived = current;
        lastHeaderReceivedHash = hash;
        currentHeight = nextHeight;
        return true;
    }

    private boolean validateAndStoreRedownloadedHeader(BlockHeader header) {
        long nextHeight = redownloadBufferLastHeight + 1;
        if (!header.prevBlock().equals(redownloadBufferLastHash)) {
            NET.debug("Initial headers sync aborted with peer={}: non-continuous headers at height={} "
                    + "(redownload phase)", peerId, nextHeight);
            return false;
        }
        long previousBits = redownloaded.isEmpty() ? chainStart.header().bits() : redownloaded.lastBits();
        if (!difficulty.permitted(nextHeight, previousBits, header.bits())) {
            NET.debug("Initial headers sync aborted with peer={}: invalid difficulty transition at height={} "
                    + "(redownload phase)", peerId, nextHeight);
            return false;
        }
        redownloadChainWork = redownloadChainWork.add(Pow.blockProof(header.bits()));
        if (redownloadChainWork.compareTo(minimumRequiredWork) >= 0) {
            processAllRemainingHeaders = true;
        }
        Hash256 hash = header.hash();
        // Past the target work the peer may have extended its chain since presync: stop checking commitments then.
        if (!processAllRemainingHeaders && nextHeight % params.commitmentPeriod() == commitOffset) {
            if (commitments.isEmpty()) {
                NET.debug("Initial headers sync aborted with peer={}: commitment overrun at height={} "
                        + "(redownload phase)", peerId, nextHeight);
                return false;
            }
            boolean expected = commitments.removeFirst();
            if (commitmentBit(hash) != expected) {
                NET.debug("Initial headers sync aborted with peer={}: commitment mismatch at height={} "
                        + "(redownload phase)", peerId, nextHeight);
                return false;
            }
        }
        redownloaded.addLast(header);
        redownloadBufferLastHeight = nextHeight;
        redownloadBufferLastHash = hash;
        return true;
    }

    private List<BlockHeader> popHeadersReadyForAcceptance() {
        List<BlockHeader> ready = new ArrayList<>();
        while (redownloaded.size() > params.redownloadBufferSize()
                || (!redownloaded.isEmpty() && processAllRemainingHeaders)) {
            BlockHeader header = redownloaded.removeFirst(redownloadBufferFirstPrevHash);
            ready.add(header);
            redownloadBufferFirstPrevHash = header.hash();
        }
        return ready;
    }

    private boolean commitmentBit(Hash256 hash) {
        return (SipHash.hash(hashKey0, hashKey1, hash) & 1) != 0;
    }

    /** Core's {@code Finalize}: free everything; the object is not reused (its salt must not serve another sync). */
    private void finish() {
        commitments.clear();
        redownloaded.clear();
        lastHeaderReceived = null;
        lastHeaderReceivedHash = null;
        redownloadBufferLastHash = null;
        redownloadBufferFirstPrevHash = null;
        processAllRemainingHeaders = false;
        currentHeight = 0;
        state = State.FINAL;
    }

    private static String hex(BigInteger work) {
        String h = work.toString(16);
        return "0".repeat(Math.max(0, 64 - h.length())) + h;
    }
}
