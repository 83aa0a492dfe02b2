/**
 * Core's debug-log categories ({@code -debug=net}, {@code -debugexclude=...}) as SLF4J logger names, so every layer
 * logs the way Bitcoin Core's {@code LogDebug(BCLog::NET, ...)} does.
 *
 * <p>Owns: the category list and its mapping to logger names. Library code logs through SLF4J only:
 * {@code LogCategory.NET.logger().debug(...)} is Core's {@code LogDebug(BCLog::NET, ...)} (written as
 * {@code [net] ...} when {@code -debug=net}); a logger that is not a category logger (for example
 * {@code LoggerFactory.getLogger(Foo.class)}) at INFO/WARN/ERROR is Core's unconditional {@code LogInfo},
 * {@code LogWarning} ({@code [warning] ...}) and {@code LogError} ({@code [error] ...}).
 *
 * <p>Must not touch: logging back ends, files or the console; the daemon ({@code io.mooring.node}) configures those.
 */
package io.mooring.logging;
