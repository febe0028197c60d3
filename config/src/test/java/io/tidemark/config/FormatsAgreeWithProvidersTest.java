package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three formats agree with the keys the real backends declare ({@link BackendProvider#keys()}): every key a
 * format emits is one the backend takes for that contract, every key the backend requires is there, and the
 * native format passes every declared key through unchanged. Fails when a backend renames a key a format writes.
 */
class FormatsAgreeWithProvidersTest {
  @TempDir
  Path dir;

  private static Set<String> keys(String driver, Contract contract) {
    return Tidemark.provider(driver).keys().stream().filter(k -> k.appliesTo(contract)).map(ConfigKey::name)
        .collect(Collectors.toSet());
  }

  private static Set<String> required(String driver, Contract contract) {
    return Tidemark.provider(driver).keys().stream().filter(k -> k.appliesTo(contract) && k.required())
        .map(ConfigKey::name).collect(Collectors.toSet());
  }

  /** What discovery checks before opening: only declared keys, every required key set. */
  private static void assertOpensWithoutKeyErrors(BackendConfig c, Contract contract) {
    c.requireOnly(keys(c.driver(), contract));
    assertThat(c.settings().keySet()).containsAll(required(c.driver(), contract));
  }

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/guides/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void theRealBackendsAreOnTheClassPath() {
    assertThat(Tidemark.drivers()).contains("aws", "file", "mem");
  }

  @Test
  void theLedgerFormatEmitsTheAwsPublisherKeys() throws IOException {
    assertThat(keys(LedgerFormat.DRIVER, Contract.PUBLISHER)).containsAll(LedgerFormat.PUBLISHER_KEYS);
    assertThat(LedgerFormat.PUBLISHER_KEYS).containsAll(required(LedgerFormat.DRIVER, Contract.PUBLISHER));
    for (String guide : List.of("fluree-connection.jsonld", "fluree-publisher-node.json")) {
      assertOpensWithoutKeyErrors(TidemarkConfig.load(resource(guide)).requirePublisher(), Contract.PUBLISHER);
    }
    Path all = Files.writeString(dir.resolve("all.jsonld"), "{\"@type\": \"Publisher\", \"dynamodbTable\": \"t\","
        + " \"dynamodbRegion\": \"eu-west-1\", \"dynamodbEndpoint\": \"http://localhost:8000\","
        + " \"dynamodbTimeoutMs\": 2500}");
    BackendConfig c = TidemarkConfig.load(all).requirePublisher();
    assertThat(c.settings().keySet()).containsExactlyInAnyOrderElementsOf(LedgerFormat.PUBLISHER_KEYS);
    assertOpensWithoutKeyErrors(c, Contract.PUBLISHER);
  }

  @Test
  void theSignerFormatGivesTheFileBackendItsRequiredDirectory() throws IOException {
    List<String> dirKeys = SignerFormat.directoryKeys(Tidemark.provider(SignerFormat.FILE_DRIVER));
    assertThat(dirKeys).hasSize(1);
    assertThat(required(SignerFormat.FILE_DRIVER, Contract.WATERMARK)).containsExactlyElementsOf(dirKeys);
    BackendConfig defaulted = TidemarkConfig.load(Files.writeString(dir.resolve("s.yaml"), "watermark: {}\n"))
        .requireWatermark();
    assertThat(defaulted.settings()).containsOnlyKeys(dirKeys);
    assertThat(defaulted.path(dirKeys.get(0))).contains(Path.of("/var/lib/signatory/watermark"));
    assertOpensWithoutKeyErrors(defaulted, Contract.WATERMARK);
    assertOpensWithoutKeyErrors(TidemarkConfig.load(resource("signatory-watermark.yaml")).requireWatermark(),
        Contract.WATERMARK);
  }

  /** Each backend, each contract: a native file naming every declared key loads into exactly those keys. */
  @Test
  void theNativeFormatPassesEveryDeclaredKeyThrough() throws IOException {
    for (String driver : Tidemark.drivers()) {
      for (Contract contract : Contract.values()) {
        List<ConfigKey> declared = Tidemark.provider(driver).keys().stream().filter(k -> k.appliesTo(contract))
            .toList();
        String section = contract == Contract.PUBLISHER ? "publisher" : "watermark";
        // a publisher section makes the file native (without one it would be read as the signer's)
        String yaml = (contract == Contract.PUBLISHER ? "" : "publisher: {driver: mem}\n") + section + ":\n  driver: "
            + driver + "\n  config: {" + declared.stream().map(k -> k.name() + ": " + sample(k))
            .collect(Collectors.joining(", ")) + "}\n";
        Path f = Files.writeString(dir.resolve(driver + "-" + section + ".yaml"), yaml);
        TidemarkConfig loaded = TidemarkConfig.load(f);
        BackendConfig c = contract == Contract.PUBLISHER ? loaded.requirePublisher() : loaded.requireWatermark();
        assertThat(c.settings().keySet()).as(driver + " " + contract)
            .containsExactlyInAnyOrderElementsOf(declared.stream().map(ConfigKey::name).toList());
        assertOpensWithoutKeyErrors(c, contract);
      }
    }
  }

  private static String sample(ConfigKey k) {
    return switch (k.type()) {
      case TEXT -> "text";
      case PATH -> "data/" + k.name();
      case WHOLE_NUMBER -> "1";
      case BOOLEAN -> "true";
    };
  }
}
