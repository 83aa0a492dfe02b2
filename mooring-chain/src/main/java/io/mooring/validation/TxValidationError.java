package io.mooring.validation;

import java.util.Objects;

/** A rejected transaction: Core's result category, exact reject reason and debug message. */
public record TxValidationError(TxValidationResult result, String reason, String debugMessage) {
    public TxValidationError {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(debugMessage, "debugMessage");
    }

    @Override
    public String toString() {
        return debugMessage.isEmpty() ? reason : reason + ", " + debugMessage;
    }
}
