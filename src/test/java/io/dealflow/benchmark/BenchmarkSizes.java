package io.dealflow.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * How much each part of the benchmark does. {@link #full()} is {@code bin/benchmark}'s run (about 15-20 minutes on
 * a 2-core machine), {@link #smoke()} the CI run that only shows the benchmark works. Every value can be
 * overridden with a system property {@code benchmark.<name>} (e.g. {@code -Dbenchmark.pacedCycles=300}).
 *
 * @param pacedRate        deals per second entering the service stage in the paced phase (the latencies)
 * @param pacedCycles      deals of the paced phase
 * @param pacedDrain       how long to wait after the last paced deal for its cycles to end
 * @param duplicateEvery   every n-th deal's event is repeated ...
 * @param duplicateTimes   ... this many times (Bitrix24 repeats events)
 * @param backlog          open cycles the saturation phase keeps (enough for 50-command batches)
 * @param warmup           saturation time before the measured window (the portal's burst is spent by then)
 * @param window           the measured window of sustained throughput
 * @param saturationDeals  deals created up front for the saturation phase (more are created if it runs out)
 * @param ackRate          events per second of the acknowledgement phase
 * @param ackEvents        events of the acknowledgement phase
 * @param burstDeals       deals that enter the service stage in the burst
 * @param burstEvents      events the burst sends for them (each deal gets burstEvents / burstDeals)
 * @param burstSenders     concurrent connections of the burst
 * @param burstAbsorb      how long the node may take to turn the burst into cycles
 */
record BenchmarkSizes(double pacedRate, int pacedCycles, Duration pacedDrain, int duplicateEvery, int duplicateTimes,
                      int backlog, Duration warmup, Duration window, int saturationDeals, double ackRate,
                      int ackEvents, int burstDeals, int burstEvents, int burstSenders, Duration burstAbsorb,
                      List<BenchmarkConfig> configs) {

    /** The burst may take 10 minutes: a limit, not a target (on the slowest machine so far it took more than 3). */
    static BenchmarkSizes full() {
        return new BenchmarkSizes(10, 200, Duration.ofSeconds(120), 5, 2, 300, Duration.ofSeconds(15),
                Duration.ofSeconds(45), 1500, 200, 3000, 2000, 10_000, 32, Duration.ofMinutes(10),
                List.of(BenchmarkConfig.LIMIT_50_2, BenchmarkConfig.LIMIT_250_5, BenchmarkConfig.NOOP,
                        BenchmarkConfig.LIMIT_OFF, BenchmarkConfig.NOOP_AGAIN)).overridden();
    }

    /** Tiny: every phase runs and every number is produced, none of them means anything. */
    static BenchmarkSizes smoke() {
        return new BenchmarkSizes(5, 6, Duration.ofSeconds(60), 3, 1, 10, Duration.ofSeconds(2),
                Duration.ofSeconds(4), 30, 50, 50, 20, 100, 8, Duration.ofSeconds(60),
                List.of(BenchmarkConfig.LIMIT_50_2, BenchmarkConfig.NOOP)).overridden();
    }

    /** The values of {@code benchmark.*} system properties in place of these. */
    BenchmarkSizes overridden() {
        return new BenchmarkSizes(dbl("pacedRate", pacedRate), integer("pacedCycles", pacedCycles),
                seconds("pacedDrainSeconds", pacedDrain), integer("duplicateEvery", duplicateEvery),
                integer("duplicateTimes", duplicateTimes), integer("backlog", backlog),
                seconds("warmupSeconds", warmup), seconds("windowSeconds", window),
                integer("saturationDeals", saturationDeals), dbl("ackRate", ackRate), integer("ackEvents", ackEvents),
                integer("burstDeals", burstDeals), integer("burstEvents", burstEvents),
                integer("burstSenders", burstSenders), seconds("burstAbsorbSeconds", burstAbsorb),
                configs(System.getProperty("benchmark.configs"), configs));
    }

    /**
     * "50/2,off,noop" → those columns, in that order; a second "noop" is the baseline again ("noop,off,noop": the
     * ratio against both runs of it); blank keeps the default; "none" runs no column (the burst alone).
     */
    static List<BenchmarkConfig> configs(String names, List<BenchmarkConfig> fallback) {
        if (names == null || names.isBlank()) {
            return fallback;
        }
        if (names.trim().equals("none")) {
            return List.of();
        }
        List<BenchmarkConfig> configs = new java.util.ArrayList<>();
        for (String name : names.split(",")) {
            BenchmarkConfig config = switch (name.trim()) {
                case "50/2" -> BenchmarkConfig.LIMIT_50_2;
                case "250/5" -> BenchmarkConfig.LIMIT_250_5;
                case "off" -> BenchmarkConfig.LIMIT_OFF;
                case "noop" -> configs.contains(BenchmarkConfig.NOOP) ? BenchmarkConfig.NOOP_AGAIN
                        : BenchmarkConfig.NOOP;
                default -> throw new IllegalArgumentException("benchmark.configs: unknown '" + name.trim()
                        + "' (choose from 50/2, 250/5, off, noop, or none)");
            };
            if (configs.contains(config)) {
                throw new IllegalArgumentException("benchmark.configs: '" + name.trim()
                        + "' once (noop twice at most)");
            }
            configs.add(config);
        }
        return List.copyOf(configs);
    }

    private static int integer(String name, int fallback) {
        return Integer.getInteger("benchmark." + name, fallback);
    }

    private static double dbl(String name, double fallback) {
        String value = System.getProperty("benchmark." + name);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value);
    }

    private static Duration seconds(String name, Duration fallback) {
        String value = System.getProperty("benchmark." + name);
        return value == null || value.isBlank() ? fallback : Duration.ofSeconds(Long.parseLong(value));
    }
}
