package io.mooring.validation;

import java.util.Objects;

/**
 * A rejected header, block or transaction, as Core's {@code ValidationState::Invalid}: the result category, Core's exact
 * reject reason ({@code "high-hash"}, {@code "bad-txnmrklroot"}, ...) and a debug message for the log.
 *
 * @param result       Core's {@code BlockValidationResult}
 * @param reason       Core's reject-reason string, byte for byte
 * @param debugMessage Core's debug message (may be empty)
 */
public record ValidationError(BlockValidationResult result, String reason, String debugMessage) {
    public ValidationError {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(debugMessage, "debugMessage");
    }

    static ValidationError of(BlockValidationResult result, String reason, String debugMessage) {
        return new ValidationError(result, reason, debugMessage);
    }

    /** Core's {@code ValidationState::ToString}: the reason, then the debug message after a comma when there is one. */
    @Override
    public String toString() {
        return debugMessage.isEmpty() ? reason : reason + ", " + debugMessage;
    }
}
