package io.mooring.bench;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.message.AddrV2Message;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark inputs: built deterministically (fixed seeds) as Mooring values and encoded once; both codecs then
 * decode exactly these payload bytes. Each payload is built once per JVM and shared by every benchmark state.
 */
final class BenchData {
    static final long SEED = 0x6d6f6f72696e67L; // "mooring"

    static final int HEADERS = 2_000;
    static final int INV_ENTRIES = 50_000;
    static final int ADDRV2_ENTRIES = 1_000;
    static final int SEGWIT_BLOCK_TXS = 2_000;

    private BenchData() {
    }

    private static Hash256 randomHash(Random rnd) {
        return new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    }

    private static Bytes randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return Bytes.wrap(b);
    }

    /**
     * 2,000 headers forming a chain (each prevBlock is the previous header's hash), starting near mainnet height
     * 840,000: BIP9 version bits with a few random bits set, ~10-minute spacing with jitter, mainnet-like bits.
     */
    static HeadersMessage headers() {
        Random rnd = new Random(SEED);
        List<BlockHeader> out = new ArrayList<>(HEADERS);
        Hash256 prev = randomHash(rnd);
        long time = 1_713_571_767L;
        for (int i = 0; i < HEADERS; i++) {
            int version = 0x20000000 | (rnd.nextInt(8) == 0 ? rnd.nextInt(0x2000) << 13 : 0);
            time += 600 + rnd.nextInt(600) - 300;
            BlockHeader h = new BlockHeader(version, prev, randomHash(rnd), time, 0x17034219L,
                    rnd.nextInt() & 0xffffffffL);
            out.add(h);
            prev = h.hash();
        }
        return new HeadersMessage(out);
    }

    /** 50,000 entries: 98% MSG_WITNESS_TX, 2% MSG_BLOCK (bitcoinj 0.17 knows both types). */
    static InvMessage inv() {
        Random rnd = new Random(SEED + 1);
        List<InvItem> out = new ArrayList<>(INV_ENTRIES);
        for (int i = 0; i < INV_ENTRIES; i++) {
            int type = rnd.nextInt(50) == 0 ? InvItem.MSG_BLOCK : InvItem.MSG_WITNESS_TX;
            out.add(new InvItem(type, randomHash(rnd)));
        }
        return new InvMessage(out);
    }

    /**
     * 1,000 addrv2 entries. {@code torShare} of them are TorV3, the rest 70% IPv4 and 30% IPv6 (global unicast
     * 2000::/3, so no entry maps to IPv4, TorV2 or internal). These three networks are the ones both Mooring and
     * bitcoinj 0.17 decode to an address; bitcoinj drops I2P and CJDNS to a null address, so they are left out.
     */
    static AddrV2Message addrV2(double torShare) {
        Random rnd = new Random(SEED + 2);
        List<PeerAddress> out = new ArrayList<>(ADDRV2_ENTRIES);
        long[] services = {0x409, 0xc09, 0x449, 0xc49, 0x1, 0x408};
        for (int i = 0; i < ADDRV2_ENTRIES; i++) {
            NetAddress a;
            if (rnd.nextDouble() < torShare) {
                byte[] key = new byte[32];
                rnd.nextBytes(key);
                a = NetAddress.torV3(key);
            } else if (rnd.nextInt(10) < 7) {
                byte[] ip = new byte[4];
                rnd.nextBytes(ip);
                ip[0] = (byte) (1 + rnd.nextInt(223)); // 1.x.x.x .. 223.x.x.x
                a = NetAddress.ipv4(ip);
            } else {
                byte[] ip = new byte[16];
                rnd.nextBytes(ip);
                ip[0] = (byte) (0x20 | (ip[0] & 0x0f)); // 2000::/4, inside 2000::/3
                a = NetAddress.ipv6(ip);
            }
            long time = 1_713_000_000L + rnd.nextInt(10 * 86_400);
            int port = rnd.nextInt(4) == 0 ? 1024 + rnd.nextInt(60_000) : 8333;
            out.add(new PeerAddress(time, services[rnd.nextInt(services.length)], a, port));
        }
        return new AddrV2Message(out);
    }

    /** A version message as Core 27 sends it (version 70016, NODE_NETWORK|WITNESS|NETWORK_LIMITED). */
    static VersionMessage version() {
        byte[] receiver = {(byte) 203, 0, 113, 7};
        PeerAddress recv = new PeerAddress(PeerAddress.TIME_INIT, 0x409, NetAddress.ipv4(receiver), 8333);
        PeerAddress from = new PeerAddress(PeerAddress.TIME_INIT, 0x409, NetAddress.UNSPECIFIED, 0);
        return new VersionMessage(70016, 0x409, 1_713_571_767L, recv, from, 0x1234_5678_9abc_def0L,
                "/Satoshi:27.0.0/", 840_000, true);
    }

    /**
     * A synthetic ~1 MB segwit block: a coinbase with the BIP141 witness nonce and commitment, then 2,000
     * transactions spending P2WPKH outputs (1 to 5 inputs with empty scriptSig and a [72-byte signature, 33-byte
     * key] witness; 1 to 3 outputs, P2WPKH or P2TR scripts). The merkle root is the real one of these transactions.
     */
    static BlockMessage segwitBlock() {
        Random rnd = new Random(SEED + 3);
        List<Transaction> txs = new ArrayList<>(SEGWIT_BLOCK_TXS + 1);
        Bytes height = Bytes.fromHex("03a0d10c"); // BIP34 push of 840,000
        TxIn cbIn = new TxIn(OutPoint.NULL, Bytes.wrap(concat(height.toArray(), randomBytes(rnd, 20).toArray())),
                TxIn.SEQUENCE_FINAL, List.of(Bytes.wrap(new byte[32])));
        Bytes commitment = Bytes.wrap(concat(new byte[]{0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed},
                randomBytes(rnd, 32).toArray()));
        txs.add(new Transaction(2, List.of(cbIn),
                List.of(new TxOut(312_500_000L, p2wpkh(rnd)), new TxOut(0, commitment)), 0));
        for (int t = 0; t < SEGWIT_BLOCK_TXS; t++) {
            int nIn = 1 + rnd.nextInt(5);
            int nOut = 1 + rnd.nextInt(3);
            List<TxIn> ins = new ArrayList<>(nIn);
            for (int i = 0; i < nIn; i++) {
                byte[] sig = randomBytes(rnd, 72).toArray();
                sig[0] = 0x30;
                sig[71] = 0x01; // SIGHASH_ALL
                byte[] key = randomBytes(rnd, 33).toArray();
                key[0] = (byte) (2 + rnd.nextInt(2));
                ins.add(new TxIn(new OutPoint(randomHash(rnd), rnd.nextInt(4)), Bytes.EMPTY, 0xfffffffdL,
                        List.of(Bytes.wrap(sig), Bytes.wrap(key))));
            }
            List<TxOut> outs = new ArrayList<>(nOut);
            for (int o = 0; o < nOut; o++) {
                Bytes script = rnd.nextInt(4) == 0 ? p2tr(rnd) : p2wpkh(rnd);
                outs.add(new TxOut(1_000 + rnd.nextInt(100_000_000), script));
            }
            txs.add(new Transaction(2, ins, outs, rnd.nextInt(3) == 0 ? 840_000 : 0));
        }
        Hash256 root = Merkle.blockMerkleRoot(new Block(new BlockHeader(0, Hash256.ZERO, Hash256.ZERO, 0, 0, 0), txs));
        BlockHeader header = new BlockHeader(0x20000000, randomHash(rnd), root, 1_713_571_767L, 0x17034219L,
                rnd.nextInt() & 0xffffffffL);
        return new BlockMessage(new Block(header, txs));
    }

    private static Bytes p2wpkh(Random rnd) {
        return Bytes.wrap(concat(new byte[]{0x00, 0x14}, randomBytes(rnd, 20).toArray()));
    }

    private static Bytes p2tr(Random rnd) {
        return Bytes.wrap(concat(new byte[]{0x51, 0x20}, randomBytes(rnd, 32).toArray()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Mainnet block 481,829 (998,318 bytes, 1,866 transactions; only the coinbase has a witness). */
    static byte[] block481829() {
        return resource("block481829.dat");
    }

    static byte[] resource(String name) {
        try (InputStream in = BenchData.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
