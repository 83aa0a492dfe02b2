/**
 * Cross-implementation tests against bitcoinj 0.17 (test scope only): messages both ways, compared field by field
 * ({@link io.mooring.wire.interop.BitcoinjInteropTest}), real blocks and genesis blocks
 * ({@link io.mooring.wire.interop.BitcoinjRealBlocksTest}), and the places where bitcoinj departs from Bitcoin Core
 * ({@link io.mooring.wire.interop.BitcoinjDifferencesTest}); Mooring follows Core in each of them.
 */
package io.mooring.wire.interop;
