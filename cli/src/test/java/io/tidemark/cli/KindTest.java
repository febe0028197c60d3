package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --kind} takes the request kinds a Tezos signer uses; anything else needs {@code --any-kind}. */
class KindTest {
    @TempDir
    Path dir;

    Path data;
    String cfg;

    @BeforeEach
    void config() throws IOException {
        data = dir.resolve("data");
        cfg = Files.writeString(
                        dir.resolve("tidemark.yaml"),
                        "watermark:\n  driver: file\n  config: {base_dir: " + data + "}\n")
                .toString();
    }

    private Cli run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", cfg));
        return Cli.run(all.toArray(String[]::new));
    }

    private Cli advance(String kind, String... more) {
        List<String> all = new ArrayList<>(List.of(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                kind,
                "--level",
                "7",
                "--round",
                "0",
                "--digest",
                "d"));
        all.addAll(List.of(more));
        return run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({
        "blokc,",
        "blok,block",
        "Block,block",
        "atestation,attestation",
        "pre-attestation,preattestation",
        "endorsment,endorsement",
        "baking,",
        "' block',block"
    })
    void aMistypedKindIsAUsageErrorThatWritesNothing(String kind, String suggestion) {
        Cli c = advance(kind);
        assertThat(c.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(c.out()).isEmpty();
        assertThat(c.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--kind", "'" + kind + "'", "--any-kind")
                .contains("block, preattestation, attestation, preendorsement, endorsement");
        if (suggestion != null) {
            assertThat(c.err()).contains("did you mean '" + suggestion + "'?");
        }
        assertThat(data).as("nothing written, no store created").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "preattestation", "attestation", "preendorsement", "endorsement"})
    void theSignersKindsAreAccepted(String kind) {
        Cli c = advance(kind);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).startsWith("ADVANCED (first mark for NetX/tz1/" + kind + ")");
    }

    @Test
    void anyKindAcceptsAnOpenKindOnEveryKeyedCommand() {
        assertThat(advance("attestation_with_dal", "--any-kind").exit()).isZero();
        Cli get = run(
                "watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "attestation_with_dal", "--any-kind");
        assertThat(get.exit()).isZero();
        assertThat(get.out()).contains("NetX/tz1/attestation_with_dal level 7 round 0 digest d");
        Cli reset = run(
                "watermark",
                "reset",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "attestation_with_dal",
                "--any-kind",
                "--yes");
        assertThat(reset.exit()).as(reset.err()).isZero();
    }

    @Test
    void getAndResetRefuseAMistypedKindToo() {
        assertThat(advance("block").exit()).isZero();
        for (List<String> cmd : List.of(List.of("get"), List.of("reset", "--yes"))) {
            List<String> args = new ArrayList<>(List.of("watermark"));
            args.addAll(cmd);
            args.addAll(List.of("--chain", "NetX", "--pkh", "tz1", "--kind", "blck"));
            Cli c = run(args.toArray(String[]::new));
            assertThat(c.exit()).as(cmd.toString()).isEqualTo(TidemarkCli.USAGE);
            assertThat(c.err()).as(cmd.toString()).contains("did you mean 'block'?");
        }
        assertThat(run("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block")
                        .exit())
                .isZero();
    }
}
