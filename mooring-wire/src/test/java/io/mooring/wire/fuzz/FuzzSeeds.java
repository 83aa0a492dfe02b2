package io.mooring.wire.fuzz;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.AddrV2Message;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.message.SendCmpctMessage;
import io.mooring.wire.message.TxMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the seed corpora of the fuzz targets into {@code src/test/resources/io/mooring/wire/fuzz/<Class>Inputs/}
 * from real data (blocks and peers.dat records of ../shared/vectors, already in the test resources) and realistic
 * messages. Run once by hand when a target's input layout changes:
 * {@code java -cp target/classes:target/test-classes io.mooring.wire.fuzz.FuzzSeeds src/test/resources}.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources").resolve("io/mooring/wire/fuzz");

        Block mainnet169482 = block("/io/mooring/wire/primitives/bitcoinj-block169482.dat");
        Block testnet21066 = block("/io/mooring/wire/primitives/bitcoinj-block_testnet21066.dat");
        Block testnet700000 = block("/io/mooring/wire/primitives/bitcoinj-block_testnet700000.dat");
        List<Block> first = firstMainnetBlocks(12);
        Transaction legacyTx = mainnet169482.transactions().get(1);
        Transaction segwitTx = testnetBlock(926485).transactions().stream()
                .filter(t -> t.hasWitness() && !t.isCoinbase()).findFirst().orElseThrow();
        List<PeerAddress> peers = peersDatAddresses(12);

        VersionMessage version = new VersionMessage(70016,
                ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS | ServiceFlags.NODE_NETWORK_LIMITED
                        | ServiceFlags.NODE_P2P_V2,
                1_732_000_000L,
                new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.parse("203.0.113.7"), 8333),
                VersionMessage.NO_SENDER, 0x1c2d3e4f5a6b7c8dL, "/Satoshi:27.1.0/", 870_000, true);
        AddrV2Message addrv2 = new AddrV2Message(peers);
        List<BlockHeader> headers = new ArrayList<>();
        for (Block b : first) headers.add(b.header());
        HeadersMessage headersMsg = new HeadersMessage(headers);
        GetHeadersMessage getHeaders = new GetHeadersMessage(70016,
                List.of(first.get(11).hash(), first.get(10).hash(), first.get(8).hash(), first.get(0).hash()),
                io.mooring.wire.Hash256.ZERO);
        InvMessage inv = new InvMessage(List.of(new InvItem(InvItem.MSG_WITNESS_TX, segwitTx.wtxid()),
                new InvItem(InvItem.MSG_BLOCK, mainnet169482.hash())));
        List<Message> messages = List.of(version, VerackMessage.INSTANCE, new SendCmpctMessage(false, 2), addrv2,
                headersMsg, getHeaders, inv, new TxMessage(legacyTx), new TxMessage(segwitTx),
                new BlockMessage(testnet21066), new BlockMessage(testnet700000));

        // V1EnvelopeFuzzTest: option byte 1 (repair checksums), then frames.
        Path envelope = root.resolve("V1EnvelopeFuzzTestInputs");
        write(envelope, "handshake", concat(new byte[] {1}, frame(version), frame(VerackMessage.INSTANCE),
                frame(new SendCmpctMessage(false, 2))));
        write(envelope, "addrv2", concat(new byte[] {1}, frame(addrv2)));
        write(envelope, "headers", concat(new byte[] {1}, frame(headersMsg)));
        write(envelope, "tx-and-inv", concat(new byte[] {1}, frame(inv), frame(new TxMessage(segwitTx))));
        write(envelope, "block", concat(new byte[] {1}, frame(new BlockMessage(testnet21066))));
        write(envelope, "version-unrepaired", concat(new byte[] {0}, frame(version)));

        // MessageDecoderFuzzTest: command index, then the payload.
        Path decoder = root.resolve("MessageDecoderFuzzTestInputs");
        for (Message m : messages) {
            String name = m.command() + (m instanceof TxMessage t && t.tx().hasWitness() ? "-witness" : "")
                    + (m instanceof BlockMessage b ? "-" + b.block().transactions().size() + "tx" : "");
            write(decoder, name, concat(new byte[] {(byte) MessageType.ALL.indexOf(m.command())}, m.payload()));
        }

        // AddressFuzzTest: 0 addrv2 entries, 1 disk records, 2 address text, 3 endpoint text.
        Path addresses = root.resolve("AddressFuzzTestInputs");
        WireWriter v2 = new WireWriter();
        WireWriter disk = new WireWriter();
        for (PeerAddress a : peers) {
            a.writeV2(v2);
            a.writeDisk(disk);
        }
        write(addresses, "addrv2-entries", concat(new byte[] {0}, v2.toByteArray()));
        write(addresses, "peers-dat-records", concat(new byte[] {1}, disk.toByteArray()));
        List<NetAddress> texts = new ArrayList<>();
        for (PeerAddress a : peers) {
            if (texts.stream().noneMatch(t -> t.network() == a.address().network())) texts.add(a.address());
        }
        texts.add(NetAddress.i2p(segwitTx.txid().toInternalBytes()));
        texts.add(NetAddress.parse("fc32:17ea:e415:c3bf:9808:149d:b5a2:c9aa"));
        for (NetAddress a : texts) {
            write(addresses, "text-" + a.network().name().toLowerCase(),
                    concat(new byte[] {2}, a.toString().getBytes(StandardCharsets.UTF_8)));
        }
        write(addresses, "text-ipv4-mapped", concat(new byte[] {2}, "::ffff:192.0.2.1".getBytes(StandardCharsets.UTF_8)));
        write(addresses, "endpoint-ipv4", concat(new byte[] {3}, "198.51.100.20:8333".getBytes(StandardCharsets.UTF_8)));
        write(addresses, "endpoint-ipv6", concat(new byte[] {3}, "[2001:db8::7]:18444".getBytes(StandardCharsets.UTF_8)));
        write(addresses, "endpoint-onion", concat(new byte[] {3},
                (peers.stream().filter(p -> p.address().isTor()).findFirst().orElseThrow().address() + ":9050")
                        .getBytes(StandardCharsets.UTF_8)));

        // PrimitivesFuzzTest: 0 transaction, 1 block.
        Path primitives = root.resolve("PrimitivesFuzzTestInputs");
        write(primitives, "tx-legacy", concat(new byte[] {0}, legacyTx.serialize()));
        write(primitives, "tx-witness", concat(new byte[] {0}, segwitTx.serialize()));
        write(primitives, "block-genesis", concat(new byte[] {1}, first.get(0).serialize()));
        write(primitives, "block-testnet21066", concat(new byte[] {1}, testnet21066.serialize()));
        write(primitives, "block-testnet700000", concat(new byte[] {1}, testnet700000.serialize()));
    }

    private static byte[] frame(Message m) {
        return V1Envelope.encode(FuzzOracle.MAGIC, m);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
        System.out.println(dir.getFileName() + "/" + name + ": " + bytes.length + " bytes");
    }

    private static byte[] resource(String name) {
        try (InputStream in = FuzzSeeds.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Block block(String name) throws ProtocolException {
        return Block.read(new WireReader(resource(name)));
    }

    /** A block of bip158/testnet-19.json (rows: height, hash, block hex, ...); 926485 has a segwit spend. */
    private static Block testnetBlock(int height) throws IOException, ProtocolException {
        for (var row : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(resource("/io/mooring/wire/primitives/testnet-19.json"))) {
            if (row.size() > 2 && row.get(0).asInt() == height) {
                return Block.read(new WireReader(java.util.HexFormat.of().parseHex(row.get(2).asText())));
            }
        }
        throw new IllegalArgumentException("no testnet block " + height);
    }

    /** The first blocks of bitcoinj-first-100k-blocks.dat (blk*.dat records: magic, uint32 LE length, block). */
    private static List<Block> firstMainnetBlocks(int n) throws ProtocolException {
        ByteBuffer b = ByteBuffer.wrap(resource("/io/mooring/wire/primitives/bitcoinj-first-100k-blocks.dat"))
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Block> out = new ArrayList<>();
        while (out.size() < n) {
            b.getInt();
            byte[] raw = new byte[b.getInt()];
            b.get(raw);
            out.add(Block.read(new WireReader(raw)));
        }
        return out;
    }

    /** Addresses of real peers.dat records (see PeersDatRecordsTest): IPv4, IPv6 and Tor v3 among them. */
    private static List<PeerAddress> peersDatAddresses(int n) throws ProtocolException {
        WireReader r = new WireReader(resource("/netaddress/peers_dat_records.bin"));
        List<PeerAddress> all = new ArrayList<>();
        while (r.hasRemaining()) {
            all.add(PeerAddress.readDisk(r));
            NetAddress.readBip155(r);
            r.readI64LE();
            r.readI32LE();
        }
        List<PeerAddress> out = new ArrayList<>();
        for (var net : io.mooring.wire.netaddress.Network.values()) {
            all.stream().filter(a -> a.address().network() == net).limit(n / 3).forEach(out::add);
        }
        return out.subList(0, Math.min(n, out.size()));
    }
}
