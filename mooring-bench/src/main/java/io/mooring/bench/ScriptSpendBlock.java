package io.mooring.bench;

import fr.acinq.secp256k1.Secp256k1;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinsViewCache;
import io.mooring.coins.MemoryCoinsStore;
import io.mooring.script.Interpreter;
import io.mooring.script.PrecomputedTransactionData;
import io.mooring.script.Script;
import io.mooring.script.ScriptError;
import io.mooring.script.ScriptExecutionData;
import io.mooring.script.ScriptFlags;
import io.mooring.script.ScriptHashes;
import io.mooring.script.SigVersion;
import io.mooring.script.SignatureHash;
import io.mooring.script.SignatureVerifier;
import io.mooring.script.Taproot;
import io.mooring.script.TransactionSignatureChecker;
import io.mooring.validation.BlockConnector;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A synthetic regtest block at height 1 whose 2,000 inputs ({@value #TRANSACTIONS} transactions of
 * {@value #INPUTS_PER_TX} inputs after the coinbase) are half P2WPKH (ECDSA, BIP143 sighash) and half P2TR key-path
 * (BIP340 Schnorr, BIP341 sighash), every key different, signed with libsecp256k1 (ACINQ's binding); even
 * transactions spend P2WPKH outputs, odd ones P2TR outputs. The spent coins are in {@link #coins()}, a store at the
 * genesis block, so {@link BlockConnector#connectBlock} can connect the block onto it.
 *
 * <p>Deterministic: keys are SHA-256 of a fixed label and the input number, ECDSA nonces are RFC 6979 and the BIP340
 * auxiliary randomness is fixed, so every build gives the same bytes. For the raw-verification benchmark it also
 * keeps each input's signature hash, bare signature (64 bytes) and key, exactly what the interpreter hands the
 * curve code.
 */
public final class ScriptSpendBlock {
    public static final int TRANSACTIONS = 1_000;
    public static final int INPUTS_PER_TX = 2;
    public static final int INPUTS = TRANSACTIONS * INPUTS_PER_TX;
    static final long COIN_VALUE = 100_000;
    static final long FEE = 1_000;

    /** One input as the curve code sees it: 32-byte message, 64-byte signature, public key (33 or x-only 32). */
    public record RawSignature(byte[] message, byte[] signature, byte[] publicKey) {
    }

    public final ChainParams params;
    public final Block block;
    public final BlockIndex index;
    public final ScriptFlags flags;
    /** Per transaction of {@link #block} (coinbase excluded): the outputs its inputs spend, in input order. */
    public final List<List<TxOut>> spent;
    public final List<RawSignature> ecdsa;
    public final List<RawSignature> schnorr;
    private final MemoryCoinsStore coins;

    private ScriptSpendBlock(ChainParams params, Block block, BlockIndex index, ScriptFlags flags,
                             List<List<TxOut>> spent, List<RawSignature> ecdsa, List<RawSignature> schnorr,
                             MemoryCoinsStore coins) {
        this.params = params;
        this.block = block;
        this.index = index;
        this.flags = flags;
        this.spent = spent;
        this.ecdsa = ecdsa;
        this.schnorr = schnorr;
        this.coins = coins;
    }

    /** The UTXO set before the block: every spent coin, best block = regtest genesis. Never modified by callers. */
    public MemoryCoinsStore coins() {
        return coins;
    }

    /** The non-coinbase transactions of the block. */
    public List<Transaction> spends() {
        return block.transactions().subList(1, block.transactions().size());
    }

    public static boolean isP2wpkhTx(int spendIndex) {
        return spendIndex % 2 == 0;
    }

    public static ScriptSpendBlock build() {
        Secp256k1 secp = Secp256k1.Companion.get();
        ChainParams params = ChainParamsLoader.builtIn("regtest");
        BlockIndex genesis = BlockIndex.genesis(params.genesis().hash(), params.genesis().header());

        List<Transaction> spends = new ArrayList<>(TRANSACTIONS);
        List<List<TxOut>> spent = new ArrayList<>(TRANSACTIONS);
        List<RawSignature> ecdsa = new ArrayList<>(INPUTS / 2);
        List<RawSignature> schnorr = new ArrayList<>(INPUTS / 2);
        MemoryCoinsStore coins = new MemoryCoinsStore();
        CoinsViewCache fund = new CoinsViewCache(coins);
        byte[] aux = ScriptHashes.sha256("mooring-bench bip340 aux".getBytes(StandardCharsets.US_ASCII));

        for (int t = 0; t < TRANSACTIONS; t++) {
            boolean p2wpkh = isP2wpkhTx(t);
            Hash256 fundingTxid = Hash256.fromInternal(ScriptHashes.sha256(
                    ("mooring-bench funding " + t).getBytes(StandardCharsets.US_ASCII)));
            byte[][] keys = new byte[INPUTS_PER_TX][];
            byte[][] pubs = new byte[INPUTS_PER_TX][];
            List<TxOut> prevOuts = new ArrayList<>(INPUTS_PER_TX);
            List<TxIn> unsigned = new ArrayList<>(INPUTS_PER_TX);
            for (int j = 0; j < INPUTS_PER_TX; j++) {
                byte[] key = privateKey(secp, t * INPUTS_PER_TX + j);
                byte[] pub33 = secp.pubKeyCompress(secp.pubkeyCreate(key));
                byte[] spk;
                if (p2wpkh) {
                    spk = concat(new byte[] {0x00, 0x14}, ScriptHashes.hash160(pub33));
                } else {
                    // BIP341 key path without a script tree: Q = P + TapTweak(x(P))·G with P the even-y internal key.
                    if (pub33[0] == 0x03) key = secp.privKeyNegate(key);
                    byte[] internal = Arrays.copyOfRange(pub33, 1, 33);
                    key = secp.privKeyTweakAdd(key, Taproot.tweak(internal, null));
                    byte[] outputKey = Arrays.copyOfRange(secp.pubKeyCompress(secp.pubkeyCreate(key)), 1, 33);
                    pub33 = null;
                    spk = concat(new byte[] {0x51, 0x20}, outputKey);
                    pubs[j] = outputKey;
                }
                if (p2wpkh) pubs[j] = pub33;
                keys[j] = key;
                TxOut out = new TxOut(COIN_VALUE, Bytes.wrap(spk));
                prevOuts.add(out);
                OutPoint op = new OutPoint(fundingTxid, j);
                fund.addCoin(op, new Coin(out, 0, false), false);
                unsigned.add(new TxIn(op, Bytes.EMPTY, 0xfffffffdL));
            }
            byte[] payTo = ScriptHashes.sha256(("mooring-bench payee " + t).getBytes(StandardCharsets.US_ASCII));
            TxOut payment = new TxOut(INPUTS_PER_TX * COIN_VALUE - FEE, p2wpkh
                    ? Bytes.wrap(concat(new byte[] {0x00, 0x14}, Arrays.copyOf(payTo, 20)))
                    : Bytes.wrap(concat(new byte[] {0x51, 0x20}, payTo)));
            Transaction tx = new Transaction(2, unsigned, List.of(payment), 0);
            PrecomputedTransactionData txData = new PrecomputedTransactionData(tx, prevOuts);

            List<TxIn> signed = new ArrayList<>(INPUTS_PER_TX);
            for (int j = 0; j < INPUTS_PER_TX; j++) {
                List<Bytes> witness;
                if (p2wpkh) {
                    // BIP143 scriptCode of P2WPKH: the P2PKH script of the key hash.
                    byte[] scriptCode = concat(new byte[] {0x76, (byte) 0xa9, 0x14},
                            Arrays.copyOfRange(prevOuts.get(j).scriptPubKey().toArray(), 2, 22),
                            new byte[] {(byte) 0x88, (byte) 0xac});
                    byte[] sighash = SignatureHash.witnessV0(scriptCode, tx, j, 0x01, COIN_VALUE, txData);
                    byte[] compact = secp.sign(sighash, keys[j]);
                    byte[] der = secp.compact2der(compact);
                    witness = List.of(Bytes.wrap(concat(der, new byte[] {0x01})), Bytes.wrap(pubs[j]));
                    ecdsa.add(new RawSignature(sighash, compact, pubs[j]));
                } else {
                    byte[] sighash = SignatureHash.taproot(ScriptExecutionData.forKeyPath(null), tx, j,
                            SignatureHash.SIGHASH_DEFAULT, SigVersion.TAPROOT, txData);
                    byte[] sig = secp.signSchnorr(sighash, keys[j], aux);
                    witness = List.of(Bytes.wrap(sig));
                    schnorr.add(new RawSignature(sighash, sig, pubs[j]));
                }
                signed.add(unsigned.get(j).withWitness(witness));
            }
            spends.add(new Transaction(tx.version(), signed, tx.outputs(), tx.lockTime()));
            spent.add(List.copyOf(prevOuts));
        }

        // The coinbase claims the subsidy only (the fees are left unclaimed, which is allowed).
        Transaction coinbase = new Transaction(1, List.of(new TxIn(OutPoint.NULL,
                Bytes.wrap(new byte[] {0x01, 0x01, 0x00}), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(BlockConnector.blockSubsidy(1, params.consensus().subsidyHalvingInterval()),
                        Bytes.wrap(new byte[] {0x51}))), 0);
        List<Transaction> txs = new ArrayList<>(TRANSACTIONS + 1);
        txs.add(coinbase);
        txs.addAll(spends);
        List<Hash256> txids = new ArrayList<>(txs.size());
        for (Transaction tx : txs) txids.add(tx.txid());
        BlockHeader genesisHeader = params.genesis().header();
        BlockHeader header = new BlockHeader(4, genesis.hash(), Merkle.root(txids, new boolean[1]),
                genesisHeader.time() + 600, genesisHeader.bits(), 0);
        Block block = new Block(header, txs);
        BlockIndex index = BlockIndex.child(header.hash(), header, genesis);
        ScriptFlags flags = BlockConnector.blockScriptFlags(index, params.consensus().deployments());

        fund.setBestBlock(genesis.hash());
        fund.flush();
        return new ScriptSpendBlock(params, block, index, flags, List.copyOf(spent), List.copyOf(ecdsa),
                List.copyOf(schnorr), coins);
    }

    /**
     * Runs {@link Interpreter#verifyScript} on every input with {@code verifier}, building each transaction's
     * {@link PrecomputedTransactionData} first as block connection does.
     *
     * @return the number of inputs that passed
     */
    public int verifyAll(SignatureVerifier verifier) {
        return verify(verifier, 1);
    }

    /** As {@link #verifyAll}, on the {@value #INPUTS}/2 P2WPKH inputs only (the even transactions). */
    public int verifyP2wpkh(SignatureVerifier verifier) {
        return verify(verifier, 2);
    }

    private int verify(SignatureVerifier verifier, int step) {
        List<Transaction> txs = spends();
        int ok = 0;
        for (int t = 0; t < txs.size(); t += step) {
            Transaction tx = txs.get(t);
            List<TxOut> prev = spent.get(t);
            PrecomputedTransactionData txData = new PrecomputedTransactionData(tx, prev);
            for (int j = 0; j < prev.size(); j++) {
                TxIn in = tx.inputs().get(j);
                TxOut out = prev.get(j);
                ScriptError e = Interpreter.verifyScript(Script.of(in.scriptSig()), Script.of(out.scriptPubKey()),
                        in.witness(), flags, new TransactionSignatureChecker(tx, j, out.value(), txData, verifier));
                if (e == ScriptError.OK) ok++;
            }
        }
        return ok;
    }

    /** Every input must verify with {@code verifier}, or the exception names the first that does not and why. */
    public void requireAllVerify(SignatureVerifier verifier) {
        if (verifyAll(verifier) == INPUTS) return;
        List<Transaction> txs = spends();
        for (int t = 0; t < txs.size(); t++) {
            Transaction tx = txs.get(t);
            List<TxOut> prev = spent.get(t);
            PrecomputedTransactionData txData = new PrecomputedTransactionData(tx, prev);
            for (int j = 0; j < prev.size(); j++) {
                TxIn in = tx.inputs().get(j);
                ScriptError e = Interpreter.verifyScript(Script.of(in.scriptSig()),
                        Script.of(prev.get(j).scriptPubKey()), in.witness(), flags,
                        new TransactionSignatureChecker(tx, j, prev.get(j).value(), txData, verifier));
                if (e != ScriptError.OK) {
                    throw new IllegalStateException("input " + j + " of spend " + t + " (" + tx.txid()
                            + ") fails with " + verifier.name() + ": " + e);
                }
            }
        }
    }

    private static byte[] privateKey(Secp256k1 secp, int n) {
        for (int attempt = 0; ; attempt++) {
            byte[] k = ScriptHashes.sha256(("mooring-bench script key " + n + "/" + attempt)
                    .getBytes(StandardCharsets.US_ASCII));
            if (secp.secKeyVerify(k)) return k;
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }
}
