package io.mooring.node;

import io.mooring.blocks.ChainSync;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.logging.LogCategory;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.net.ProtocolExtension;
import io.mooring.validation.ChainListener;
import io.mooring.validation.ChainstateManager;
import io.mooring.wire.message.Message;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chain: the block store opened (or set aside when corrupt), the block index loaded into Core's
 * ChainstateManager, and chain sync attached to the peer manager as its {@link ProtocolExtension}. Everything here
 * runs on the node loop, except construction and {@link #close} (after the loop stopped).
 */
final class ChainService {
    private static final Logger LOG = LoggerFactory.getLogger(ChainService.class);
    private static final Logger VALIDATION = LogCategory.VALIDATION.logger();
    private static final DateTimeFormatter LOG_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Opens the block store for a chain (the node's RocksDB + flat files; tests may pass memory). */
    @FunctionalInterface
    interface StorageOpener {
        NodeChain.BlockStorage open() throws IOException;
    }

    private final ChainParams params;
    private final Clock clock;
    private final NodeChain chain;
    private final ChainSync sync;
    private final ProtocolExtension extension;
    private Consumer<BlockIndex> tipListener = tip -> { };
    /** Core's m_last_tip_update: when the active tip last changed (startup counts). */
    private Instant lastTipUpdate;
    /** Core's m_initial_sync_finished: latched once our tip is recent enough for direct fetch. */
    private boolean initialSyncFinished;
    private long lastHeaderLogMillis;

    /**
     * @param opener  opens the store; a store that fails to open or load is handed to {@code setAside} and a new
     *                one opened, so a corrupted chain state never stops the node (it syncs again from genesis)
     * @param setAside moves the damaged store out of the way (renamed, never deleted)
     */
    ChainService(ChainParams params, Clock clock, StorageOpener opener, Runnable setAside) throws IOException {
        this.params = Objects.requireNonNull(params, "params");
        this.clock = Objects.requireNonNull(clock, "clock");
        ChainstateManager chainman = new ChainstateManager(params);
        NodeChain.BlockStorage storage;
        long start = System.nanoTime();
        try {
            storage = opener.open();
            chainman.load(storage.index());
        } catch (IOException | IllegalStateException e) {
            LOG.error("Error loading block database: {}. The chain state is set aside and the node starts from the "
                    + "genesis block.", e.getMessage());
            setAside.run();
            chainman = new ChainstateManager(params);
            storage = opener.open();
        }
        LOG.info("Loaded best chain: hashBestChain={} height={} date={}  {}ms", chainman.tip().hash(),
                chainman.tip().height(), LOG_DATE.format(Instant.ofEpochSecond(chainman.tip().time())),
                (System.nanoTime() - start) / 1_000_000);
        this.chain = new NodeChain(chainman, storage);
        this.lastTipUpdate = clock.instant();
        this.sync = new ChainSync(chain, new io.mooring.util.FastRandomContext());
        chainman.addListener(new ChainListener() {
            @Override
            public void updatedBlockTip(BlockIndex newTip, BlockIndex forkPoint, boolean initialDownload) {
                lastTipUpdate = ChainService.this.clock.instant();
                logUpdateTip(newTip);
                sync.updatedBlockTip(NodeChain.known(newTip), forkPoint == null ? null : NodeChain.known(forkPoint),
                        initialDownload);
                tipListener.accept(newTip);
            }

            @Override
            public void newPoWValidBlock(BlockIndex index, io.mooring.wire.primitives.Block block) {
                sync.newPoWValidBlock(NodeChain.known(index), block);
            }

            @Override
            public void newBestHeader(BlockIndex bestHeader) {
                logHeaderProgress(bestHeader);
            }
        });
        this.extension = new ProtocolExtension() {
            @Override
            public void peerReady(PeerHandle peer, Instant now) {
                sync.peerReady(peer, now);
            }

            @Override
            public void onMessage(PeerHandle peer, Message message, Instant now) {
                sync.onMessage(peer, message, now);
            }

            @Override
            public void peerGone(PeerId peer, Instant now) {
                sync.peerGone(peer, now);
            }

            @Override
            public void onTick(Instant now) {
                sync.onTick(now);
                chain.maybeFlush(now.getEpochSecond());
            }
        };
    }

    NodeChain chain() {
        return chain;
    }

    ChainSync sync() {
        return sync;
    }

    ProtocolExtension extension() {
        return extension;
    }

    /**
     * What the outbound policy needs from the chain (Core's TipMayBeStale inputs and m_initial_sync_finished, which
     * latches the first time our tip is within 20 block intervals of now, Core's CanDirectFetch).
     */
    io.mooring.connman.OutboundChainState outboundState(Instant now) {
        if (!initialSyncFinished) {
            long spacing = params.consensus().pow().targetSpacing();
            initialSyncFinished = chain.chainman().tip().time() > now.getEpochSecond() - 20 * spacing;
        }
        return new io.mooring.connman.OutboundChainState(lastTipUpdate, sync.blocks().blocksInFlightCount() > 0,
                initialSyncFinished);
    }

    /** Called on the node loop after every tip change (the node updates its version start height). */
    void onTipChanged(Consumer<BlockIndex> listener) {
        this.tipListener = Objects.requireNonNull(listener);
    }

    /** Core's UpdateTip log line. */
    private void logUpdateTip(BlockIndex tip) {
        double log2Work = Math.log(tip.chainWork().doubleValue()) / Math.log(2);
        LOG.info(String.format(java.util.Locale.ROOT,
                "UpdateTip: new best=%s height=%d version=0x%08x log2_work=%.6f tx=%d date='%s'", tip.hash(),
                tip.height(), tip.version(), log2Work, tip.chainTxCount(),
                LOG_DATE.format(Instant.ofEpochSecond(tip.time()))));
    }

    /** Core's "Synchronizing blockheaders" progress line during IBD, at most once a second. */
    private void logHeaderProgress(BlockIndex best) {
        long nowMillis = clock.millis();
        if (nowMillis - lastHeaderLogMillis < 1_000) return;
        lastHeaderLogMillis = nowMillis;
        long behind = Math.max(0, nowMillis / 1000 - best.time()) / params.consensus().pow().targetSpacing();
        double percent = 100.0 * best.height() / (best.height() + behind);
        VALIDATION.debug("new best header {} height {}", best.hash(), best.height());
        if (chain.isInitialBlockDownload(nowMillis / 1000)) {
            LOG.info(String.format(java.util.Locale.ROOT, "Synchronizing blockheaders, height: %d (~%.2f%%)",
                    best.height(), percent));
        }
    }

    /** Flushes and closes the store (after the node loop stopped). */
    void close() {
        chain.close();
    }
}
