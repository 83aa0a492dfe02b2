package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import java.util.Optional;

/**
 * The outcome of Core's {@code ProcessNewBlockHeaders}: headers are accepted in order until the first failure.
 *
 * @param accepted     how many headers (from the start of the list) were accepted or already known
 * @param last         the entry of the last accepted header; null when none was
 * @param error        the first failure; empty when every header was accepted
 */
public record HeadersResult(int accepted, BlockIndex last, Optional<ValidationError> error) {
    public boolean isValid() {
        return error.isEmpty();
    }
}
