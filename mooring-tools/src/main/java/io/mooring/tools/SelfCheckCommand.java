package io.mooring.tools;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.message.*;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.PartialMerkleTree;
import io.mooring.wire.primitives.Transaction;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mooring selfcheck}: proves the wire layer on this machine without a network. Every built-in chain's genesis
 * block decodes and hashes to its declared hash; one message of every type is framed for every chain, decoded back
 * and compared; and each kind of malformed frame gives its typed error. Exit code 0 when every check passes.
 */
@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = "Check the wire protocol implementation offline (genesis blocks, every message, malformed frames).")
public final class SelfCheckCommand implements Callable<Integer> {
    private final PrintStream out;
    private int passed;
    private int failed;

    public SelfCheckCommand() {
        this(System.out);
    }

    SelfCheckCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        out.println("Mooring wire self-check");
        out.println();
        out.printf("%-9s %-66s %s%n", "chain", "genesis hash", "result");
        List<ChainParams> chains = new ArrayList<>();
        for (String name : ChainParamsLoader.builtInNames()) {
            ChainParams chain = ChainParamsLoader.builtIn(name);
            chains.add(chain);
            checkGenesis(chain);
        }
        ChainParams main = chains.getFirst();
        out.println();
        out.printf("%-12s %8s  %s%n", "message", "bytes", "result (framed with each chain's magic, decoded, compared)");
        for (Message m : samples(main)) {
            checkRoundTrip(m, chains);
        }
        out.println();
        out.println("malformed input (each must give its typed error, never a crash):");
        checkMalformed(main.magic());
        out.println();
        out.printf("%d passed, %d failed%n", passed, failed);
        out.printf("(%.0f ms)%n", (System.nanoTime() - start) / 1e6);
        return failed == 0 ? 0 : 1;
    }

    private void record(boolean ok) {
        if (ok) passed++;
        else failed++;
    }

    private void checkGenesis(ChainParams chain) {
        String result;
        boolean ok;
        try {
            Block block = Block.read(new WireReader(chain.genesisBlock().toArray()));
            boolean[] mutated = new boolean[1];
            Hash256 root = Merkle.blockMerkleRoot(block, mutated);
            ok = block.hash().equals(chain.genesisHash()) && root.equals(block.header().merkleRoot()) && !mutated[0];
            result = ok ? "ok (hash, merkle root)" : "MISMATCH";
        } catch (ProtocolException e) {
            ok = false;
            result = "DECODE FAILED: " + e.getMessage();
        }
        out.printf("%-9s %-66s %s%n", chain.id(), chain.genesisHash(), result);
        record(ok);
    }

    private void checkRoundTrip(Message m, List<ChainParams> chains) {
        boolean ok = true;
        int size = 0;
        String detail = "ok";
        for (ChainParams chain : chains) {
            byte[] frame = V1Envelope.encode(chain.magic(), m);
            size = frame.length;
            try {
                Message back = V1Envelope.decode(frame, chain.magic());
                if (!back.equals(m)) {
                    ok = false;
                    detail = "DIFFERS after decoding on " + chain.id();
                }
            } catch (ProtocolException e) {
                ok = false;
                detail = "FAILED on " + chain.id() + ": " + e.getMessage();
            }
        }
        out.printf("%-12s %8d  %s%n", m.command(), size, detail);
        record(ok);
    }

    private void checkMalformed(int magic) {
        byte[] ping = V1Envelope.encode(magic, new PingMessage(42));
        expect("wrong magic", ping, magic ^ 1, ProtocolError.WRONG_MAGIC);
        byte[] oversized = ping.clone();
        oversized[16] = 0x01;
        oversized[17] = 0x09;
        oversized[18] = 0x3d; // 4,000,001
        expect("oversized length", oversized, magic, ProtocolError.OVERSIZED_MESSAGE);
        byte[] badChecksum = ping.clone();
        badChecksum[ping.length - 1] ^= 0x55;
        expect("bad checksum", badChecksum, magic, ProtocolError.BAD_CHECKSUM);
        byte[] badCommand = ping.clone();
        badCommand[4 + 8] = 'x';
        expect("bad command", badCommand, magic, ProtocolError.BAD_COMMAND);
        expect("truncated", java.util.Arrays.copyOf(ping, ping.length - 3), magic, ProtocolError.TRUNCATED);
    }

    private void expect(String what, byte[] frame, int magic, ProtocolError expected) {
        ProtocolError got = null;
        try {
            V1Envelope.decode(frame, magic);
        } catch (ProtocolException e) {
            got = e.error();
        }
        boolean ok = got == expected;
        out.printf("  %-18s -> %s%s%n", what, got, ok ? "" : "  (expected " + expected + ")");
        record(ok);
    }

    /** One message of every type, built from the chain's real genesis block and fixed seeds. */
    static List<Message> samples(ChainParams chain) {
        Block genesis;
        try {
            genesis = Block.read(new WireReader(chain.genesisBlock().toArray()));
        } catch (ProtocolException e) {
            throw new IllegalStateException("built-in genesis block does not decode", e);
        }
        Transaction coinbase = genesis.transactions().getFirst();
        Hash256 hash = genesis.hash();
        long services = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        List<PeerAddress> v2 = new ArrayList<>();
        List<PeerAddress> v1 = new ArrayList<>();
        for (NetEndpoint seed : chain.fixedSeeds()) {
            PeerAddress a = new PeerAddress(1_700_000_000L, services, seed);
            if (v2.size() < 1000) v2.add(a);
            if (v1.size() < 1000 && a.address().isAddrV1Compatible()) v1.add(a);
        }
        PeerAddress receiver = new PeerAddress(PeerAddress.TIME_INIT, services, v1.getFirst().address(), v1.getFirst().port());
        List<InvItem> inv = List.of(new InvItem(InvItem.MSG_WITNESS_BLOCK, hash), new InvItem(InvItem.MSG_WTX, coinbase.wtxid()));
        return List.of(
                new VersionMessage(70016, services, 1_700_000_000L, receiver, VersionMessage.NO_SENDER, 0x1234_5678_9abc_def0L,
                        "/Mooring:0.1.0/", 0, true),
                VerackMessage.INSTANCE, new PingMessage(1), new PongMessage(1),
                new AddrMessage(v1), new AddrV2Message(v2), SendAddrV2Message.INSTANCE, GetAddrMessage.INSTANCE,
                new InvMessage(inv), new GetDataMessage(inv), new NotFoundMessage(inv),
                new GetBlocksMessage(70016, List.of(hash), Hash256.ZERO), new GetHeadersMessage(70016, List.of(hash), Hash256.ZERO),
                new HeadersMessage(List.of(genesis.header())), new BlockMessage(genesis), new TxMessage(coinbase),
                MempoolMessage.INSTANCE, SendHeadersMessage.INSTANCE, new FeeFilterMessage(1000),
                new SendCmpctMessage(false, 2),
                new CmpctBlockMessage(genesis.header(), 7, List.of(), List.of(new PrefilledTransaction(0, coinbase))),
                new GetBlockTxnMessage(hash, List.of(0)), new BlockTxnMessage(hash, List.of(coinbase)),
                WtxidRelayMessage.INSTANCE,
                new MerkleBlockMessage(genesis.header(), PartialMerkleTree.build(List.of(coinbase.txid()), new boolean[] {true})),
                new FilterLoadMessage(Bytes.wrap(new byte[] {1, 2, 3}), 5, 0, FilterLoadMessage.BLOOM_UPDATE_ALL),
                new FilterAddMessage(Bytes.wrap(new byte[20])), FilterClearMessage.INSTANCE,
                new GetCFiltersMessage(0, 0, hash), new CFilterMessage(0, hash, Bytes.wrap(new byte[] {1, 0x42})),
                new GetCFHeadersMessage(0, 0, hash), new CFHeadersMessage(0, hash, Hash256.ZERO, List.of(hash)),
                new GetCFCheckptMessage(0, hash), new CFCheckptMessage(0, hash, List.of()),
                new SendTxRcnclMessage(1, 99), new FeatureMessage("mooring", Bytes.EMPTY),
                new UnknownMessage("alert", Bytes.wrap(new byte[] {0})));
    }
}
