package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.PartialMerkleTree;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every wire type, shared by the message property tests. */
public final class WireArbitraries {
    private WireArbitraries() {
    }

    public static Arbitrary<Hash256> hashes() {
        return Arbitraries.longs().list().ofSize(4).map(l -> new Hash256(l.get(0), l.get(1), l.get(2), l.get(3)));
    }

    public static Arbitrary<Bytes> bytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(Bytes::wrap);
    }

    public static Arbitrary<Bytes> bytesOfSize(int size) {
        return Arbitraries.bytes().array(byte[].class).ofSize(size).map(Bytes::wrap);
    }

    static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<String> asciiStrings(int maxLength) {
        return Arbitraries.strings().ascii().ofMaxLength(maxLength);
    }

    public static Arbitrary<BlockHeader> headers() {
        return Combinators.combine(Arbitraries.integers(), hashes(), hashes(), uint32(), uint32(), uint32())
                .as(BlockHeader::new);
    }

    /** IPv4 and IPv6 addresses: the ones the v1 (16-byte) form can carry. */
    public static Arbitrary<NetAddress> v1Addresses() {
        Arbitrary<NetAddress> v4 = bytesOfSize(4).map(b -> NetAddress.ipv4(b.toArray()));
        Arbitrary<NetAddress> v6 = bytesOfSize(16)
                .filter(b -> b.get(0) != (byte) 0xfd && b.get(0) != 0) // keep clear of internal, TorV2 and mapped ranges
                .map(b -> NetAddress.ipv6(b.toArray()));
        return Arbitraries.oneOf(v4, v6);
    }

    /** Addresses of every BIP155 network. */
    public static Arbitrary<NetAddress> anyAddresses() {
        Arbitrary<NetAddress> tor = bytesOfSize(32).map(b -> NetAddress.torV3(b.toArray()));
        Arbitrary<NetAddress> i2p = bytesOfSize(32).map(b -> NetAddress.i2p(b.toArray()));
        Arbitrary<NetAddress> cjdns = bytesOfSize(15).map(b -> {
            byte[] a = new byte[16];
            a[0] = (byte) 0xfc;
            b.copyTo(a, 1);
            return NetAddress.cjdns(a);
        });
        return Arbitraries.oneOf(v1Addresses(), tor, i2p, cjdns);
    }

    public static Arbitrary<PeerAddress> v1PeerAddresses() {
        return Combinators.combine(uint32(), Arbitraries.longs(), v1Addresses(), Arbitraries.integers().between(0, 65535))
                .as(PeerAddress::new);
    }

    public static Arbitrary<PeerAddress> v2PeerAddresses() {
        return Combinators.combine(uint32(), Arbitraries.longs(), anyAddresses(), Arbitraries.integers().between(0, 65535))
                .as(PeerAddress::new);
    }

    /** Addresses as they appear in version messages: no time. */
    static Arbitrary<PeerAddress> versionAddresses() {
        return Combinators.combine(Arbitraries.longs(), v1Addresses(), Arbitraries.integers().between(0, 65535))
                .as((services, address, port) -> new PeerAddress(PeerAddress.TIME_INIT, services, address, port));
    }

    static Arbitrary<TxIn> inputs(boolean withWitness) {
        Arbitrary<List<Bytes>> witness = withWitness
                ? bytes(80).list().ofMinSize(0).ofMaxSize(4)
                : Arbitraries.just(List.of());
        return Combinators.combine(hashes(), uint32(), bytes(120), uint32(), witness)
                .as((txid, index, script, sequence, wit) -> new TxIn(new OutPoint(txid, index), script, sequence, wit));
    }

    static Arbitrary<TxOut> outputs() {
        return Combinators.combine(Arbitraries.longs(), bytes(60)).as(TxOut::new);
    }

    /** Transactions with at least one input (a zero-input encoding is ambiguous with the BIP144 marker). */
    public static Arbitrary<Transaction> transactions() {
        return Arbitraries.of(false, true).flatMap(witness -> Combinators.combine(Arbitraries.integers(),
                inputs(witness).list().ofMinSize(1).ofMaxSize(4), outputs().list().ofMaxSize(4), uint32())
                .as(Transaction::new));
    }

    public static Arbitrary<Block> blocks() {
        return Combinators.combine(headers(), transactions().list().ofMaxSize(5)).as(Block::new);
    }

    static Arbitrary<PartialMerkleTree> merkleTrees() {
        return Arbitraries.integers().between(1, 40).flatMap(n -> Combinators.combine(
                hashes().list().ofSize(n), Arbitraries.of(true, false).list().ofSize(n)).as((txids, matchList) -> {
                    boolean[] matches = new boolean[n];
                    for (int i = 0; i < n; i++) matches[i] = matchList.get(i);
                    return PartialMerkleTree.build(txids, matches);
                }));
    }

    static Arbitrary<InvItem> invItems() {
        return Combinators.combine(Arbitraries.of(InvItem.MSG_TX, InvItem.MSG_BLOCK, InvItem.MSG_WTX,
                InvItem.MSG_WITNESS_BLOCK, InvItem.MSG_CMPCT_BLOCK, 77), hashes()).as(InvItem::new);
    }

    static Arbitrary<List<Integer>> increasingIndexes(int maxCount) {
        return Arbitraries.integers().between(0, 300).list().ofMaxSize(maxCount).map(gaps -> {
            List<Integer> out = new ArrayList<>();
            int next = 0;
            for (int gap : gaps) {
                next += gap;
                if (next > 0xffff) break;
                out.add(next);
                next++;
            }
            return out;
        });
    }

    static Arbitrary<String> featureIds() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(4).ofMaxLength(80);
    }

    /** One generator per message type: every member of the sealed family is covered. */
    public static Arbitrary<Message> messages() {
        List<Arbitrary<? extends Message>> all = List.of(
                Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(), versionAddresses(),
                        versionAddresses()).flatAs((version, services, time, receiver, sender) -> Combinators.combine(
                                Arbitraries.longs(), asciiStrings(256), Arbitraries.integers(), Arbitraries.of(true, false))
                        .as((nonce, agent, height, relay) -> new VersionMessage(version, services, time, receiver, sender,
                                nonce, agent, height, relay))),
                Arbitraries.just(VerackMessage.INSTANCE),
                Arbitraries.longs().map(PingMessage::new),
                Arbitraries.longs().map(PongMessage::new),
                v1PeerAddresses().list().ofMaxSize(20).map(AddrMessage::new),
                v2PeerAddresses().list().ofMaxSize(20).map(AddrV2Message::new),
                Arbitraries.just(SendAddrV2Message.INSTANCE),
                Arbitraries.just(GetAddrMessage.INSTANCE),
                invItems().list().ofMaxSize(30).map(InvMessage::new),
                invItems().list().ofMaxSize(30).map(GetDataMessage::new),
                invItems().list().ofMaxSize(30).map(NotFoundMessage::new),
                Combinators.combine(Arbitraries.integers(), hashes().list().ofMaxSize(101), hashes())
                        .as(GetBlocksMessage::new),
                Combinators.combine(Arbitraries.integers(), hashes().list().ofMaxSize(101), hashes())
                        .as(GetHeadersMessage::new),
                headers().list().ofMaxSize(30).map(HeadersMessage::new),
                blocks().map(BlockMessage::new),
                transactions().map(TxMessage::new),
                Arbitraries.just(MempoolMessage.INSTANCE),
                Arbitraries.just(SendHeadersMessage.INSTANCE),
                Arbitraries.longs().map(FeeFilterMessage::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs()).as(SendCmpctMessage::new),
                Combinators.combine(headers(), Arbitraries.longs(),
                        Arbitraries.longs().between(0, (1L << 48) - 1).list().ofMaxSize(30),
                        increasingIndexes(5).flatMap(idx -> transactions().list().ofSize(idx.size()).map(txs -> {
                            List<PrefilledTransaction> out = new ArrayList<>();
                            for (int i = 0; i < idx.size(); i++) out.add(new PrefilledTransaction(idx.get(i), txs.get(i)));
                            return out;
                        }))).as(CmpctBlockMessage::new),
                Combinators.combine(hashes(), increasingIndexes(40)).as(GetBlockTxnMessage::new),
                Combinators.combine(hashes(), transactions().list().ofMaxSize(5)).as(BlockTxnMessage::new),
                Arbitraries.just(WtxidRelayMessage.INSTANCE),
                Combinators.combine(headers(), merkleTrees()).as(MerkleBlockMessage::new),
                Combinators.combine(bytes(200), uint32(), uint32(), Arbitraries.integers().between(0, 255))
                        .as(FilterLoadMessage::new),
                bytes(520).map(FilterAddMessage::new),
                Arbitraries.just(FilterClearMessage.INSTANCE),
                Combinators.combine(Arbitraries.integers().between(0, 255), uint32(), hashes()).as(GetCFiltersMessage::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), hashes(), bytes(300)).as(CFilterMessage::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), uint32(), hashes()).as(GetCFHeadersMessage::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), hashes(), hashes(),
                        hashes().list().ofMaxSize(40)).as(CFHeadersMessage::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), hashes()).as(GetCFCheckptMessage::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), hashes(), hashes().list().ofMaxSize(40))
                        .as(CFCheckptMessage::new),
                Combinators.combine(uint32(), Arbitraries.longs()).as(SendTxRcnclMessage::new),
                Combinators.combine(featureIds(), bytes(512)).as(FeatureMessage::new),
                Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                                .filter(c -> !MessageType.ALL.contains(c)), bytes(100))
                        .as(UnknownMessage::new));
        return Arbitraries.oneOf(all);
    }
}
