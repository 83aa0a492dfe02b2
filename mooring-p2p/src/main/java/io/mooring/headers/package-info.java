/**
 * Headers-first synchronisation, sans-I/O: Core's {@code HeadersSyncState} (presync and redownload, the anti-DoS
 * download-twice scheme for chains we cannot yet tell have enough work) and the per-peer header-sync logic of
 * Core's net_processing (getheaders locators, follow-up requests, unconnecting headers).
 *
 * <p>Owns: what to ask peers for and what to hand the chain layer. Must not touch: sockets, threads, the wall clock,
 * or the block index's internals (it sees our chain through snapshots such as {@link io.mooring.headers.ChainStart}).
 */
package io.mooring.headers;
