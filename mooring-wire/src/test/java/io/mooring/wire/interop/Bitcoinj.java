package io.mooring.wire.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.BitcoinSerializer;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.core.TransactionWitness;

/** Conversions between Mooring and bitcoinj 0.17 values, whole-frame (de)serialisation, field-by-field checks. */
@SuppressWarnings("deprecation") // bitcoinj 0.17 has no replacement for some builders used here
final class Bitcoinj {
    /** Mainnet message start: Mooring's big-endian magic, bitcoinj's MAINNET packet magic. */
    static final int MAGIC = 0xF9BEB4D9;
    static final BitcoinSerializer SERIALIZER = new BitcoinSerializer(BitcoinNetwork.MAINNET);

    private Bitcoinj() {
    }

    // ------------------------------------------------------------------------------------------------ frames

    /** bitcoinj frames the message (magic, command, length, checksum, payload) with its own serializer. */
    static byte[] frame(org.bitcoinj.core.Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SERIALIZER.serialize(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** bitcoinj frames, Mooring decodes the whole frame. */
    static Message toMooring(org.bitcoinj.core.Message m) throws ProtocolException {
        return V1Envelope.decode(frame(m), MAGIC);
    }

    /** Mooring frames, bitcoinj's serializer finds the magic and decodes the frame; nothing may be left over. */
    static org.bitcoinj.core.Message toBitcoinj(Message m) throws Exception {
        ByteBuffer buf = ByteBuffer.wrap(V1Envelope.encode(MAGIC, m));
        org.bitcoinj.core.Message out = SERIALIZER.deserialize(buf);
        assertThat(buf.remaining()).as("bytes bitcoinj left in the frame").isZero();
        return out;
    }

    // ------------------------------------------------------------------------------------------------ values

    static Sha256Hash bj(Hash256 h) {
        return Sha256Hash.wrap(h.toString());
    }

    static Hash256 mo(Sha256Hash h) {
        return Hash256.fromHex(h.toString());
    }

    static List<Sha256Hash> bj(List<Hash256> hashes) {
        return hashes.stream().map(Bitcoinj::bj).toList();
    }

    static InetAddress inet(NetAddress a) {
        return a.toInetAddress();
    }

    /** A header-only bitcoinj block (what its headers message carries). */
    static Block header(BlockHeader h) {
        return new Block(Integer.toUnsignedLong(h.version()), bj(h.prevBlock()), bj(h.merkleRoot()), h.time(), h.bits(),
                h.nonce(), null);
    }

    static org.bitcoinj.core.Transaction transaction(Transaction tx) {
        org.bitcoinj.core.Transaction t = new org.bitcoinj.core.Transaction();
        t.setVersion(tx.version());
        for (TxIn in : tx.inputs()) {
            TransactionWitness witness = in.witness().isEmpty() ? null
                    : TransactionWitness.of(in.witness().stream().map(Bytes::toArray).toList());
            t.addInput(new TransactionInput(t, in.scriptSig().toArray(),
                    new TransactionOutPoint(in.prevout().index(), bj(in.prevout().txid())), in.sequence(), null, witness));
        }
        for (TxOut out : tx.outputs()) {
            t.addOutput(new TransactionOutput(t, Coin.valueOf(out.value()), out.scriptPubKey().toArray()));
        }
        t.setLockTime(tx.lockTime());
        return t;
    }

    static Block block(io.mooring.wire.primitives.Block b) {
        List<org.bitcoinj.core.Transaction> txs = new ArrayList<>();
        for (Transaction tx : b.transactions()) txs.add(transaction(tx));
        BlockHeader h = b.header();
        return new Block(Integer.toUnsignedLong(h.version()), bj(h.prevBlock()), bj(h.merkleRoot()), h.time(), h.bits(),
                h.nonce(), txs);
    }

    /** A private or protected field of a bitcoinj object that has no getter (BloomFilter, PartialMerkleTree...). */
    @SuppressWarnings("unchecked")
    static <T> T field(Object o, String name) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return (T) f.get(o);
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no field " + name + " in " + o.getClass());
    }

    // ------------------------------------------------------------------------------------------------ checks

    static void assertSameHeader(BlockHeader m, Block b) {
        assertThat(b.getVersion()).as("version (bitcoinj reads uint32)").isEqualTo(Integer.toUnsignedLong(m.version()));
        assertThat(mo(b.getPrevBlockHash())).as("prev block").isEqualTo(m.prevBlock());
        assertThat(mo(b.getMerkleRoot())).as("merkle root").isEqualTo(m.merkleRoot());
        assertThat(b.getTimeSeconds()).as("time").isEqualTo(m.time());
        assertThat(b.getDifficultyTarget()).as("bits").isEqualTo(m.bits());
        assertThat(b.getNonce()).as("nonce").isEqualTo(m.nonce());
        assertThat(mo(b.getHash())).as("block hash").isEqualTo(m.hash());
    }

    static void assertSameTransaction(Transaction m, org.bitcoinj.core.Transaction b) {
        assertThat(b.getVersion()).as("tx version (bitcoinj reads uint32)").isEqualTo(Integer.toUnsignedLong(m.version()));
        assertThat(b.getInputs()).as("inputs").hasSameSizeAs(m.inputs());
        for (int i = 0; i < m.inputs().size(); i++) {
            TxIn mi = m.inputs().get(i);
            TransactionInput bi = b.getInputs().get(i);
            assertThat(mo(bi.getOutpoint().hash())).as("input %d prevout txid", i).isEqualTo(mi.prevout().txid());
            assertThat(bi.getOutpoint().index()).as("input %d prevout index", i).isEqualTo(mi.prevout().index());
            assertThat(bi.getScriptBytes()).as("input %d scriptSig", i).isEqualTo(mi.scriptSig().toArray());
            assertThat(bi.getSequenceNumber()).as("input %d sequence", i).isEqualTo(mi.sequence());
            assertThat(bi.hasWitness()).as("input %d has witness", i).isEqualTo(mi.hasWitness());
            if (mi.hasWitness()) {
                TransactionWitness w = bi.getWitness();
                assertThat(w.getPushCount()).as("input %d witness items", i).isEqualTo(mi.witness().size());
                for (int j = 0; j < w.getPushCount(); j++) {
                    assertThat(w.getPush(j)).as("input %d witness item %d", i, j).isEqualTo(mi.witness().get(j).toArray());
                }
            }
        }
        assertThat(b.getOutputs()).as("outputs").hasSameSizeAs(m.outputs());
        for (int i = 0; i < m.outputs().size(); i++) {
            TxOut mo = m.outputs().get(i);
            TransactionOutput bo = b.getOutputs().get(i);
            assertThat(bo.getValue().value).as("output %d value", i).isEqualTo(mo.value());
            assertThat(bo.getScriptBytes()).as("output %d scriptPubKey", i).isEqualTo(mo.scriptPubKey().toArray());
        }
        assertThat(b.lockTime().rawValue()).as("lock time").isEqualTo(m.lockTime());
        assertThat(b.hasWitnesses()).as("has witness").isEqualTo(m.hasWitness());
        assertThat(mo(b.getTxId())).as("txid").isEqualTo(m.txid());
        assertThat(mo(b.getWTxId())).as("wtxid").isEqualTo(m.wtxid());
        assertThat(b.serialize()).as("serialisation").isEqualTo(m.serialize());
        assertThat(b.getWeight()).as("weight").isEqualTo(m.weight());
        assertThat(b.getVsize()).as("vsize").isEqualTo(m.vsize());
    }

    static void assertSameBlock(io.mooring.wire.primitives.Block m, Block b) {
        assertSameHeader(m.header(), b);
        assertThat(b.getTransactions()).as("transactions").hasSameSizeAs(m.transactions());
        for (int i = 0; i < m.transactions().size(); i++) {
            assertSameTransaction(m.transactions().get(i), b.getTransactions().get(i));
        }
        assertThat(b.serialize()).as("block serialisation").isEqualTo(m.serialize());
    }
}
