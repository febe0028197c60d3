package io.tidemark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendConfigTest {
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG";

    @Test
    void typedGettersAcceptValuesAndTheirText() {
        BackendConfig c = BackendConfig.of(
                " aws ", Map.of("timeout_ms", "2500", "retries", 3, "create_table", "TRUE", "table", " t1 "));
        assertThat(c.driver()).isEqualTo("aws");
        assertThat(c.longValue("timeout_ms", 5_000, 1, 600_000)).isEqualTo(2_500);
        assertThat(c.longValue("retries", 0, 0, 10)).isEqualTo(3);
        assertThat(c.longValue("unset", 42, 0, 100)).isEqualTo(42);
        assertThat(c.bool("create_table", false)).isTrue();
        assertThat(c.string("table")).contains("t1");
        assertThat(c.string("unset")).isEmpty();
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatWasExpected() {
        BackendConfig c = BackendConfig.of("aws", Map.of("timeout_ms", "soon", "retries", 99, "create_table", "yes"))
                .withSource("prod.yaml");
        assertThatThrownBy(() -> c.longValue("timeout_ms", 1, 1, 10))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("prod.yaml: config key 'timeout_ms' of driver 'aws' is 'soon'; expected a whole number");
        assertThatThrownBy(() -> c.longValue("retries", 1, 0, 10))
                .hasMessageContaining("'99'")
                .hasMessageContaining("from 0 to 10");
        assertThatThrownBy(() -> c.bool("create_table", false))
                .hasMessageContaining("'yes'")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> c.requireString("region"))
                .hasMessageContaining("'region'")
                .hasMessageContaining("required");
    }

    @Test
    void secretsNeverAppearInMessagesOrToString() {
        BackendConfig c =
                BackendConfig.of("aws", Map.of("secret_access_key", SECRET, "session-token", SECRET, "table", "t"));
        assertThat(c.toString())
                .doesNotContain(SECRET)
                .contains("secret_access_key=****", "session-token=****", "table='t'");
        assertThatThrownBy(() -> c.longValue("secret_access_key", 0, 0, 1))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("secret_access_key")
                .hasMessageNotContaining(SECRET);
        assertThat(BackendConfig.isSecret("AccessKeyId")).isTrue();
        assertThat(BackendConfig.isSecret("region")).isFalse();
    }

    @Test
    void unknownKeysFailWithASuggestion() {
        BackendConfig c = BackendConfig.of("aws", Map.of("regoin", "us-east-1"));
        assertThatThrownBy(() -> c.requireOnly(Set.of("region", "table", "endpoint")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'regoin'")
                .hasMessageContaining("region");
    }

    @Test
    void isImmutableAndRejectsValuesItCannotHold() {
        Map<String, Object> in = new HashMap<>(Map.of("table", "t"));
        BackendConfig c = BackendConfig.of("aws", in);
        in.put("table", "changed");
        assertThat(c.string("table")).contains("t");
        assertThatThrownBy(() -> c.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.with("table", "u").string("table")).contains("u");
        assertThat(c.string("table")).contains("t");
        assertThatThrownBy(() -> BackendConfig.of(" ", Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("driver");
        assertThatThrownBy(() -> BackendConfig.of("aws", Map.of("tags", Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'tags'");
    }

    /** Item 11: a NUL (or any control character) never reaches a message raw; the key is named. */
    @Test
    void controlCharactersAreEscapedInEveryMessage() {
        BackendConfig c = BackendConfig.of("file", Map.of("base_dir", "/srv/a\0b", "fsync", "tr\nue", "x\ty", "1"))
                .withSource("t.yaml");
        assertThatThrownBy(() -> c.path("base_dir"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(
                        "t.yaml: config key 'base_dir' of driver 'file' is '/srv/a\\u0000b'; expected a file system path"
                                + " (it contains a control character)");
        assertThatThrownBy(() -> c.bool("fsync", true))
                .hasMessageContaining("'tr\\u000aue'")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> c.requireOnly(Set.of("base_dir", "fsync")))
                .hasMessageContaining("a key of 3 chars, not shown")
                .hasMessageNotContaining("\t");
        // a value a broken file turned into a key is not echoed; a typo is
        assertThatThrownBy(() ->
                        BackendConfig.of("aws", Map.of(SECRET + "/x", "v")).requireOnly(Set.of("region")))
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() ->
                        BackendConfig.of("aws", Map.of("regoin_name", "v")).requireOnly(Set.of("region")))
                .hasMessageContaining("'regoin_name'");
        assertThatThrownBy(() -> BackendConfig.of("fi\0le", Map.of("k", "v")).longValue("k", 0, 0, 1))
                .hasMessageContaining("'fi\\u0000le'")
                .hasMessageNotContaining("\0");
        assertThat(BackendConfig.of("file", Map.of("k", "a\u0007")).toString())
                .isEqualTo("BackendConfig[driver=file, k='a\\u0007']");
        assertThat(BackendConfig.of("file", Map.of("secret_key", "a\0b")).withSource("t.yaml"))
                .satisfies(s -> assertThatThrownBy(() -> s.path("secret_key"))
                        .hasMessageContaining("****")
                        .hasMessageNotContaining("a\\u0000"));
    }

    /** Item 12: relative paths resolve against the config file's directory, whatever the working directory. */
    @Test
    void relativePathsResolveAgainstTheConfigFilesDirectory(@TempDir Path dir) {
        Path file = dir.resolve("conf/tidemark.yaml");
        BackendConfig c = BackendConfig.of(
                        "file",
                        Map.of("base_dir", "data/marks", "abs", dir.resolve("x").toString()))
                .withSourceFile(file);
        assertThat(c.source()).contains(file.toString());
        assertThat(c.directory()).contains(dir.resolve("conf"));
        assertThat(c.path("base_dir")).contains(dir.resolve("conf/data/marks"));
        assertThat(c.path("base_dir").orElseThrow()).isAbsolute();
        assertThat(c.path("abs")).contains(dir.resolve("x"));
        // the derived configurations keep the directory
        assertThat(c.with("fsync", true).path("base_dir")).contains(dir.resolve("conf/data/marks"));
        assertThat(c.withCreate(false).path("base_dir")).contains(dir.resolve("conf/data/marks"));
        assertThat(c.withSource("other name").path("base_dir")).contains(dir.resolve("conf/data/marks"));
        // a relative config file: its directory is made absolute once, at load
        assertThat(c.withSourceFile(Path.of("rel.yaml")).directory())
                .contains(Path.of("").toAbsolutePath());
        // built in code without a file: relative to the working directory, as before
        BackendConfig inCode = BackendConfig.of("file", Map.of("base_dir", "data/marks"));
        assertThat(inCode.directory()).isEmpty();
        assertThat(inCode.path("base_dir")).contains(Path.of("data/marks"));
    }
}
