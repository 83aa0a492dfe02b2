/** JMH benchmarks of Mooring against bitcoinj and physical limits; see docs/benchmarks.md. Never shipped. */
package io.mooring.bench;
