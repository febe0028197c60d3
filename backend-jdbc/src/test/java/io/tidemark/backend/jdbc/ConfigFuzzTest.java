package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzed hostile config: URL query strings built from parameters that matter (the ones the backend sets, secrets,
 * harmless ones; in other cases and percent-encoded) and table names from any characters. Whatever is given, a store
 * either is refused with {@link InvalidConfigException} showing no secret, or opens with the configured
 * {@code statement_timeout} in force and exactly the table named (a name is never partly SQL).
 */
class ConfigFuzzTest {
    private static final String URL = EmbeddedPg.shared().url();
    private static final List<String> NAMES = List.of(
            "options",
            "OPTIONS",
            "Options",
            "%6Fptions",
            "opt%69ons",
            "socketTimeout",
            "SOCKETTIMEOUT",
            "connectTimeout",
            "loginTimeout",
            "password",
            "PassWord",
            "pass%77ord",
            "sslpassword",
            "db_password",
            "tcpKeepAlive",
            "ApplicationName",
            "prepareThreshold",
            " options",
            "");
    private static final List<String> VALUES = List.of(
            "-c%20statement_timeout%3D0",
            "-c statement_timeout=0", "0", "s3cr3t-XYZ", "true", "x?options=-c%20statement_timeout%3D0", "");

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> param = Combinators.combine(
                        Arbitraries.of(NAMES), Arbitraries.of(VALUES), Arbitraries.of(true, false))
                .as((n, v, eq) -> eq ? n + "=" + v : n);
        return param.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("&", l));
    }

    @Property(tries = 60)
    void aUrlEitherIsRefusedOrKeepsTheTimeout(@ForAll("queries") String query) {
        Map<String, Object> m = EmbeddedPg.settings(URL + "&" + query, "watermark_table", "fuzz_url");
        m.put("statement_timeout_ms", 4321L);
        BackendConfig c = BackendConfig.of("postgresql", m);
        try (Database db = Database.open(c, Ddl.Kind.WATERMARK)) {
            String timeout = db.read("show", conn -> {
                try (Statement s = conn.createStatement();
                        ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(timeout).as(query).isEqualTo("4321ms");
        } catch (InvalidConfigException e) {
            // The URL is shown in messages (a non-secret parameter's value may be); a secret parameter's never is.
            boolean secret = Arrays.stream(query.split("&"))
                    .map(param -> URLDecoder.decode(param.split("=", 2)[0], StandardCharsets.UTF_8))
                    .anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("password"));
            if (secret) {
                assertThat(e.getMessage()).as(query).doesNotContain("s3cr3t");
            }
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(70),
                Arbitraries.strings()
                        .withChars("aZ_09\"';.- \\$")
                        .ofMinLength(1)
                        .ofMaxLength(66));
    }

    @Property(tries = 80)
    void aTableNameEitherIsRefusedOrNamesExactlyOneTable(@ForAll("names") String name) {
        Map<String, Object> m = EmbeddedPg.settings(URL, "watermark_table", name);
        // A blank value is an unset one (BackendConfig.string): the default table.
        String trimmed = name.trim().isEmpty() ? Ddl.WATERMARK : name.trim();
        try (Database db = Database.open(BackendConfig.of("postgresql", m), Ddl.Kind.WATERMARK)) {
            assertThat(trimmed).as("opened").matches("[A-Za-z_][A-Za-z0-9_]{0,62}");
            Integer found = db.read("find", conn -> {
                try (var ps = conn.prepareStatement(
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = 'public' AND c.relname = ? AND c.relkind = 'r'")) {
                    ps.setString(1, trimmed);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
            assertThat(found).as(trimmed).isEqualTo(1);
        } catch (InvalidConfigException e) {
            assertThat(trimmed).as("refused").doesNotMatch("[A-Za-z_][A-Za-z0-9_]{0,62}");
            assertThat(e.getMessage()).contains("'watermark_table'");
        }
    }
}
