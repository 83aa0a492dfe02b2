package io.mooring.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;

/** Loading Core's JSON test data from the classpath, and the transaction and key helpers Core's tests use. */
final class ScriptVectors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    /** Both verifiers: every vector must pass with the native library and with the pure-Java fallback. */
    static final List<SignatureVerifier> VERIFIERS = List.of(NativeSecp256k1Verifier.load(), BouncyCastleVerifier.INSTANCE);

    private ScriptVectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = ScriptVectors.class.getResourceAsStream("/script/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource /script/" + name);
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static Transaction transaction(String hex) {
        try {
            WireReader r = new WireReader(hex(hex));
            Transaction tx = Transaction.read(r);
            if (r.remaining() != 0) throw new IllegalArgumentException("trailing bytes after transaction");
            return tx;
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("undecodable transaction " + hex, e);
        }
    }

    /** Core's {@code BuildCreditingTransaction} (test/util/transaction_utils.cpp). */
    static Transaction creditingTransaction(Script scriptPubKey, long value) {
        byte[] zeroZero = {Opcodes.OP_0, Opcodes.OP_0};
        TxIn in = new TxIn(OutPoint.NULL, Bytes.wrap(zeroZero), 0xffffffffL, List.of());
        return new Transaction(1, List.of(in), List.of(new TxOut(value, Bytes.wrap(scriptPubKey.toByteArray()))), 0);
    }

    /** Core's {@code BuildSpendingTransaction}. */
    static Transaction spendingTransaction(Script scriptSig, List<Bytes> witness, Transaction credit) {
        TxIn in = new TxIn(new OutPoint(credit.txid(), 0), Bytes.wrap(scriptSig.toByteArray()), 0xffffffffL, witness);
        return new Transaction(1, List.of(in), List.of(new TxOut(credit.outputs().get(0).value(), Bytes.EMPTY)), 0);
    }

    /** The x coordinate and parity of {@code internal + tweak·G} for an x-only internal key with even Y. */
    record TweakedKey(byte[] x, boolean oddY) {
    }

    static TweakedKey tweak(byte[] internalX, byte[] tweak) {
        BigInteger x = new BigInteger(1, internalX);
        ECPoint p = CURVE.getCurve().decodePoint(concat(new byte[]{2}, internalX));
        if (!p.normalize().getAffineXCoord().toBigInteger().equals(x)) throw new IllegalStateException();
        ECPoint q = p.add(CURVE.getG().multiply(new BigInteger(1, tweak))).normalize();
        byte[] qx = q.getAffineXCoord().getEncoded();
        return new TweakedKey(qx, q.getAffineYCoord().testBitZero());
    }

    /** The x-only public key of a secret key. */
    static byte[] xOnlyPublicKey(BigInteger secret) {
        return CURVE.getG().multiply(secret).normalize().getAffineXCoord().getEncoded();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static Hash256 txid(String displayHex) {
        return Hash256.fromHex(displayHex);
    }
}
