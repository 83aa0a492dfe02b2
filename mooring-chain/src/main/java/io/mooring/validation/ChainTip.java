package io.mooring.validation;

import io.mooring.wire.Hash256;

/**
 * One row of Core's {@code getchaintips}.
 *
 * @param height    the tip's height
 * @param hash      the tip's hash
 * @param branchLen blocks from the fork point with the active chain to the tip (0 for the active tip)
 * @param status    "active", "invalid", "headers-only", "valid-headers" or "valid-fork" (see
 *                  {@link ChainstateManager#chainTips()})
 */
public record ChainTip(int height, Hash256 hash, int branchLen, String status) {
}
