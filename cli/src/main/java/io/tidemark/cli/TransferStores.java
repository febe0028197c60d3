package io.tidemark.cli;

import io.tidemark.BackendConfig;
import io.tidemark.StoreNotFoundException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;

/**
 * The stores {@code export} and {@code import} work on: each contract the config names ({@code --config}, or both in
 * the default file store), opened creating nothing for an export and creating what is missing for an import.
 * {@link #close()} closes what was opened.
 */
final class TransferStores implements AutoCloseable {
    final Optional<WatermarkStore> marks;
    final Optional<Publisher> records;

    private TransferStores(Optional<WatermarkStore> marks, Optional<Publisher> records) {
        this.marks = marks;
        this.records = records;
    }

    /**
     * Opens the configured stores. With {@code create} false a missing store is left out; when every configured
     * store is missing, its {@link StoreNotFoundException} is thrown (exit 4). Only the parts asked for are opened.
     */
    static TransferStores open(Common common, boolean create, boolean wantMarks, boolean wantRecords) {
        Optional<BackendConfig> wm;
        Optional<BackendConfig> pub;
        if (common.configPath().isEmpty()) {
            wm = Optional.of(Common.defaultConfig());
            pub = Optional.of(Common.defaultConfig());
        } else {
            TidemarkConfig c = TidemarkConfig.load(common.configPath().get());
            wm = c.watermark();
            pub = c.publisher();
        }
        wm = wm.filter(x -> wantMarks).map(x -> x.withCreate(create));
        pub = pub.filter(x -> wantRecords).map(x -> x.withCreate(create));
        StoreNotFoundException missing = null;
        Optional<WatermarkStore> marks = Optional.empty();
        Optional<Publisher> records = Optional.empty();
        if (wm.isPresent()) {
            try {
                marks = Optional.of(Tidemark.openWatermarkStore(wm.get()));
            } catch (StoreNotFoundException e) {
                missing = e;
            }
        }
        if (pub.isPresent()) {
            try {
                records = Optional.of(Tidemark.openPublisher(pub.get()));
            } catch (StoreNotFoundException e) {
                missing = missing == null ? e : missing;
            } catch (RuntimeException e) {
                marks.ifPresent(WatermarkStore::close);
                throw e;
            }
        }
        if (marks.isEmpty() && records.isEmpty() && missing != null) {
            throw missing;
        }
        return new TransferStores(marks, records);
    }

    @Override
    public void close() {
        try {
            marks.ifPresent(WatermarkStore::close);
        } finally {
            records.ifPresent(Publisher::close);
        }
    }
}
