/**
 * Small helpers shared by the state files (Core's util/): atomic file writes.
 *
 * <p>Owns: file-system mechanics. Must not touch: file formats or protocol state.
 */
package io.mooring.util;
