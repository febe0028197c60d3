package io.tidemark.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns a JMH JSON result into the ratio tables of BENCHMARKS.md (printed as Markdown) and a PNG bar chart.
 * Arguments: {@code jmh.json requests.txt chart.png [tidemark-classpath.txt sdk-default-classpath.txt]}.
 */
public final class Report {
    private Report() {}

    record Score(double value, double error, String unit, Map<?, ?> secondary) {}

    record Ratio(String group, String name, double value, double error, double target, boolean higherIsBetter) {
        boolean met() {
            return higherIsBetter ? value >= target : value <= target;
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, Score> scores = new LinkedHashMap<>();
        for (Object o : new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(Path.of(args[0]).toFile(), List.class)) {
            Map<?, ?> r = (Map<?, ?>) o;
            String name = r.get("benchmark").toString();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            if (r.get("params") instanceof Map<?, ?> p) {
                name += p.values().toString();
            }
            Map<?, ?> m = (Map<?, ?>) r.get("primaryMetric");
            scores.put(
                    name,
                    new Score(
                            num(m.get("score")),
                            num(m.get("scoreError")),
                            m.get("scoreUnit").toString(),
                            (Map<?, ?>) r.get("secondaryMetrics")));
        }
        // A JMH group (PostgresBench: backend and raw statement run side by side) reports each method as a secondary
        // metric of the group: score them under the method's own name.
        Map<String, Score> grouped = new LinkedHashMap<>();
        scores.forEach((k, s) -> {
            if (k.startsWith("PostgresBench.") && s.secondary != null) {
                s.secondary.forEach((method, metric) -> {
                    if (metric instanceof Map<?, ?> m && m.get("scoreUnit") != null) {
                        grouped.put(
                                "PostgresBench." + method,
                                new Score(
                                        num(m.get("score")),
                                        num(m.get("scoreError")),
                                        m.get("scoreUnit").toString(),
                                        null));
                    }
                });
            }
        });
        scores.putAll(grouped);
        List<Ratio> ratios = new ArrayList<>();
        pair(
                scores,
                ratios,
                "memory vs ConcurrentHashMap.compute (throughput, >= 0.8)",
                "MemoryBench.mem",
                "MemoryBench.raw",
                new String[] {
                    "Advance_1t",
                    "Advance_8tDistinctKeys",
                    "Advance_8tOneKey",
                    "PublishCommit_1t",
                    "PublishCommit_8tOneKey"
                },
                0.8,
                true);
        pair(
                scores,
                ratios,
                "file vs temp+fsync+rename+dir fsync (throughput, >= 3)",
                "FileBench.fileAdvance",
                "FileBench.rawFsyncRename",
                new String[] {"_1t", "_4tDistinctKeys"},
                3,
                true);
        pair(
                scores,
                ratios,
                "file vs pwrite+fdatasync on a preallocated file (throughput, >= 0.8)",
                "FileBench.fileAdvance",
                "FileBench.rawPwrite",
                new String[] {"_1t", "_4tDistinctKeys"},
                0.8,
                true);
        pair(
                scores,
                ratios,
                "DynamoDB vs raw SDK call, same condition (time per op, <= 1.05)",
                "DynamoDbBench.ddb",
                "DynamoDbBench.raw",
                new String[] {
                    "Advance|PutApplied",
                    "Advance|PutRefused",
                    "Advance|PutRepeated",
                    "Publish|UpdateApplied",
                    "Publish|UpdateStale"
                },
                1.05,
                false);

        for (String path :
                new String[] {"advanceApplied", "advanceRefused", "advanceRepeated", "publishApplied", "publishStale"
                }) {
            pair(
                    scores,
                    ratios,
                    "PostgreSQL vs the same statement over the same pool, side by side (time per op, <= 1.05)",
                    "PostgresBench." + path + "_backend",
                    "PostgresBench." + path + "_raw",
                    new String[] {""},
                    1.05,
                    false);
        }

        StringBuilder md = new StringBuilder();
        String group = "";
        for (Ratio r : ratios) {
            if (!r.group.equals(group)) {
                group = r.group;
                md.append("\n### ").append(group).append("\n\n| pair | ratio | ± | target met |\n|---|---|---|---|\n");
            }
            md.append(
                    String.format("| %s | %.3f | %.3f | %s |%n", r.name, r.value, r.error, r.met() ? "yes" : "**no**"));
        }
        md.append("\n### Raw scores\n\n| benchmark | score | ± | unit |\n|---|---|---|---|\n");
        scores.forEach((k, s) -> md.append(String.format("| %s | %.3f | %.3f | %s |%n", k, s.value, s.error, s.unit)));
        md.append("\n### Contention: 8 threads on one key\n\n| backend | ops/s | refused ratio |\n|---|---|---|\n");
        scores.forEach((k, s) -> {
            if (k.startsWith("ContentionBench")
                    && s.secondary != null
                    && s.secondary.get("refused") instanceof Map<?, ?> ref) {
                double refused = num(ref.get("score"));
                double applied = num(((Map<?, ?>) s.secondary.get("applied")).get("score"));
                md.append(String.format(
                        "| %s | %.0f | %.2f |%n", k.substring(k.indexOf('[')), s.value, refused / (refused + applied)));
            }
        });
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            md.append(
                    "\n### HTTP requests per operation (counted by an SDK interceptor)\n\n| benchmark | requests | ops | per op |\n|---|---|---|---|\n");
            Map<String, long[]> req = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                String[] f = line.split(" ");
                req.merge(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])}, (a, b) ->
                        new long[] {a[0] + b[0], a[1] + b[1]});
            }
            req.forEach((k, v) ->
                    md.append(String.format("| %s | %d | %d | %.3f |%n", k, v[0], v[1], (double) v[0] / v[1])));
        }
        if (args.length > 4) {
            md.append("\n### Footprint: runtime class path\n\n| class path | jars | MB |\n|---|---|---|\n");
            footprint(md, "tidemark-backend-dynamodb (spi + backend)", Path.of(args[3]));
            footprint(md, "software.amazon.awssdk:dynamodb as it comes (Netty included)", Path.of(args[4]));
        }
        System.out.println(md);
        if (args.length > 2) {
            chart(ratios, new File(args[2]));
        }
    }

    private static void footprint(StringBuilder md, String name, Path classpath) throws IOException {
        long bytes = 0;
        int jars = 0;
        for (String e : Files.readString(classpath).trim().split(File.pathSeparator)) {
            if (!e.isBlank()) {
                bytes += new File(e).length();
                jars++;
            }
        }
        md.append(String.format("| %s | %d | %.1f |%n", name, jars, bytes / 1e6));
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void pair(
            Map<String, Score> scores,
            List<Ratio> out,
            String group,
            String mine,
            String raw,
            String[] suffixes,
            double target,
            boolean higher) {
        for (String suffix : suffixes) {
            String[] parts = suffix.split("\\|");
            String a = mine + parts[0] + (parts.length > 1 ? parts[1].replaceFirst("^(Put|Update)", "") : "");
            String b = raw + (parts.length > 1 ? parts[1] : parts[0]);
            Score x = scores.get(a);
            Score y = scores.get(b);
            if (x == null || y == null) {
                continue;
            }
            double ratio = x.value / y.value;
            double err = ratio * Math.sqrt(sq(x.error / x.value) + sq(y.error / y.value));
            out.add(new Ratio(
                    group,
                    a.substring(a.indexOf('.') + 1) + " / " + b.substring(b.indexOf('.') + 1),
                    ratio,
                    Double.isNaN(err) ? 0 : err,
                    target,
                    higher));
        }
    }

    private static double sq(double v) {
        return Double.isNaN(v) ? 0 : v * v;
    }

    static void chart(List<Ratio> ratios, File png) throws IOException {
        int rowH = 34;
        int w = 1100;
        int left = 430;
        int h = 70 + rowH * ratios.size();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Tidemark backend / raw baseline (bars: ratio, line: target, whisker: error)", 20, 28);
        double max = Math.max(
                1.6, ratios.stream().mapToDouble(r -> r.value + r.error).max().orElse(1.6));
        int plot = w - left - 40;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < ratios.size(); i++) {
            Ratio r = ratios.get(i);
            int y = 50 + i * rowH;
            g.setColor(Color.DARK_GRAY);
            g.drawString(r.name.length() > 60 ? r.name.substring(0, 60) : r.name, 10, y + 20);
            g.setColor(r.met() ? new Color(70, 150, 90) : new Color(200, 80, 60));
            g.fillRect(left, y + 6, (int) (plot * r.value / max), rowH - 12);
            g.setColor(Color.BLACK);
            int lo = left + (int) (plot * Math.max(0, r.value - r.error) / max);
            int hi = left + (int) (plot * (r.value + r.error) / max);
            g.drawLine(lo, y + rowH / 2, hi, y + rowH / 2);
            g.setStroke(
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
            int tx = left + (int) (plot * r.target / max);
            g.drawLine(tx, y + 2, tx, y + rowH - 2);
            g.setStroke(new BasicStroke(1f));
            g.drawString(String.format("%.2f", r.value), left + (int) (plot * r.value / max) + 6, y + 20);
        }
        g.dispose();
        ImageIO.write(img, "png", png);
    }
}
