package io.mooring.node;

/**
 * One stored setting value, as Core's {@code common::SettingsValue} holds it for {@code -name=value} options: a
 * string ({@code -name} alone is the empty string), {@code false} for a negation ({@code -noname}) or {@code true}
 * for a double negation ({@code -noname=0}).
 */
sealed interface SettingValue {
    record Text(String value) implements SettingValue {
    }

    record Flag(boolean value) implements SettingValue {
    }

    SettingValue FALSE = new Flag(false);
    SettingValue TRUE = new Flag(true);

    default boolean isFalse() {
        return this instanceof Flag f && !f.value();
    }

    /** Core's {@code SettingToString}: false is "0", true is "1", text is itself. */
    default String asString() {
        return switch (this) {
            case Text t -> t.value();
            case Flag f -> f.value() ? "1" : "0";
        };
    }

    /** Core's {@code SettingToBool}. */
    default boolean asBool() {
        return switch (this) {
            case Text t -> CoreParse.interpretBool(t.value());
            case Flag f -> f.value();
        };
    }

    /** Core's {@code SettingToInt}. */
    default long asLong() {
        return switch (this) {
            case Text t -> CoreParse.atoi64(t.value());
            case Flag f -> f.value() ? 1 : 0;
        };
    }

    /** The JSON form Core writes in "Command-line arg:" lines ({@code UniValue::write}). */
    default String write() {
        return switch (this) {
            case Flag f -> Boolean.toString(f.value());
            case Text t -> CoreParse.jsonString(t.value());
        };
    }
}
