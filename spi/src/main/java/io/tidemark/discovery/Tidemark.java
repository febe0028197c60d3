package io.tidemark.discovery;

import io.tidemark.BackendConfig;
import io.tidemark.NoSuchBackendException;
import io.tidemark.TidemarkException;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.Checked;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point, like JDBC's {@code DriverManager}: finds {@link BackendProvider}s with
 * {@link ServiceLoader} (once, thread-safe) and opens stores by driver name, ignoring case.
 *
 * <pre>{@code
 * try (WatermarkStore store = Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", "/var/lib/signer")))) {
 *   if (store.advance(key, new Watermark(level, round, digest)).maySign()) { sign(); }
 * }
 * }</pre>
 *
 * <p>Every method that takes a driver name throws {@link NoSuchBackendException} when no provider answers to the
 * driver (the message lists those found), and {@link TidemarkException} when two providers claim one name (the
 * message names both classes).
 */
public final class Tidemark {
    private static final Logger LOG = LoggerFactory.getLogger(Tidemark.class);

    private Tidemark() {}

    /**
     * Opens a nameservice with the backend named by {@code config.driver()}: the config is checked against the
     * backend's {@link BackendProvider#keys() keys}, the backend opened, and its storage wrapped in the checking
     * layer ({@link Checked}) with {@link BackendConfig#clock()} and {@link BackendConfig#listener()} (whose events
     * name the backend's primary driver, whatever alias the config used).
     *
     * @throws io.tidemark.InvalidConfigException for an unknown key (naming the nearest known one) or a missing
     *     required key
     */
    public static Publisher openPublisher(BackendConfig config) {
        BackendProvider p = provider(config.driver());
        return Checked.publisher(
                p.openPublisher(checked(p, config, Contract.PUBLISHER)), config.clock(), p.driver(), config.listener());
    }

    /** Opens a watermark store with the backend named by {@code config.driver()}; see {@link #openPublisher}. */
    public static WatermarkStore openWatermarkStore(BackendConfig config) {
        BackendProvider p = provider(config.driver());
        return Checked.watermarkStore(
                p.openWatermarkStore(checked(p, config, Contract.WATERMARK)), p.driver(), config.listener());
    }

    /** {@code config} checked against the keys {@code p} describes, with its secret keys masked. */
    private static BackendConfig checked(BackendProvider p, BackendConfig config, Contract contract) {
        List<ConfigKey> keys =
                p.keys().stream().filter(k -> k.appliesTo(contract)).toList();
        BackendConfig c = config.withSecrets(
                keys.stream().filter(ConfigKey::secret).map(ConfigKey::name).collect(Collectors.toSet()));
        c.requireOnly(keys.stream().map(ConfigKey::name).collect(Collectors.toCollection(LinkedHashSet::new)));
        keys.stream().filter(ConfigKey::required).forEach(k -> c.requireString(k.name()));
        return c;
    }

    /**
     * Whether {@code a} and {@code b} name the same store of {@code contract}: their drivers are one backend and every key it marks as
     * {@link ConfigKey#identity() identity} has the same value in both (defaults applied; paths compared by their
     * real location when they exist, else absolute and normalised). A backend with no identity keys (the memory
     * backend: every open is a new store) never has two configs naming one store.
     */
    public static boolean sameStore(BackendConfig a, BackendConfig b, Contract contract) {
        BackendProvider p = provider(a.driver());
        if (p.getClass() != provider(b.driver()).getClass()) {
            return false;
        }
        List<ConfigKey> identity = p.keys().stream()
                .filter(k -> k.identity() && k.appliesTo(contract))
                .toList();
        return !identity.isEmpty()
                && identity.stream().allMatch(k -> identityValue(a, k).equals(identityValue(b, k)));
    }

    private static Optional<String> identityValue(BackendConfig c, ConfigKey k) {
        if (k.type() == ConfigKey.Type.PATH) {
            Optional<Path> path = c.path(k.name()).or(() -> k.defaultValue().map(Path::of));
            return path.map(Tidemark::located);
        }
        return c.string(k.name()).or(k::defaultValue).map(Tidemark::comparable);
    }

    /**
     * Where {@code p} leads, as the file system resolves it: the real path of its longest existing prefix (links and
     * {@code ..} resolved by the file system, never removed as text, since {@code link/..} is the link target's
     * parent), followed by the rest, normalised only where nothing exists yet to be a link.
     */
    private static String located(Path p) {
        Path abs = p.toAbsolutePath();
        for (int n = abs.getNameCount(); n >= 0; n--) {
            Path prefix = n == 0 ? abs.getRoot() : abs.getRoot().resolve(abs.subpath(0, n));
            try {
                Path real = prefix.toRealPath();
                return (n == abs.getNameCount() ? real : real.resolve(abs.subpath(n, abs.getNameCount())))
                        .normalize()
                        .toString();
            } catch (IOException e) {
                // that prefix does not exist (or cannot be reached): try a shorter one
            }
        }
        return abs.normalize().toString();
    }

    /**
     * An identity value made comparable: an http(s) endpoint with its scheme and host in lower case, the default
     * port made explicit and a trailing {@code /} removed (those spellings reach one server); other text as it is.
     */
    private static String comparable(String value) {
        try {
            URI u = new URI(value);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                return value;
            }
            int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
        } catch (URISyntaxException e) {
            return value;
        }
    }

    /** The primary driver names of every backend found, sorted. */
    public static Set<String> drivers() {
        Set<String> names = new TreeSet<>();
        Registry.get().values().forEach(p -> names.add(p.driver()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * The backend answering to {@code driver} (or an alias), ignoring case: its names and the keys it accepts. It
     * gives no way to open a store around the checking layer.
     *
     * @throws NoSuchBackendException when no provider answers to the driver (the message lists those found)
     */
    public static Driver describe(String driver) {
        BackendProvider p = provider(driver);
        return new Driver(p.driver(), p.aliases(), p.keys(), p.getClass().getName());
    }

    /** The provider answering to {@code driver} (or an alias), ignoring case. */
    private static BackendProvider provider(String driver) {
        BackendProvider p =
                driver == null ? null : Registry.get().get(driver.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new NoSuchBackendException("no backend '" + driver + "'; found: " + drivers() + hint(driver));
        }
        return p;
    }

    /** The artifact that provides a known driver missing from the class path, by the names it answers to. */
    private static final Map<String, String> ARTIFACTS = Map.of(
            "mem", "tidemark-backend-memory",
            "file", "tidemark-backend-file",
            "aws", "tidemark-backend-dynamodb",
            "dynamodb", "tidemark-backend-dynamodb",
            "postgresql", "tidemark-backend-jdbc",
            "postgres", "tidemark-backend-jdbc",
            "jdbc", "tidemark-backend-jdbc");

    /** What to put on the class path for a missing driver: its artifact if it is a known one. */
    private static String hint(String driver) {
        String artifact = driver == null ? null : ARTIFACTS.get(driver.trim().toLowerCase(Locale.ROOT));
        if (artifact != null) {
            return " (driver '" + driver.trim().toLowerCase(Locale.ROOT) + "' is in io.tidemark:" + artifact
                    + ": put it on the class path)";
        }
        return drivers().isEmpty() ? " (put a tidemark-backend-* jar on the class path)" : "";
    }

    /** The name-to-provider map, built once on first use. */
    private static final class Registry {
        private static final Map<String, BackendProvider> BY_NAME;
        private static final TidemarkException FAILURE;

        static {
            Map<String, BackendProvider> byName = new TreeMap<>();
            TidemarkException failure = null;
            Iterator<BackendProvider> it =
                    ServiceLoader.load(BackendProvider.class).iterator();
            while (true) {
                BackendProvider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError e) {
                    LOG.warn("skipping a Tidemark backend that cannot be loaded: {}", e.getMessage(), e);
                    continue;
                }
                Set<String> names = new TreeSet<>(p.aliases());
                names.add(p.driver());
                for (String name : names) {
                    BackendProvider other = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), p);
                    if (other != null && other.getClass() != p.getClass() && failure == null) {
                        failure = new TidemarkException("backend name '" + name + "' is claimed by both "
                                + other.getClass().getName() + " and "
                                + p.getClass().getName() + "; remove one of the jars");
                    }
                }
            }
            BY_NAME = Collections.unmodifiableMap(byName);
            FAILURE = failure;
            LOG.debug("Tidemark backends found: {}", BY_NAME.keySet());
        }

        static Map<String, BackendProvider> get() {
            if (FAILURE != null) {
                throw FAILURE;
            }
            return BY_NAME;
        }
    }
}
