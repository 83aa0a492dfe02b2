/**
 * Bitcoin Core-compatible JSON-RPC over HTTP: request parsing (1.0, 2.0, batches), basic auth with a cookie file,
 * Core's error codes, and the method registry.
 *
 * <p>Owns: the RPC wire format and authentication. Must not touch: node state directly; methods read and change
 * state through the node loop.
 */
package io.mooring.rpc;
