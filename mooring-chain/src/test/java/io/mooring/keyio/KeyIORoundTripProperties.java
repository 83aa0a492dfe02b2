package io.mooring.keyio;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KeyIORoundTripProperties {
    @Provide
    Arbitrary<ChainParams> chains() {
        return Arbitraries.of("main", "test", "testnet4", "signet", "regtest").map(ChainParamsLoader::builtIn);
    }

    @Provide
    Arbitrary<Destination> destinations() {
        Arbitrary<Bytes> b20 = Arbitraries.bytes().array(byte[].class).ofSize(20).map(Bytes::wrap);
        Arbitrary<Bytes> b32 = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Bytes::wrap);
        Arbitrary<Destination> unknown = Combinators.combine(Arbitraries.integers().between(1, 16),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(40))
                .filter((v, p) -> !(v == 1 && (p.length == 32 || Bytes.wrap(p).equals(Destination.PayToAnchor.PROGRAM))))
                .as((v, p) -> new Destination.WitnessUnknown(v, Bytes.wrap(p)));
        return Arbitraries.oneOf(
                b20.map(Destination.PubKeyHash::new),
                b20.map(Destination.ScriptHash::new),
                b20.map(Destination.WitnessV0KeyHash::new),
                b32.map(Destination.WitnessV0ScriptHash::new),
                b32.map(Destination.WitnessV1Taproot::new),
                Arbitraries.just(new Destination.PayToAnchor()),
                unknown);
    }

    @Property(tries = 500)
    void decodingAnEncodedDestinationGivesItBack(@ForAll("destinations") Destination d,
                                                 @ForAll("chains") ChainParams chain) throws Exception {
        String text = KeyIO.encodeDestination(d, chain);
        assertThat(KeyIO.decodeDestination(text, chain)).isEqualTo(d);
        if (d.witnessVersion() >= 0) {
            // Bech32 is case-insensitive as a whole (BIP173); Base58 is not.
            assertThat(KeyIO.decodeDestination(text.toUpperCase(java.util.Locale.ROOT), chain)).isEqualTo(d);
        }
    }
}
