/**
 * JMH benchmarks: Mooring's wire codecs against bitcoinj 0.17 on the same payload bytes ({@code bin/bench}; results
 * in {@code docs/benchmarks.md}).
 *
 * <p>Owns: benchmark inputs ({@link io.mooring.bench.BenchData}) and the measured operations. Must not: ship in the
 * node, or be depended on by any other module.
 */
package io.mooring.bench;
