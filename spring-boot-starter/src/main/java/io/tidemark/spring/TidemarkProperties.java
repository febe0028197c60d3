package io.tidemark.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tidemark.*} properties: one section per contract, each a backend {@code driver} and its {@code config}
 * keys, the same shape as a native {@code tidemark.yaml}. A section without a driver creates no bean.
 *
 * <pre>{@code
 * tidemark:
 *   watermark:
 *     driver: file
 *     config:
 *       base_dir: /var/lib/signer/watermark
 * }</pre>
 */
@ConfigurationProperties("tidemark")
public class TidemarkProperties {
    /** The signer's watermark store: a {@code WatermarkStore} bean when its driver is set. */
    private final Section watermark = new Section();

    /** The ledger nameservice: a {@code Publisher} bean when its driver is set. */
    private final Section publisher = new Section();

    /** Creates empty sections; Spring Boot binds them. */
    public TidemarkProperties() {}

    /** The {@code tidemark.watermark} section. */
    public Section getWatermark() {
        return watermark;
    }

    /** The {@code tidemark.publisher} section. */
    public Section getPublisher() {
        return publisher;
    }

    /** One store: the backend's driver name and its config keys, as strings. */
    public static class Section {
        /**
         * Backend driver: file, mem, aws (alias dynamodb) or postgresql, ignoring case; the backend's jar must be on
         * the class path. Unset: no bean.
         */
        private String driver;

        /**
         * The backend's config keys (for example base_dir for file; table, region, endpoint for aws), as in
         * tidemark.yaml. Keys match the backend's own names ignoring case, '-' and '_' (base-dir, base_dir and
         * BASE_DIR are base_dir); unknown keys fail start-up.
         */
        private final Map<String, String> config = new LinkedHashMap<>();

        /** Creates an empty section; Spring Boot binds it. */
        public Section() {}

        /** The driver name, or null when unset. */
        public String getDriver() {
            return driver;
        }

        /** Sets the driver name. */
        public void setDriver(String driver) {
            this.driver = driver;
        }

        /** The config keys as bound (a live map Spring Boot fills). */
        public Map<String, String> getConfig() {
            return config;
        }
    }
}
