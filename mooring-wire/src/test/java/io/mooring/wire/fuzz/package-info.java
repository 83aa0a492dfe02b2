/**
 * Jazzer fuzz targets for every decoder of the wire module: the v1 envelope, {@code MessageDecoder} for each command,
 * the address decoders and text parsers, transactions and blocks. The invariant everywhere: bad input fails with
 * {@code ProtocolException} only ({@code IllegalArgumentException} for text), and whatever decodes re-encodes to
 * something that decodes to an equal value ({@link io.mooring.wire.fuzz.FuzzOracle}).
 *
 * <h2>How they run</h2>
 * In the ordinary test run each {@code @FuzzTest} is a regression test over its seeds, the files in
 * {@code src/test/resources/io/mooring/wire/fuzz/<Class>Inputs/} (written by {@link io.mooring.wire.fuzz.FuzzSeeds}
 * from real data). {@code bin/test} then fuzzes each target for its {@code maxDuration} in a surefire execution of
 * its own with {@code JAZZER_FUZZ=1} (Jazzer 0.24 fuzzes only one {@code @FuzzTest} per JVM); see
 * {@code mooring-wire/pom.xml}. Skip those with {@code -Dmooring.fuzz.skip=true}; they are skipped anyway when
 * {@code -Dtest=...} chooses tests.
 *
 * <h2>Findings</h2>
 * A finding fails the build. libFuzzer writes the input to {@code target/jazzer/fuzz-<target>/crash-<sha1>}
 * (never into the source tree); once the bug is fixed, copy the file into the target's {@code <Class>Inputs/}
 * directory so that it stays a regression test. Longer local runs: e.g.
 * {@code JAZZER_FUZZ=1 ./mvnw test -pl mooring-wire -Dtest=MessageDecoderFuzzTest -Djazzer.internal.arg.3=-max_total_time=600}.
 */
package io.mooring.wire.fuzz;
