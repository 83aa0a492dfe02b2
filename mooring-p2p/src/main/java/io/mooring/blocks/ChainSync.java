package io.mooring.blocks;

import io.mooring.headers.HeaderChain;
import io.mooring.headers.HeadersSync;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.net.ProtocolExtension;
import io.mooring.wire.message.Message;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The chain part of Core's net_processing as one {@link ProtocolExtension}: {@link HeadersSync} and
 * {@link BlockDownload} see every established peer's messages and ticks, headers first.
 */
public final class ChainSync implements ProtocolExtension {
    private final HeadersSync headers;
    private final BlockDownload blocks;

    public ChainSync(BlockTree chain, RandomGenerator random) {
        Objects.requireNonNull(chain, "chain");
        this.headers = new HeadersSync(chain, random);
        this.blocks = new BlockDownload(chain, headers, random);
    }

    public HeadersSync headers() {
        return headers;
    }

    public BlockDownload blocks() {
        return blocks;
    }

    @Override
    public void peerReady(PeerHandle peer, Instant now) {
        blocks.peerReady(peer, now);
        headers.peerReady(peer, now);
    }

    @Override
    public void onMessage(PeerHandle peer, Message message, Instant now) {
        headers.onMessage(peer, message, now);
        blocks.onMessage(peer, message, now);
    }

    @Override
    public void peerGone(PeerId peer, Instant now) {
        blocks.peerGone(peer);
        headers.peerGone(peer);
    }

    @Override
    public void onTick(Instant now) {
        headers.onTick(now);
        blocks.onTick(now);
    }

    /** Core's NewPoWValidBlock: a checked block on our tip, announced to high-bandwidth peers before connection. */
    public void newPoWValidBlock(HeaderChain.Known block, io.mooring.wire.primitives.Block data) {
        blocks.newPoWValidBlock(block, data);
    }

    /** The chain layer's tip changed: announce it (Core's UpdatedBlockTip). */
    public void updatedBlockTip(HeaderChain.Known newTip, HeaderChain.Known forkPoint, boolean initialDownload) {
        headers.updatedBlockTip(newTip, forkPoint, initialDownload);
    }
}
