/**
 * The daemon: bitcoind-style options and config file, the datadir layout and its lock, debug.log, startup and
 * graceful shutdown.
 *
 * <p>Owns: process-level concerns and operator inputs. Must not touch: protocol decisions, which live in
 * mooring-p2p.
 */
package io.mooring.node;
