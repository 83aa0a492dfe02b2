package io.mooring.node;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One registered option.
 *
 * @param name         the name without the dash ({@code "port"})
 * @param helpParam    what the help shows after the name ({@code "=<port>"}, or "" for a switch)
 * @param help         the help text (Core's where Core has the option)
 * @param category     the help group
 * @param flags        Core's flags
 * @param repeatable   whether repeating the option adds values ({@code -addnode}) rather than replacing the
 *                     previous one; informational, parsing keeps every value either way, as Core does
 * @param defaultValue the default as text, when it is fixed (for documentation and {@link NodeArgs#getOrDefault})
 */
public record OptionSpec(String name, String helpParam, String help, OptionCategory category, Set<OptionFlag> flags,
                         boolean repeatable, Optional<String> defaultValue) {
    public OptionSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(helpParam);
        Objects.requireNonNull(help);
        Objects.requireNonNull(category);
        if (name.isEmpty() || name.startsWith("-") || name.contains("=")) {
            throw new IllegalArgumentException("bad option name " + name);
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        Objects.requireNonNull(defaultValue);
    }

    /** An option from Core's notation {@code "-name=<param>"}. */
    public static OptionSpec of(String nameWithParam, String help, OptionCategory category, OptionFlag... flags) {
        if (!nameWithParam.startsWith("-")) throw new IllegalArgumentException("option must start with -");
        int eq = nameWithParam.indexOf('=');
        String name = eq < 0 ? nameWithParam.substring(1) : nameWithParam.substring(1, eq);
        String param = eq < 0 ? "" : nameWithParam.substring(eq);
        return new OptionSpec(name, param, help, category, flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags),
                false, Optional.empty());
    }

    public OptionSpec repeating() {
        return new OptionSpec(name, helpParam, help, category, flags, true, defaultValue);
    }

    public OptionSpec withDefault(Object value) {
        return new OptionSpec(name, helpParam, help, category, flags, repeatable, Optional.of(String.valueOf(value)));
    }

    public boolean has(OptionFlag flag) {
        return flags.contains(flag);
    }
}
