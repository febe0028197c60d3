package io.tidemark;

import io.tidemark.publisher.Publisher;
import io.tidemark.spi.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * @throws NoSuchBackendException when no provider answers to the driver (the message lists those found)
 * @throws TidemarkException when two providers claim one name (the message names both classes)
 */
public final class Tidemark {
  private static final Logger LOG = LoggerFactory.getLogger(Tidemark.class);

  private Tidemark() {}

  /** Opens a nameservice with the backend named by {@code config.driver()}. */
  public static Publisher openPublisher(BackendConfig config) {
    return provider(config.driver()).openPublisher(config);
  }

  /** Opens a watermark store with the backend named by {@code config.driver()}. */
  public static WatermarkStore openWatermarkStore(BackendConfig config) {
    return provider(config.driver()).openWatermarkStore(config);
  }

  /** Opens the nameservice a config file describes (any format of {@link io.tidemark.config.ConfigFiles}). */
  public static Publisher openPublisher(java.nio.file.Path configFile) {
    return openPublisher(io.tidemark.config.ConfigFiles.load(configFile).requirePublisher());
  }

  /** Opens the watermark store a config file describes (any format of {@link io.tidemark.config.ConfigFiles}). */
  public static WatermarkStore openWatermarkStore(java.nio.file.Path configFile) {
    return openWatermarkStore(io.tidemark.config.ConfigFiles.load(configFile).requireWatermark());
  }

  /** The primary driver names of every backend found, sorted. */
  public static Set<String> drivers() {
    Set<String> names = new TreeSet<>();
    Registry.get().values().forEach(p -> names.add(p.driver()));
    return Collections.unmodifiableSet(names);
  }

  /** The provider answering to {@code driver} (or an alias), ignoring case. */
  public static BackendProvider provider(String driver) {
    BackendProvider p = driver == null ? null : Registry.get().get(driver.trim().toLowerCase(Locale.ROOT));
    if (p == null) {
      throw new NoSuchBackendException("no backend '" + driver + "'; found: " + drivers()
          + (drivers().isEmpty() ? " (put a tidemark-backend-* jar on the class path)" : ""));
    }
    return p;
  }

  /**
   * Prints the backends found on the class path and, given config files, which backend each would open: a check
   * for operators assembling a class path ({@code java -cp 'lib/*' io.tidemark.Tidemark tidemark.yaml}).
   */
  public static void main(String[] args) {
    System.out.println("drivers: " + drivers());
    for (String a : args) {
      io.tidemark.config.TidemarkConfig c = io.tidemark.config.ConfigFiles.load(java.nio.file.Path.of(a));
      c.publisher().ifPresent(p -> {
        try (Publisher opened = openPublisher(p)) {
          System.out.println(a + " publisher: " + opened.getClass().getName());
        }
      });
      c.watermark().ifPresent(w -> {
        try (WatermarkStore opened = openWatermarkStore(w)) {
          System.out.println(a + " watermark: " + opened.getClass().getName());
        }
      });
    }
  }

  /** The name-to-provider map, built once on first use. */
  private static final class Registry {
    private static final Map<String, BackendProvider> BY_NAME;
    private static final TidemarkException FAILURE;

    static {
      Map<String, BackendProvider> byName = new TreeMap<>();
      TidemarkException failure = null;
      Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class).iterator();
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
                + other.getClass().getName() + " and " + p.getClass().getName() + "; remove one of the jars");
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
