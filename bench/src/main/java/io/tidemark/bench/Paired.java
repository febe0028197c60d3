package io.tidemark.bench;

import io.tidemark.watermark.Watermark;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every ratio of BENCHMARKS.md as a paired comparison, in one JVM: the subject and its baseline run in short
 * alternating batches (subject then baseline, then baseline then subject, and so on, so that a drift of the
 * machine's speed within a pair cancels), the ratio is taken per pair of batches, and the geometric mean of the
 * ratios is reported with a 95% bootstrap confidence interval over the pairs (percentile method, 2,000 resamples
 * of the mean log ratio). Three warm-up pairs are dropped. Each comparison
 * runs until the interval is within {@code ±halfWidth} or its time budget is spent. JMH ({@code bench/run.sh}
 * without {@code --quick}) stays the source of absolute throughput figures.
 *
 * <p>Arguments: {@code [markdown-out [chart.png]]}. System properties: {@code tidemark.paired.halfWidth} (0.08),
 * {@code tidemark.paired.budgetSeconds} per comparison (40), {@code tidemark.paired.only} (a substring of the
 * comparison names to run).
 */
public final class Paired {
    private Paired() {}

    /** One operation of one side, on the calling worker thread {@code thread} (0 .. threads-1). */
    interface Side {
        void op(int thread) throws Exception;
    }

    /**
     * One comparison.
     *
     * @param timePerOp the ratio is time per operation (subject / baseline, lower is better); otherwise throughput
     * @param batchMillis the length of each batch
     */
    record Comparison(
            String group,
            String name,
            int threads,
            Side subject,
            Side baseline,
            double target,
            boolean timePerOp,
            int batchMillis) {}

    /** The outcome of one comparison: geometric mean of the per-pair ratios and its 95% bootstrap interval. */
    record Result(Comparison c, double ratio, double low, double high, int pairs, double seconds) {
        double halfWidth() {
            return Math.max(ratio - low, high - ratio);
        }

        boolean met() {
            return c.timePerOp() ? high <= c.target() : low >= c.target();
        }
    }

    private static final int WARMUP_PAIRS = 3;
    private static final int MIN_PAIRS = 8;

    public static void main(String[] args) throws Exception {
        double halfWidth = Double.parseDouble(System.getProperty("tidemark.paired.halfWidth", "0.08"));
        double budget = Double.parseDouble(System.getProperty("tidemark.paired.budgetSeconds", "40"));
        String only = System.getProperty("tidemark.paired.only", "");
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "paired");
            t.setDaemon(true);
            return t;
        });
        List<Result> results = new ArrayList<>();
        long start = System.nanoTime();
        try (Subjects s = new Subjects()) {
            for (Comparison c : s.comparisons()) {
                if (!c.name().contains(only) && !c.group().contains(only)) {
                    continue;
                }
                s.prepare(c);
                Result r = measure(pool, c, halfWidth, budget);
                results.add(r);
                System.err.printf(
                        Locale.ROOT,
                        "%-52s %.3f [%.3f, %.3f] %d pairs %.0f s%n",
                        c.name(),
                        r.ratio(),
                        r.low(),
                        r.high(),
                        r.pairs(),
                        r.seconds());
            }
        }
        pool.shutdownNow();
        String md = markdown(results, (System.nanoTime() - start) / 1e9);
        System.out.println(md);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), md);
        }
        if (args.length > 1) {
            Report.chart(
                    results.stream()
                            .map(r -> new Report.Ratio(
                                    r.c().group(),
                                    r.c().name(),
                                    r.ratio(),
                                    r.halfWidth(),
                                    r.c().target(),
                                    !r.c().timePerOp()))
                            .toList(),
                    new File(args[1]));
        }
    }

    /** Runs batches of {@code c} in alternating order until the interval is narrow enough or the budget is spent. */
    static Result measure(ExecutorService pool, Comparison c, double halfWidth, double budgetSeconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + (long) (budgetSeconds * 1e9);
        List<Double> ratios = new ArrayList<>();
        double[] ci = {Double.NaN, Double.NaN, Double.NaN};
        for (int i = 0; ; i++) {
            double s;
            double b;
            if (i % 2 == 0) {
                s = rate(pool, c.subject(), c.threads(), c.batchMillis());
                b = rate(pool, c.baseline(), c.threads(), c.batchMillis());
            } else {
                b = rate(pool, c.baseline(), c.threads(), c.batchMillis());
                s = rate(pool, c.subject(), c.threads(), c.batchMillis());
            }
            if (i < WARMUP_PAIRS) {
                continue;
            }
            ratios.add(Math.log(c.timePerOp() ? b / s : s / b));
            if (ratios.size() >= MIN_PAIRS) {
                ci = bootstrap(ratios, new Random(ratios.size()));
                if (Math.max(ci[0] - ci[1], ci[2] - ci[0]) <= halfWidth || System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        return new Result(c, ci[0], ci[1], ci[2], ratios.size(), (System.nanoTime() - start) / 1e9);
    }

    /** Operations per second of {@code side} on {@code threads} threads for about {@code millis}. */
    private static double rate(ExecutorService pool, Side side, int threads, int millis) throws Exception {
        long t0 = System.nanoTime();
        long end = t0 + millis * 1_000_000L;
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            counts.add(pool.submit(() -> {
                long n = 0;
                do { // at least one operation, also when this thread starts late on a busy machine
                    side.op(thread);
                    n++;
                } while (System.nanoTime() < end);
                return n;
            }));
        }
        long n = 0;
        for (Future<Long> f : counts) {
            n += f.get();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * {geometric mean, 2.5th percentile, 97.5th percentile} of the ratios whose logarithms are {@code xs}, by
     * bootstrap resampling of the mean of the logarithms (ratios are multiplicative: a batch twice as fast and one
     * twice as slow cancel).
     */
    static double[] bootstrap(List<Double> xs, Random rnd) {
        int n = xs.size();
        double[] means = new double[2000];
        for (int r = 0; r < means.length; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += xs.get(rnd.nextInt(n));
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new double[] {
            Math.exp(mean),
            Math.exp(means[(int) (means.length * 0.025)]),
            Math.exp(means[(int) (means.length * 0.975) - 1])
        };
    }

    static String markdown(List<Result> results, double seconds) {
        StringBuilder md = new StringBuilder();
        String group = "";
        for (Result r : results) {
            if (!r.c().group().equals(group)) {
                group = r.c().group();
                md.append("\n### ")
                        .append(group)
                        .append("\n\n| pair | threads | ratio | 95% CI | ± | pairs | target met |\n")
                        .append("|---|---|---|---|---|---|---|\n");
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.3f | %.3f .. %.3f | %.3f | %d | %s |%n",
                    r.c().name(),
                    r.c().threads(),
                    r.ratio(),
                    r.low(),
                    r.high(),
                    r.halfWidth(),
                    r.pairs(),
                    r.met() ? "yes" : "**no**"));
        }
        md.append(String.format(Locale.ROOT, "%nPaired comparisons took %.0f s.%n", seconds));
        return md.toString();
    }

    /** The stores and raw loops the comparisons use, set up once and closed at the end. */
    static final class Subjects implements AutoCloseable {
        private final MemoryBench.Stores mem = new MemoryBench.Stores();
        private final MemoryBench.Mine[] memMine = new MemoryBench.Mine[8];
        private final FileBench.Dir dir = new FileBench.Dir();
        private final FileBench.Mine[] fileMine = new FileBench.Mine[4];
        private DynamoDbBench ddb;

        Subjects() throws IOException {
            mem.open();
            for (int i = 0; i < memMine.length; i++) {
                memMine[i] = new MemoryBench.Mine();
                memMine[i].key = new io.tidemark.watermark.WatermarkKey("NetX", "tz1paired" + i, "block");
            }
            dir.open();
        }

        /** Sets up what {@code c} needs on first use (DynamoDB Local starts only if a DynamoDB pair runs). */
        void prepare(Comparison c) {
            if (c.group().startsWith("DynamoDB") && ddb == null) {
                ddb = new DynamoDbBench();
                ddb.start();
            }
        }

        private FileBench.Mine fileMine(int i) throws IOException {
            if (fileMine[i] == null) {
                FileBench.Mine m = new FileBench.Mine();
                m.init(dir, "paired" + i);
                fileMine[i] = m;
            }
            return fileMine[i];
        }

        List<Comparison> comparisons() throws IOException {
            for (int i = 0; i < fileMine.length; i++) {
                fileMine(i);
            }
            String memGroup = "memory vs ConcurrentHashMap.compute (throughput, >= 0.8)";
            String fileRename = "file vs temp+fsync+rename+dir fsync (throughput, >= 3)";
            String filePwrite = "file vs pwrite+fdatasync on a preallocated file (throughput, >= 0.8)";
            String ddbGroup = "DynamoDB vs raw SDK call, same condition (time per op, <= 1.05)";
            List<Comparison> all = new ArrayList<>();
            all.add(new Comparison(
                    memGroup,
                    "memAdvance_1t / rawAdvance_1t",
                    1,
                    t -> mem.store.advance(memMine[t].key, new Watermark(memMine[t].level++, 0, "vh")),
                    t -> MemoryBench.rawAdvance(mem.raw, memMine[t].key, new Watermark(memMine[t].level++, 0, "vh")),
                    0.8,
                    false,
                    100));
            all.add(new Comparison(
                    memGroup,
                    "memAdvance_8tDistinctKeys / rawAdvance_8tDistinctKeys",
                    8,
                    t -> mem.store.advance(memMine[t].key, new Watermark(memMine[t].level++, 0, "vh")),
                    t -> MemoryBench.rawAdvance(mem.raw, memMine[t].key, new Watermark(memMine[t].level++, 0, "vh")),
                    0.8,
                    false,
                    100));
            all.add(new Comparison(
                    memGroup,
                    "memAdvance_8tOneKey / rawAdvance_8tOneKey",
                    8,
                    t -> mem.store.advance(MemoryBench.SHARED, new Watermark(mem.level.incrementAndGet(), 0, "vh")),
                    t -> MemoryBench.rawAdvance(
                            mem.raw, MemoryBench.SHARED, new Watermark(mem.level.incrementAndGet(), 0, "vh")),
                    0.8,
                    false,
                    100));
            all.add(new Comparison(
                    memGroup,
                    "memPublishCommit_1t / rawPublishCommit_1t",
                    1,
                    t -> mem.publisher.publishCommit(MemoryBench.ALIAS, "commit", mem.level.incrementAndGet()),
                    t -> MemoryBench.rawPublish(mem, mem.level.incrementAndGet()),
                    0.8,
                    false,
                    100));
            all.add(new Comparison(
                    memGroup,
                    "memPublishCommit_8tOneKey / rawPublishCommit_8tOneKey",
                    8,
                    t -> mem.publisher.publishCommit(MemoryBench.ALIAS, "commit", mem.level.incrementAndGet()),
                    t -> MemoryBench.rawPublish(mem, mem.level.incrementAndGet()),
                    0.8,
                    false,
                    100));
            Side file = t -> {
                FileBench.Mine m = fileMine[t];
                dir.store.advance(m.key, new Watermark(m.level++, 0, "vh"));
            };
            Side rename = t -> FileBench.rawWrite(dir, fileMine[t]);
            Side pwrite = t -> FileBench.rawPwrite(fileMine[t]);
            all.add(new Comparison(fileRename, "fileAdvance_1t / rawFsyncRename_1t", 1, file, rename, 3, false, 250));
            all.add(new Comparison(
                    fileRename,
                    "fileAdvance_4tDistinctKeys / rawFsyncRename_4tDistinctKeys",
                    4,
                    file,
                    rename,
                    3,
                    false,
                    250));
            all.add(new Comparison(filePwrite, "fileAdvance_1t / rawPwrite_1t", 1, file, pwrite, 0.8, false, 250));
            all.add(new Comparison(
                    filePwrite,
                    "fileAdvance_4tDistinctKeys / rawPwrite_4tDistinctKeys",
                    4,
                    file,
                    pwrite,
                    0.8,
                    false,
                    250));
            String fileFloor = "file vs the same pwrite loop opening its files and locking per update (throughput)";
            Side locked = t -> FileBench.rawLockedPwrite(fileMine[t]);
            all.add(new Comparison(fileFloor, "fileAdvance_1t / rawLockedPwrite_1t", 1, file, locked, 0.8, false, 250));
            all.add(new Comparison(
                    fileFloor,
                    "fileAdvance_4tDistinctKeys / rawLockedPwrite_4tDistinctKeys",
                    4,
                    file,
                    locked,
                    0.8,
                    false,
                    250));
            all.add(new Comparison(fileFloor, "rawLockedPwrite_1t / rawPwrite_1t", 1, locked, pwrite, 0.8, false, 250));
            all.add(new Comparison(
                    fileFloor,
                    "rawLockedPwrite_4tDistinctKeys / rawPwrite_4tDistinctKeys",
                    4,
                    locked,
                    pwrite,
                    0.8,
                    false,
                    250));
            all.add(new Comparison(
                    ddbGroup,
                    "ddbAdvanceApplied / rawPutApplied",
                    1,
                    t -> ddb.ddbAdvanceApplied(),
                    t -> ddb.rawPutApplied(),
                    1.05,
                    true,
                    250));
            all.add(new Comparison(
                    ddbGroup,
                    "ddbAdvanceRefused / rawPutRefused",
                    1,
                    t -> ddb.ddbAdvanceRefused(),
                    t -> ddb.rawPutRefused(),
                    1.05,
                    true,
                    250));
            all.add(new Comparison(
                    ddbGroup,
                    "ddbAdvanceRepeated / rawPutRepeated",
                    1,
                    t -> ddb.ddbAdvanceRepeated(),
                    t -> ddb.rawPutRepeated(),
                    1.05,
                    true,
                    250));
            all.add(new Comparison(
                    ddbGroup,
                    "ddbPublishApplied / rawUpdateApplied",
                    1,
                    t -> ddb.ddbPublishApplied(),
                    t -> ddb.rawUpdateApplied(),
                    1.05,
                    true,
                    250));
            all.add(new Comparison(
                    ddbGroup,
                    "ddbPublishStale / rawUpdateStale",
                    1,
                    t -> ddb.ddbPublishStale(),
                    t -> ddb.rawUpdateStale(),
                    1.05,
                    true,
                    250));
            return all;
        }

        @Override
        public void close() throws IOException {
            for (FileBench.Mine m : fileMine) {
                if (m != null) {
                    m.close();
                }
            }
            dir.close();
            mem.close();
            if (ddb != null) {
                ddb.store.close();
                ddb.publisher.close();
                ddb.client.close();
                try {
                    ddb.server.stop();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }
}
