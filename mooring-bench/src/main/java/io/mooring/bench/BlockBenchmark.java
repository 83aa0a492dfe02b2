package io.mooring.bench;

import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.primitives.Transaction;
import org.bitcoinj.core.Block;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * {@code block}. {@code segwit}: a synthetic ~1 MB block of 2,001 segwit transactions (see
 * {@link BenchData#segwitBlock()}). {@code block481829}: the real 998,318-byte mainnet block 481,829 (1,866
 * transactions, only the coinbase with a witness).
 *
 * <p>bitcoinj's {@code Block.read} hashes the header while parsing but computes txids lazily; so
 * {@code *Decode} is "parse + block hash" on both sides, and {@code *DecodeTxids} adds every txid on both sides.
 */
public class BlockBenchmark extends BenchmarkBase {
    @Param({"segwit", "block481829"})
    public String block;

    byte[] payload;
    BlockMessage mooring;
    Block bitcoinj;

    @Setup
    public void setup() throws Exception {
        payload = block.equals("segwit") ? BenchData.segwitBlock().payload() : BenchData.block481829();
        mooring = (BlockMessage) MessageDecoder.decode(MessageType.BLOCK, payload);
        bitcoinj = Block.read(ByteBuffer.wrap(payload));
        check(Arrays.equals(mooring.payload(), payload), "Mooring re-encodes the same bytes");
        check(Arrays.equals(bitcoinj.serialize(), payload), "bitcoinj re-encodes the same bytes");
        check(bitcoinj.getHash().toString().equals(mooring.block().hash().toString()), "same block hash");
        List<org.bitcoinj.core.Transaction> bt = bitcoinj.getTransactions();
        List<Transaction> mt = mooring.block().transactions();
        check(bt.size() == mt.size(), "same transaction count");
        for (int i = 0; i < mt.size(); i++) {
            check(bt.get(i).getTxId().toString().equals(mt.get(i).txid().toString()), "same txids");
        }
        // Fresh objects for the encode benchmarks, without cached txids.
        mooring = (BlockMessage) MessageDecoder.decode(MessageType.BLOCK, payload);
        bitcoinj = Block.read(ByteBuffer.wrap(payload));
    }

    @Benchmark
    public BlockMessage mooringDecode(Blackhole bh) throws Exception {
        BlockMessage m = (BlockMessage) MessageDecoder.decode(MessageType.BLOCK, payload);
        bh.consume(m.block().header().hash());
        return m;
    }

    @Benchmark
    public Block bitcoinjDecode(Blackhole bh) {
        Block b = Block.read(ByteBuffer.wrap(payload));
        bh.consume(b.getHash()); // computed during read; this is a field load
        return b;
    }

    @Benchmark
    public BlockMessage mooringDecodeTxids(Blackhole bh) throws Exception {
        BlockMessage m = mooringDecode(bh);
        List<Transaction> txs = m.block().transactions();
        for (int i = 0, n = txs.size(); i < n; i++) {
            bh.consume(txs.get(i).txid());
        }
        return m;
    }

    @Benchmark
    public Block bitcoinjDecodeTxids(Blackhole bh) {
        Block b = bitcoinjDecode(bh);
        List<org.bitcoinj.core.Transaction> txs = b.getTransactions();
        for (int i = 0, n = txs.size(); i < n; i++) {
            bh.consume(txs.get(i).getTxId());
        }
        return b;
    }

    @Benchmark
    public byte[] mooringEncode() {
        return mooring.payload();
    }

    @Benchmark
    public byte[] bitcoinjEncode() {
        return bitcoinj.serialize();
    }
}
