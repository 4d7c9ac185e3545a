package io.dealflow.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dealflow.harness.Artifacts;
import io.dealflow.harness.LocalPostgres;
import org.junit.jupiter.api.Test;

/**
 * The whole benchmark of {@code docs/benchmarks.md}: every configuration, then the burst; the tables go to
 * {@code target/reliability/benchmark-report.md} and the console. Not part of {@code mvn verify} (it takes about
 * 15-20 minutes): run it with {@code bin/benchmark} ({@code mvn -B verify -Pbenchmark}). Sizes:
 * {@link BenchmarkSizes} ({@code -Dbenchmark.<name>=…}); {@code -Dbenchmark.burst=false} leaves the burst out.
 */
class BenchmarkReport {

    @Test
    void measure() throws IOException {
        BenchmarkSizes sizes = BenchmarkSizes.full();
        String report = run(sizes, !"false".equals(System.getProperty("benchmark.burst")), BenchmarkReport::log);
        Path file = Artifacts.runDirectory("").resolve("benchmark-report.md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        log("\n" + report + "\nwritten to " + file);
    }

    /** Runs the configurations of {@code sizes} (the one without a limit gets the acknowledgement phase). */
    static String run(BenchmarkSizes sizes, boolean withBurst, java.util.function.Consumer<String> log) {
        Instant started = Instant.now();
        String load = machineLoad();
        MachineSpeed.Measurement speed = MachineSpeed.measure();
        Benchmark benchmark = new Benchmark(LocalPostgres.fromEnvironment(), sizes, log);
        List<ConfigResult> results = new ArrayList<>();
        BenchmarkConfig ackConfig = ackConfig(sizes.configs());
        List<String> failures = new ArrayList<>();
        for (BenchmarkConfig config : sizes.configs()) {
            // a column that fails (a node that does not start on an overloaded machine) leaves the others standing
            try {
                results.add(benchmark.run(config, config == ackConfig));
            } catch (RuntimeException | AssertionError e) {
                failures.add(config.name() + ": " + firstLine(e));
                log.accept(config.describe() + " failed: " + firstLine(e));
            }
        }
        BurstResult burst = null;
        if (withBurst) {
            try {
                burst = benchmark.burst(BenchmarkConfig.LIMIT_50_2);
            } catch (RuntimeException | AssertionError e) {
                failures.add("burst: " + firstLine(e));
                log.accept("burst failed: " + firstLine(e));
            }
        }
        StringBuilder failed = new StringBuilder();
        failures.forEach(f -> failed.append("- not measured, ").append(f).append('\n'));
        return header(sizes, started, load, speed) + (results.isEmpty() ? "" : BenchmarkTable.table(results))
                + (failed.isEmpty() ? "" : "\n" + failed)
                + (burst == null ? "" : "\n" + BenchmarkTable.burstTable(burst));
    }

    /**
     * The column that gets the acknowledgement phase: one where the Bitrix24 budget it uses up does not matter,
     * without a limit; else the first; none when no column runs (the burst alone).
     */
    static BenchmarkConfig ackConfig(List<BenchmarkConfig> configs) {
        return configs.stream().filter(c -> !c.noop() && !c.limited()).findFirst()
                .orElse(configs.isEmpty() ? null : configs.get(0));
    }

    static String header(BenchmarkSizes sizes, Instant started, String load, MachineSpeed.Measurement speed) {
        return "# DealFlow benchmark\n\n" + started + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + "load average at the start " + load + ", " + Duration.between(started, Instant.now()).toMinutes()
                + " min in all.\n\nMachine speed: " + speed.describe() + " (compare runs of different machines by"
                + " both).\n\nPaced phase: " + sizes.pacedCycles() + " deals at " + sizes.pacedRate()
                + "/s (every " + sizes.duplicateEvery() + "th event repeated " + sizes.duplicateTimes()
                + " times); saturation: " + sizes.backlog() + " open cycles, " + sizes.warmup().toSeconds()
                + " s warm-up, " + sizes.window().toSeconds() + " s measured; acknowledgement phase: "
                + sizes.ackEvents() + " events at " + sizes.ackRate() + "/s after a third as many untimed, in the"
                + " configuration without a limit.\n\n";
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    private static String machineLoad() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String line) {
        System.out.println("[benchmark] " + line);
    }
}
