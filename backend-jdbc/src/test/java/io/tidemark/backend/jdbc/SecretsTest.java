package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The password never reaches a log line or a message, at every log level: a child JVM logs everything (slf4j at
 * trace: HikariCP's configuration dump; java.util.logging at ALL: the PostgreSQL driver), opens stores with a
 * password, works, fails in every way config and server allow, and prints every message; none holds the password.
 */
class SecretsTest {
    static final String SECRET = "Sup3r-Secret-pw";

    @Test
    void thePasswordIsInNoLogLineAndNoMessage() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SecretsTest.class.getName(),
                        EmbeddedPg.shared().url(),
                        Integer.toString(EmbeddedPg.freePort()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("the child ran every step").contains("MESSAGES DONE");
        assertThat(out).as("the child logged at debug (HikariCP's config)").containsIgnoringCase("debug");
        assertThat(out).doesNotContain(SECRET);
    }

    /** The child: {@code args[0]} the server's URL, {@code args[1]} a port nobody listens on. */
    public static void main(String[] args) {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.ALL);
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(Level.ALL);
        root.addHandler(h);
        Logger.getLogger("org.postgresql").setLevel(Level.ALL);
        String url = args[0];
        String dead = EmbeddedPg.url(Integer.parseInt(args[1]));
        List<String> messages = new ArrayList<>();
        Map<String, Object> base =
                new HashMap<>(EmbeddedPg.settings(url, "watermark_table", EmbeddedPg.freshTable("secret")));
        base.put("password", SECRET);
        base.put("connect_timeout_ms", 300L);
        BackendConfig ok = BackendConfig.of("postgresql", base);
        messages.add(ok.toString());
        try (WatermarkStore s = Tidemark.openWatermarkStore(ok)) {
            WatermarkKey k = new WatermarkKey("NetX", "tz1secret", "block");
            s.advance(k, new Watermark(1, 0, "a"));
            messages.add(String.valueOf(s.advance(k, new Watermark(1, 0, "b"))));
            messages.add(s.toString());
            messages.add(String.valueOf(s.check()));
        }
        Map<String, Object> ns = new HashMap<>(base);
        ns.remove("watermark_table");
        ns.put("nameservice_table", EmbeddedPg.freshTable("secret_ns"));
        try (Publisher p = Tidemark.openPublisher(BackendConfig.of("postgresql", ns))) {
            p.publishCommit(LedgerAlias.parse("s:main"), "c", 1);
            messages.add(p.toString());
        }
        List<Map<String, Object>> bad = new ArrayList<>();
        for (Object[] kv : new Object[][] {
            {"url", dead},
            {"url", url.replace("/postgres?", "/nosuchdb?")},
            {"url", "jdbc:mysql://h/db"},
            {"url", "jdbc:postgresql://[::1"},
            {"user", "nosuchuser"},
            {"schema", "nosuchschema"},
            {"pool_size", "lots"},
            {"pool_size", 0},
            {"statement_timeout_ms", -1},
            {"create_tables", "maybe"},
            {"passwrd", "x"},
        }) {
            Map<String, Object> m = new HashMap<>(base);
            m.put((String) kv[0], kv[1]);
            bad.add(m);
        }
        for (Map<String, Object> m : bad) {
            try (WatermarkStore s = Tidemark.openWatermarkStore(BackendConfig.of("postgresql", m))) {
                messages.add(s.toString());
                messages.add(String.valueOf(s.check()));
            } catch (RuntimeException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    messages.add(c.getClass().getName() + ": " + c.getMessage());
                }
            }
        }
        messages.forEach(System.out::println);
        System.out.println("MESSAGES DONE");
    }
}
