package io.mooring.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.keyio.Destination;
import io.mooring.keyio.KeyIO;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import org.bitcoinj.params.RegTestParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockAssemblerTest {
    private static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");
    private static final long REGTEST_BITS = 0x207fffffL;
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    /** P2WPKH of the BIP173 example program, as generatetoaddress would be given it on regtest. */
    private static final Bytes SCRIPT = new Destination.WitnessV0KeyHash(
            Bytes.fromHex("751e76e8199196d454941c45d1b3a323f1433bd6")).scriptPubKey();

    @BeforeAll
    static void bitcoinjContext() {
        org.bitcoinj.core.Context.propagate(new org.bitcoinj.core.Context());
    }

    private static BlockAssembler.Tip tipBelow(int height) {
        byte[] h = new byte[32];
        h[0] = (byte) height;
        h[1] = (byte) (height >>> 8);
        return new BlockAssembler.Tip(Hash256.fromInternal(h), height - 1, NOW.getEpochSecond() - 600,
                NOW.getEpochSecond() - 3600);
    }

    private static byte[] sha256d(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) md.update(p);
        return MessageDigest.getInstance("SHA-256").digest(md.digest());
    }

    /** Reads a BIP34 height back from the start of a scriptSig: OP_1..OP_16 or a push of a CScriptNum. */
    private static long heightIn(Bytes scriptSig) {
        int op = scriptSig.get(0) & 0xff;
        if (op >= 0x51 && op <= 0x60) return op - 0x50;
        long v = 0;
        for (int i = 0; i < op; i++) v |= (long) (scriptSig.get(1 + i) & 0xff) << (8 * i);
        return v;
    }

    private static Block mine(Block b) {
        Miner.Result r = Miner.grind(b.header(), 1_000_000, REGTEST.powLimit());
        assertThat(r).isInstanceOf(Miner.Result.Found.class);
        return Miner.withHeader(b, ((Miner.Result.Found) r).header());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 17, 149, 150, 299, 300, 1000})
    void regtestBlocksHaveCoresCoinbaseCommitmentAndProofOfWork(int height) throws Exception {
        Block block = mine(BlockAssembler.createNewBlock(REGTEST, tipBelow(height), NOW, REGTEST_BITS, SCRIPT));
        assertThat(block.header().version()).isEqualTo(0x20000000);
        assertThat(block.header().prevBlock()).isEqualTo(tipBelow(height).hash());
        assertThat(block.transactions()).hasSize(1);
        Transaction cb = block.transactions().get(0);
        assertThat(cb.isCoinbase()).isTrue();
        TxIn in = cb.inputs().get(0);
        assertThat(heightIn(in.scriptSig())).isEqualTo(height);
        assertThat(in.scriptSig().get(in.scriptSig().length() - 1)).as("trailing OP_0").isZero();
        assertThat(in.scriptSig().length()).isBetween(2, 100);
        assertThat(in.sequence()).isEqualTo(0xfffffffeL);
        assertThat(cb.lockTime()).isEqualTo(height - 1);

        // Subsidy: 50 BTC halved every 150 regtest blocks.
        long expected = 5_000_000_000L >> (height / 150);
        assertThat(cb.outputs().get(0).value()).isEqualTo(expected);
        assertThat(cb.outputs().get(0).scriptPubKey()).isEqualTo(SCRIPT);

        // Merkle root of a single transaction is its txid, SHA256d of the legacy encoding.
        WireWriter w = new WireWriter(256);
        cb.writeWithoutWitness(w);
        assertThat(block.header().merkleRoot()).isEqualTo(Hash256.fromInternal(sha256d(w.toByteArray())));

        // Witness commitment: the witness root of a lone coinbase is zero; commitment = SHA256d(root || reserved).
        assertThat(in.witness()).containsExactly(Bytes.wrap(new byte[32]));
        byte[] commitment = sha256d(new byte[32], new byte[32]);
        assertThat(cb.outputs()).hasSize(2);
        assertThat(cb.outputs().get(1).value()).isZero();
        assertThat(cb.outputs().get(1).scriptPubKey().hex())
                .isEqualTo("6a24aa21a9ed" + HexFormat.of().formatHex(commitment));
        assertThat(Merkle.hasValidWitnessCommitment(block)).isTrue();

        assertThat(block.header().time()).isEqualTo(NOW.getEpochSecond());
        assertThat(Pow.checkProofOfWork(block.hash(), REGTEST_BITS, REGTEST.powLimit())).isTrue();

        // bitcoinj parses the bytes back to the same block and accepts header and transactions.
        byte[] raw = block.serialize();
        org.bitcoinj.core.Block b = org.bitcoinj.core.Block.read(ByteBuffer.wrap(raw));
        assertThat(b.getHashAsString()).isEqualTo(block.hash().toString());
        org.bitcoinj.core.Block.verifyHeader(b);
        org.bitcoinj.core.Block.verify(RegTestParams.get(), b, height,
                EnumSet.of(org.bitcoinj.core.Block.VerifyFlag.HEIGHT_IN_COINBASE));
        assertThat(Block.read(new WireReader(raw))).isEqualTo(block);
    }

    @Test
    void transactionsAndFeesGoIntoTheBlockAndTheWitnessCommitment() throws Exception {
        Block first = mine(BlockAssembler.createNewBlock(REGTEST, tipBelow(1), NOW, REGTEST_BITS, SCRIPT));
        Transaction spend = first.transactions().get(0); // any transaction with a witness will do for the structure
        Transaction tx = new Transaction(2, java.util.List.of(new TxIn(
                new io.mooring.wire.primitives.OutPoint(spend.txid(), 0), Bytes.EMPTY, 0xffffffffL,
                java.util.List.of(Bytes.fromHex("01020304")))), spend.outputs().subList(0, 1), 0);
        Block block = BlockAssembler.createNewBlock(REGTEST, tipBelow(2), NOW, REGTEST_BITS, SCRIPT,
                java.util.List.of(tx), 1234);
        assertThat(block.transactions()).hasSize(2);
        assertThat(block.transactions().get(0).outputs().get(0).value()).isEqualTo(5_000_000_000L + 1234);
        assertThat(Merkle.hasValidWitnessCommitment(block)).isTrue();
        assertThat(block.header().merkleRoot()).isEqualTo(Merkle.blockMerkleRoot(block));
        // The witness root is over (0, wtxid(tx)); recomputed here by hand.
        byte[] leaves = new byte[64];
        tx.wtxid().writeTo(leaves, 32);
        byte[] root = sha256d(leaves);
        byte[] commitment = sha256d(root, new byte[32]);
        assertThat(Merkle.witnessCommitment(block)).contains(Hash256.fromInternal(commitment));
    }

    @Test
    void beforeSegwitTheCommitmentIsStillAddedButTheCoinbaseHasNoWitness() {
        ChainParams testnet = ChainParamsLoader.builtIn("test");
        assertThat(testnet.consensus().deployments().segwitHeight()).isGreaterThan(1);
        Block block = BlockAssembler.createNewBlock(testnet, tipBelow(1), NOW, testnet.powLimitCompact(), SCRIPT);
        Transaction cb = block.transactions().get(0);
        assertThat(cb.hasWitness()).isFalse();
        assertThat(Merkle.witnessCommitmentIndex(block)).isEqualTo(1);
    }

    @Test
    void timeIsOneSecondAfterTheMedianTimePastWhenTheClockIsBehind() {
        BlockAssembler.Tip tip = new BlockAssembler.Tip(Hash256.ZERO, 5, NOW.getEpochSecond() + 5000,
                NOW.getEpochSecond() + 4000);
        Block block = BlockAssembler.createNewBlock(REGTEST, tip, NOW, REGTEST_BITS, SCRIPT);
        assertThat(block.header().time()).isEqualTo(NOW.getEpochSecond() + 4001);
    }

    @Test
    void aRetargetBlockIsNoEarlierThanItsParentMinusTheTimewarpAllowance() {
        long interval = REGTEST.consensus().pow().difficultyAdjustmentInterval();
        long parentTime = NOW.getEpochSecond() + 10_000;
        BlockAssembler.Tip retargetParent = new BlockAssembler.Tip(Hash256.ZERO, (int) interval - 1, parentTime,
                NOW.getEpochSecond());
        assertThat(BlockAssembler.minimumTime(retargetParent, interval)).isEqualTo(parentTime - 600);
        BlockAssembler.Tip otherParent = new BlockAssembler.Tip(Hash256.ZERO, (int) interval, parentTime,
                NOW.getEpochSecond());
        assertThat(BlockAssembler.minimumTime(otherParent, interval)).isEqualTo(NOW.getEpochSecond() + 1);
    }

    @Test
    void subsidyHalvesAndEndsAfter64Halvings() {
        assertThat(BlockAssembler.blockSubsidy(0, 210_000)).isEqualTo(5_000_000_000L);
        assertThat(BlockAssembler.blockSubsidy(209_999, 210_000)).isEqualTo(5_000_000_000L);
        assertThat(BlockAssembler.blockSubsidy(210_000, 210_000)).isEqualTo(2_500_000_000L);
        assertThat(BlockAssembler.blockSubsidy(630_000, 210_000)).isEqualTo(625_000_000L);
        assertThat(BlockAssembler.blockSubsidy(150 * 33, 150)).isZero(); // 50 BTC >> 33 < 1 satoshi
        assertThat(BlockAssembler.blockSubsidy(150 * 64, 150)).isZero();
    }

    @Test
    void heightPushesAreMinimalScriptNumbers() {
        assertThat(BlockAssembler.coinbaseScriptSig(1).hex()).isEqualTo("5100");
        assertThat(BlockAssembler.coinbaseScriptSig(16).hex()).isEqualTo("6000");
        assertThat(BlockAssembler.coinbaseScriptSig(17).hex()).isEqualTo("011100");
        assertThat(BlockAssembler.coinbaseScriptSig(128).hex()).isEqualTo("02800000");
        assertThat(BlockAssembler.coinbaseScriptSig(255).hex()).isEqualTo("02ff0000");
        assertThat(BlockAssembler.coinbaseScriptSig(256).hex()).isEqualTo("02000100");
        // A mainnet-sized height: three little-endian bytes.
        assertThat(BlockAssembler.coinbaseScriptSig(0x0377fc).hex()).isEqualTo("03fc770300");
    }

    @Test
    void anAddressDecodedForRegtestIsTheCoinbaseScript() throws Exception {
        String address = KeyIO.encodeDestination(new Destination.WitnessV0KeyHash(
                Bytes.fromHex("751e76e8199196d454941c45d1b3a323f1433bd6")), REGTEST);
        Block block = BlockAssembler.createNewBlock(REGTEST, tipBelow(1), NOW, REGTEST_BITS,
                KeyIO.decodeDestination(address, REGTEST).scriptPubKey());
        assertThat(block.transactions().get(0).outputs().get(0).scriptPubKey()).isEqualTo(SCRIPT);
    }
}
