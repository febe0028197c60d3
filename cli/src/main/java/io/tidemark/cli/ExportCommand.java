package io.tidemark.cli;

import io.tidemark.tools.Interchange;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tidemark export}: writes every mark and record of the configured stores to an interchange document
 * ({@link Interchange}), on stdout or into {@code --to FILE} (written beside it and moved into place, so a file
 * that exists is complete). Stores are opened without creating anything. While signers run, the export is not a
 * snapshot across keys: each mark is one the store held when the export read it.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write every mark and record to an interchange document (stdout by default).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--to", paramLabel = "FILE", description = "Write the document to FILE instead of stdout.")
    Path to;

    @Override
    public Integer call() throws IOException {
        String source =
                "tidemark export of " + common.configPath().map(Path::toString).orElse(Common.DEFAULT_DIR);
        try (TransferStores stores = TransferStores.open(common, false, true, true)) {
            if (to == null) {
                Interchange.export(stores.marks, stores.records, common.out(), source, Instant.now());
                return TidemarkCli.OK;
            }
            Path abs = to.toAbsolutePath();
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Interchange.Exported e;
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                e = Interchange.export(stores.marks, stores.records, w, source, Instant.now());
            } catch (IOException | RuntimeException ex) {
                Files.deleteIfExists(tmp);
                throw ex;
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (common.json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("outcome", "exported");
                o.put("to", to.toString());
                o.put("marks", e.marks());
                o.put("records", e.records());
                common.out().println(JsonText.write(o));
            } else {
                common.out().println("exported " + e.marks() + " marks and " + e.records() + " records to " + to);
            }
            return TidemarkCli.OK;
        }
    }
}
