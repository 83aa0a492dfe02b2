/**
 * Small helpers shared by the protocol logic and state files (Core's util/ and random.h): atomic file writes, the
 * fast ChaCha20 random context.
 *
 * <p>Owns: file-system mechanics and random streams. Must not touch: file formats or protocol state.
 */
package io.mooring.util;
