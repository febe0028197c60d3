package io.tidemark.tck;

import static org.assertj.core.api.Assertions.fail;

import io.tidemark.BackendConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Starts {@link TckRacer} child JVMs on this JVM's class path, releases them together and collects their histories. */
final class Children {
    private Children() {}

    static List<Object> race(
            int processes, String scenario, int threads, long millis, int maxOps, long seed, BackendConfig config) {
        return race(processes, scenario, threads, millis, maxOps, seed, config, List::of);
    }

    /**
     * As above, and {@code alongside} (a race in this JVM) runs right after the children are released, so that it
     * races with them; its calls are added to the merged history.
     */
    static List<Object> race(
            int processes,
            String scenario,
            int threads,
            long millis,
            int maxOps,
            long seed,
            BackendConfig config,
            Supplier<? extends List<?>> alongside) {
        List<Process> started = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        try {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int p = 0; p < processes; p++) {
                List<String> cmd = new ArrayList<>(List.of(
                        java,
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TckRacer.class.getName(),
                        scenario,
                        "p" + p,
                        Integer.toString(threads),
                        Long.toString(millis),
                        Integer.toString(maxOps),
                        Long.toString(seed),
                        config.driver()));
                config.settings().forEach((k, v) -> cmd.add(k + "=" + v));
                Path err = Files.createTempFile("tidemark-tck-child", ".err");
                errs.add(err);
                started.add(new ProcessBuilder(cmd).redirectError(err.toFile()).start());
            }
            List<BufferedReader> readers = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(started.get(p).getInputStream(), StandardCharsets.UTF_8));
                readers.add(r);
                String first = r.readLine();
                if (!"READY".equals(first)) {
                    fail("child %d did not start (said %s); its stderr:%n%s", p, first, tail(errs.get(p)));
                }
            }
            for (Process p : started) {
                OutputStream in = p.getOutputStream();
                in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            List<Object> history = new ArrayList<>(alongside.get());
            for (int p = 0; p < processes; p++) {
                String line;
                boolean done = false;
                while ((line = readers.get(p).readLine()) != null) {
                    if (line.equals("DONE")) {
                        done = true;
                    } else {
                        history.add(History.decode(line));
                    }
                }
                if (!started.get(p).waitFor(120, TimeUnit.SECONDS)
                        || !done
                        || started.get(p).exitValue() != 0) {
                    fail("child %d failed; its stderr:%n%s", p, tail(errs.get(p)));
                }
            }
            return history;
        } catch (IOException e) {
            throw new AssertionError("could not run child JVMs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            started.forEach(Process::destroyForcibly);
            errs.forEach(f -> new File(f.toString()).delete());
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
