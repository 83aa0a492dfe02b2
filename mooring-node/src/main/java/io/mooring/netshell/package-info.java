/**
 * The Netty I/O shell: sockets (epoll when available, NIO otherwise), listening and connecting, SOCKS5 proxying,
 * send and receive buffer bounds, and the single node-loop thread that runs the sans-I/O {@link
 * io.mooring.net.PeerManager}. Netty's I/O threads only turn bytes into transport events; every protocol decision is
 * made on the node loop.
 *
 * <p>Owns: channels, threads, the wall clock. Must not touch: protocol decisions (handshake, timeouts, policy).
 */
package io.mooring.netshell;
