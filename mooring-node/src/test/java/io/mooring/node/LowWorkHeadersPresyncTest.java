package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.blocks.ChainSync;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.validation.ChainstateManager;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Core's presync anti-DoS on the real chain stack: a peer feeding 100,000 valid-PoW headers of a chain below the
 * minimum chain work (a custom chain, built through the chain-file schema, whose minimum work is above the fed
 * chain's) costs only presync commitment bits and stores nothing.
 */
class LowWorkHeadersPresyncTest {
    static final int FED_HEADERS = 100_000;

    static ChainParams lowWorkTestChain() throws Exception {
        String json;
        try (InputStream in = ChainParams.class.getResourceAsStream("/io/mooring/chain/regtest.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Each 0x207fffff header is worth 2; demand the work of 150,000 headers.
        String minimumWork = String.format("%064x", BigInteger.valueOf(2L * 150_000));
        json = json.replace("\"id\": \"regtest\"", "\"id\": \"presync-test\"")
                .replace("\"0000000000000000000000000000000000000000000000000000000000000000\"", "\"" + minimumWork + "\"");
        ChainParams params = ChainParamsLoader.fromJson(json);
        assertThat(params.minimumChainWork()).isEqualTo(BigInteger.valueOf(300_000));
        return params;
    }

    static List<BlockHeader> lowWorkChain(ChainParams params, int count) {
        List<BlockHeader> out = new ArrayList<>(count);
        Hash256 prev = params.genesisHash();
        long time = params.genesisHeader().time();
        for (int i = 0; i < count; i++) {
            BlockHeader h;
            long nonce = 0;
            do {
                h = new BlockHeader(0x20000000, prev, new Hash256(i, 1, 2, 3), time + i + 1, 0x207fffffL, nonce++);
            } while (!Pow.checkProofOfWork(h.hash(), h.bits(), params.powLimit()));
            out.add(h);
            prev = h.hash();
        }
        return out;
    }

    @Test
    void hundredThousandLowWorkHeadersAreCheckedButNeverStored() throws Exception {
        ChainParams params = lowWorkTestChain();
        ChainstateManager chainman = new ChainstateManager(params);
        NodeChain chain = new NodeChain(chainman, new MemoryBlockStorage());
        ChainSync sync = new ChainSync(chain, new SplittableRandom(11));
        List<BlockHeader> remote = lowWorkChain(params, FED_HEADERS);
        Map<Hash256, Integer> position = new HashMap<>();
        for (int i = 0; i < remote.size(); i++) position.put(remote.get(i).hash(), i);

        Deque<Message> toPeer = new ArrayDeque<>();
        List<String> blame = new ArrayList<>();
        PeerHandle peer = new PeerHandle() {
            @Override public PeerId id() { return new PeerId(1); }
            @Override public ConnectionType connectionType() { return ConnectionType.OUTBOUND_FULL_RELAY; }
            @Override public long services() { return ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS; }
            @Override public int startingHeight() { return FED_HEADERS; }
            @Override public int commonVersion() { return 70016; }
            @Override public boolean hasNoBanPermission() { return false; }
            @Override public void send(Message message) { toPeer.add(message); }
            @Override public void misbehaving(String reason) { blame.add(reason); }
            @Override public void disconnect(String reason) { blame.add(reason); }
        };
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        sync.peerReady(peer, now);
        int answered = 0;
        long highestPresync = 0;
        while (!toPeer.isEmpty()) {
            if (!(toPeer.poll() instanceof GetHeadersMessage request)) continue;
            Integer from = position.get(request.locator().get(0));
            int start = from == null ? 0 : from + 1;
            List<BlockHeader> answer = remote.subList(start, Math.min(remote.size(), start + 2_000));
            sync.onMessage(peer, new HeadersMessage(answer), now);
            answered++;
            for (long h : sync.headers().presyncHeights().values()) highestPresync = Math.max(highestPresync, h);
            assertThat(chainman.size()).as("nothing stored while presyncing").isEqualTo(1);
        }
        assertThat(answered).isEqualTo(51); // 50 full batches, then the empty answer past the peer's tip
        assertThat(chainman.size()).isEqualTo(1);
        assertThat(chainman.bestHeader().height()).isZero();
        assertThat(blame).isEmpty();
        assertThat(highestPresync).as("the whole chain was presynced").isEqualTo(FED_HEADERS);
        assertThat(sync.headers().presyncHeights()).isEmpty();
    }

    @Test
    void theSameHeadersAreStoredOnAChainWithoutAMinimumWork() throws IOException {
        ChainParams params = ChainParamsLoader.builtIn("regtest");
        ChainstateManager chainman = new ChainstateManager(params);
        NodeChain chain = new NodeChain(chainman, new MemoryBlockStorage());
        List<BlockHeader> remote = lowWorkChain(params, 4_000);
        var result = chain.processNewBlockHeaders(remote.subList(0, 2_000), Instant.parse("2026-11-23T12:00:00Z")
                .getEpochSecond());
        assertThat(result.rejection()).isEmpty();
        assertThat(chainman.bestHeader().height()).isEqualTo(2_000);
    }
}
