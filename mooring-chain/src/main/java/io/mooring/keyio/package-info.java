/**
 * Address text ↔ output scripts, as Core's {@code key_io.cpp}: {@link io.mooring.keyio.KeyIO#decodeDestination} and
 * {@link io.mooring.keyio.KeyIO#encodeDestination} over a chain's {@link io.mooring.chain.ChainParams.AddressEncoding},
 * with the codecs they need ({@link io.mooring.keyio.Base58} with Core's Base58Check, {@link io.mooring.keyio.Bech32}
 * for BIP173 bech32 and BIP350 bech32m) and the {@link io.mooring.keyio.Destination} family whose
 * {@code scriptPubKey()} is Core's {@code GetScriptForDestination}.
 *
 * <p>Owns: address encodings. Must not touch: keys and signing (there is no wallet), peers, sockets, time.
 */
package io.mooring.keyio;
