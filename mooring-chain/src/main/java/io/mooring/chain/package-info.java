/**
 * Chain parameters: built-in networks and custom chains loaded from a file through one schema.
 *
 * <p>Owns: what defines a chain (magic, ports, genesis, PoW rules, seeds, activation heights). Must not touch:
 * peers, sockets, time.
 */
package io.mooring.chain;
