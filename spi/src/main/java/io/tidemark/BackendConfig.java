package io.tidemark;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable backend configuration: a driver name and its settings (String, Number or Boolean values).
 * Typed getters accept the value's own type or its text (as config files give it) and fail with
 * {@link InvalidConfigException} naming the key, the value and what was expected. Secret values (keys that
 * mention secret, password, token or access key) are masked as {@code ****} in every message and in
 * {@link #toString()}; other values and keys are shown with control characters escaped ({@code \\u0000}), so no
 * message carries a raw control character.
 *
 * <p>Relative paths ({@link #path}) resolve against the directory of the config file the configuration was read
 * from ({@link #withSourceFile}, set by {@code io.tidemark.config.TidemarkConfig}), so the same file names the same
 * store whatever the working directory. {@code TidemarkConfig} records the file's <em>real</em> directory (symbolic
 * links to the file or to any directory above it followed), and {@link #path} joins a relative path to it without
 * removing {@code ..} lexically, so {@code ../data} means the file system's parent of the directory the file really
 * is in: a config file reached through a link names the same store as the file itself. A configuration built in code ({@link #of}) without a file keeps relative
 * paths relative: they resolve against the working directory. Equality compares the driver and the settings only.
 */
public final class BackendConfig {
    private final String driver;
    private final Map<String, Object> settings;
    private final String source;
    private final boolean create;
    private final Path directory;
    private final Clock clock;
    private final Set<String> secrets;
    private final OperationListener listener;

    private BackendConfig(
            String driver,
            Map<String, Object> settings,
            String source,
            boolean create,
            Path directory,
            Clock clock,
            Set<String> secrets,
            OperationListener listener) {
        this.driver = driver;
        this.settings = settings;
        this.source = source;
        this.create = create;
        this.directory = directory;
        this.clock = clock;
        this.secrets = secrets;
        this.listener = listener;
    }

    /**
     * A configuration for {@code driver}.
     *
     * @throws InvalidConfigException if the driver is blank or a value is null or not a String, Number or Boolean
     */
    public static BackendConfig of(String driver, Map<String, ?> settings) {
        if (driver == null || driver.isBlank()) {
            throw new InvalidConfigException(
                    "driver must be set to a backend name, got " + (driver == null ? "nothing" : Names.quote(driver)));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        Objects.requireNonNull(settings, "settings").forEach((k, v) -> {
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new InvalidConfigException(
                        "config key " + Names.quote(k) + " of driver " + Names.quote(driver) + " has "
                                + (v == null
                                        ? "no value"
                                        : "a value of type " + v.getClass().getSimpleName())
                                + "; expected a string, number or boolean");
            }
            copy.put(k, v);
        });
        return new BackendConfig(
                driver.trim(), Collections.unmodifiableMap(copy), null, true, null, Clock.systemUTC(), Set.of(), null);
    }

    /**
     * The same configuration, remembering where it was read from (a file name) for error messages. Keeps the
     * {@link #directory()}.
     */
    public BackendConfig withSource(String source) {
        return new BackendConfig(driver, settings, source, create, directory, clock, secrets, listener);
    }

    /**
     * The same configuration, read from {@code file}: its name prefixes error messages ({@link #source()}) and
     * relative paths resolve against its directory ({@link #directory()}: the file's parent, made absolute now).
     */
    public BackendConfig withSourceFile(Path file) {
        return withSourceFile(file, file.toAbsolutePath().getParent());
    }

    /**
     * The same configuration, read from {@code file} (named in error messages), with relative paths resolving against
     * {@code directory}, made absolute now. {@code io.tidemark.config.TidemarkConfig} passes the file's real directory
     * ({@code file.toRealPath().getParent()}), links followed.
     */
    public BackendConfig withSourceFile(Path file, Path directory) {
        return new BackendConfig(
                driver, settings, file.toString(), create, directory.toAbsolutePath(), clock, secrets, listener);
    }

    /**
     * The absolute directory relative {@link #path paths} resolve against: that of the config file this configuration
     * was read from; empty for a configuration built in code, whose relative paths resolve against the working
     * directory.
     */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * The same configuration, saying whether opening it may create a missing store (directories, tables). With
     * {@code false} a backend creates nothing and fails with {@link io.tidemark.StoreNotFoundException} naming where
     * it looked: read-only tools use it so that a mistyped location is reported, not silently created empty.
     */
    public BackendConfig withCreate(boolean create) {
        return new BackendConfig(driver, settings, source, create, directory, clock, secrets, listener);
    }

    /** Whether opening may create a missing store; true unless {@link #withCreate(boolean) withCreate(false)}. */
    public boolean create() {
        return create;
    }

    /**
     * The same configuration, with the clock the opened store reads the time of each call from (the
     * {@code updated_at} of nameservice records). Tests pass a clock they control; not part of {@link #equals}.
     */
    public BackendConfig withClock(Clock clock) {
        return new BackendConfig(
                driver, settings, source, create, directory, Objects.requireNonNull(clock, "clock"), secrets, listener);
    }

    /** The clock of {@link #withClock}; the UTC system clock by default. */
    public Clock clock() {
        return clock;
    }

    /**
     * The same configuration, with a listener the opened store tells about every completed operation (its timing and
     * outcome; see {@link OperationListener}), for example {@code io.tidemark.micrometer.TidemarkMetrics}. Discovery
     * hands it to the checking layer. Not part of {@link #equals}.
     */
    public BackendConfig withListener(OperationListener listener) {
        return new BackendConfig(
                driver,
                settings,
                source,
                create,
                directory,
                clock,
                secrets,
                Objects.requireNonNull(listener, "listener"));
    }

    /** The listener of {@link #withListener}; empty by default (then nothing is recorded). */
    public Optional<OperationListener> listener() {
        return Optional.ofNullable(listener);
    }

    /**
     * The same configuration, masking the values of {@code secretKeys} in every message as well as those
     * {@link #isSecret} recognises by name. Discovery passes the keys a backend declares secret.
     */
    public BackendConfig withSecrets(Set<String> secretKeys) {
        Set<String> all = new TreeSet<>(secrets);
        all.addAll(secretKeys);
        return new BackendConfig(
                driver, settings, source, create, directory, clock, Collections.unmodifiableSet(all), listener);
    }

    /** The same configuration (source, directory and create flag included) with one setting added or replaced. */
    public BackendConfig with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        BackendConfig c = of(driver, copy);
        return new BackendConfig(c.driver, c.settings, source, create, directory, clock, secrets, listener);
    }

    public String driver() {
        return driver;
    }

    /** The settings, unmodifiable, including secrets: do not log them; log {@link #toString()}. */
    public Map<String, Object> settings() {
        return settings;
    }

    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** True if {@code key} holds a credential or other secret. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.contains("accesskey");
    }

    /** The value of a setting for a message: masked if secret, otherwise quoted with control characters escaped. */
    public String shown(String key) {
        Object v = settings.get(key);
        return v == null ? "(unset)" : isSecret(key) || secrets.contains(key) ? "****" : Names.quote(v);
    }

    /** A text setting; empty if unset or blank. */
    public Optional<String> string(String key) {
        Object v = settings.get(key);
        if (v == null) {
            return Optional.empty();
        }
        String s = v.toString().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** A required text setting. */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> fail(key, "a value (it is required)"));
    }

    /** A whole-number setting, or {@code defaultValue} if unset. */
    public long longValue(String key, long defaultValue, long min, long max) {
        Object v = settings.get(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw fail(key, "a whole number");
            }
        }
        if (n < min || n > max) {
            throw fail(key, "a whole number from " + min + " to " + max);
        }
        return n;
    }

    /** A boolean setting ({@code true}/{@code false}, any case), or {@code defaultValue} if unset. */
    public boolean bool(String key, boolean defaultValue) {
        Object v = settings.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw fail(key, "true or false");
    }

    /**
     * A path setting; empty if unset. A relative path is resolved against {@link #directory()} when this
     * configuration was read from a file ({@code directory.resolve(path)}: not normalised, so {@code ..} is left for
     * the file system to resolve after links), and left relative (to the working directory) otherwise.
     *
     * @throws InvalidConfigException naming the key, with the value escaped, if it contains a control character
     *     (NUL included) or is not a path of the default file system
     */
    public Optional<Path> path(String key) {
        return string(key).map(s -> {
            if (s.chars().anyMatch(Character::isISOControl)) {
                throw fail(key, "a file system path (it contains a control character)");
            }
            Path p;
            try {
                p = Path.of(s);
            } catch (RuntimeException e) {
                throw fail(key, "a file system path");
            }
            return directory == null ? p : directory.resolve(p);
        });
    }

    /**
     * Fails on any key not in {@code allowed}, suggesting the nearest allowed key: unknown keys are errors, never
     * ignored (a typo must not silently fall back to a default).
     */
    public void requireOnly(Set<String> allowed) {
        for (String key : settings.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidConfigException(
                        where() + "unknown config key " + Names.unknownKey(key, allowed) + " for driver "
                                + Names.quote(driver)
                                + Names.didYouMean(key, allowed) + "; known keys: " + new TreeSet<>(allowed));
            }
        }
    }

    /** An {@link InvalidConfigException} for {@code key}: names it, its (masked) value and what was expected. */
    public InvalidConfigException fail(String key, String expected) {
        return new InvalidConfigException(where() + "config key " + Names.quote(key) + " of driver "
                + Names.quote(driver) + " is " + shown(key) + "; expected " + expected);
    }

    private String where() {
        return source == null ? "" : Names.escape(source) + ": ";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendConfig c && c.driver.equals(driver) && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(driver, settings);
    }

    /** {@code BackendConfig[driver=aws, table='t', secret_access_key=****]}: secrets masked. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("BackendConfig[driver=").append(Names.escape(driver));
        settings.keySet()
                .forEach(k -> b.append(", ").append(Names.escape(k)).append('=').append(shown(k)));
        return b.append(']').toString();
    }
}
