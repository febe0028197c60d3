package io.tidemark.cli;

import io.tidemark.Names;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tidemark drivers [FILE...]}: the backends found on the class path and, for each config file, the store
 * each of its sections opens (opened and closed again, so a missing table or directory shows here): a check for
 * operators assembling a class path ({@code java -cp 'lib/*' io.tidemark.cli.TidemarkCli drivers tidemark.yaml}).
 */
@Command(
        name = "drivers",
        mixinStandardHelpOptions = true,
        description = "List the backends found and, for each config FILE, the store each section opens.")
final class DriversCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Config files to open (any format --config reads).")
    List<Path> files = List.of();

    @Override
    public Integer call() {
        Map<String, Object> found = Output.outcome("found");
        found.put("drivers", List.copyOf(Tidemark.drivers()));
        output.emit(found, "drivers: " + Tidemark.drivers());
        for (Path file : files) {
            TidemarkConfig c = TidemarkConfig.load(file);
            if (c.publisher().isPresent()) {
                try (Publisher p = c.openPublisher()) {
                    line(file, "publisher", p, c.requirePublisher().driver());
                }
            }
            if (c.watermark().isPresent()) {
                try (WatermarkStore w = c.openWatermarkStore()) {
                    line(file, "watermark", w, c.requireWatermark().driver());
                }
            }
        }
        output.out().flush();
        return TidemarkCli.OK;
    }

    /**
     * {@code FILE watermark: <the store> (<provider class>)}, or
     * {@code {"outcome":"opened","file":...,"section":...,"store":...,"provider":...}}.
     */
    private void line(Path file, String section, Object store, String driver) {
        String provider = Tidemark.describe(driver).providerClass();
        Map<String, Object> o = Output.outcome("opened");
        o.put("file", file.toString());
        o.put("section", section);
        o.put("store", store.toString());
        o.put("provider", provider);
        output.emit(o, Names.escape(file + " " + section + ": " + store) + " (" + provider + ")");
    }
}
