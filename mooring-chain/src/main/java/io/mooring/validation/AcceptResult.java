package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import java.util.Optional;

/**
 * The outcome of accepting one header or block (Core's {@code AcceptBlockHeader}/{@code AcceptBlock} return value,
 * {@code ppindex} and {@code BlockValidationState} together).
 *
 * @param index the entry for the header: the new or existing one; null when the header was not added
 * @param error why it was rejected; empty when accepted (or already known and not invalid)
 */
public record AcceptResult(BlockIndex index, Optional<ValidationError> error) {
    public boolean isValid() {
        return error.isEmpty();
    }

    static AcceptResult ok(BlockIndex index) {
        return new AcceptResult(index, Optional.empty());
    }

    static AcceptResult failed(BlockIndex index, ValidationError error) {
        return new AcceptResult(index, Optional.of(error));
    }
}
