package io.mooring.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Transaction;
import java.util.Arrays;

/**
 * {@link Transaction#read} and {@link Block#read}. Input layout: bit 0 of byte 0 picks the decoder (0 transaction,
 * 1 block), the rest is the input. Whatever decodes must re-serialise to bytes that decode to an equal value with
 * the same txids, wtxids and sizes; the encoding is the exact prefix the decoder consumed unless Core's
 * ambiguous zero-input encoding is involved (then only equality is required).
 */
class PrimitivesFuzzTest {
    @FuzzTest(maxDuration = "12s")
    void anyBytesDecodeToARoundTrippingTransactionOrBlockOrFailWithProtocolException(byte[] data) {
        if (data.length == 0) return;
        byte[] input = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) == 0) transaction(input); else block(input);
    }

    private static void transaction(byte[] input) {
        WireReader r = new WireReader(input);
        Transaction tx;
        try {
            tx = Transaction.read(r);
        } catch (ProtocolException e) {
            return;
        }
        byte[] encoded = tx.serialize();
        if (encoded.length != tx.totalSize()) throw new AssertionError("totalSize " + tx.totalSize() + " != " + encoded.length);
        if (encoded.length != r.position()) throw new AssertionError("decoded " + r.position() + " bytes, encodes to " + encoded.length);
        Transaction again = FuzzOracle.mustDecode(() -> Transaction.read(new WireReader(encoded)), "transaction");
        FuzzOracle.assertEqual(tx, again, "transaction");
        FuzzOracle.assertEqual(tx.txid(), again.txid(), "txid");
        FuzzOracle.assertEqual(tx.wtxid(), again.wtxid(), "wtxid");
        WireWriter legacy = new WireWriter();
        tx.writeWithoutWitness(legacy);
        if (legacy.size() != tx.strippedSize()) throw new AssertionError("strippedSize " + tx.strippedSize() + " != " + legacy.size());
    }

    private static void block(byte[] input) {
        WireReader r = new WireReader(input);
        Block block;
        try {
            block = Block.read(r);
        } catch (ProtocolException e) {
            return;
        }
        byte[] encoded = block.serialize();
        if (encoded.length != r.position()) throw new AssertionError("decoded " + r.position() + " bytes, encodes to " + encoded.length);
        Block again = FuzzOracle.mustDecode(() -> Block.read(new WireReader(encoded)), "block");
        FuzzOracle.assertEqual(block, again, "block");
        FuzzOracle.assertEqual(block.hash(), again.hash(), "block hash");
    }
}
