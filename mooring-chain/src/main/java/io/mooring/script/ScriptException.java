package io.mooring.script;

/**
 * A script failed with {@link #error()}. Checked and stackless: the interpreter throws it to unwind out of nested
 * evaluation (Core returns {@code set_error(serror, ...)} through every level), and the public entry points turn it
 * back into a {@link ScriptError}.
 */
public final class ScriptException extends Exception {
    private final ScriptError error;

    public ScriptException(ScriptError error) {
        super(error.name(), null, false, false);
        this.error = error;
    }

    public ScriptError error() {
        return error;
    }
}
