/**
 * Block download and serving, sans-I/O: Core's moving download window, in-flight limits, direct fetch, stalling and
 * download timeouts, getdata serving from the active chain ({@link io.mooring.blocks.BlockDownload}), and
 * {@link io.mooring.blocks.ChainSync}, which joins it with header sync as the peer manager's protocol extension.
 *
 * <p>Owns: which blocks to ask which peer for, and what to answer. Must not touch: sockets, threads, the wall clock,
 * block files or the block index's internals (it sees the chain through {@link io.mooring.blocks.BlockTree}).
 */
package io.mooring.blocks;
