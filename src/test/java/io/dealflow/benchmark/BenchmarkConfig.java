package io.dealflow.benchmark;

/**
 * One column of the benchmark table: the Bitrix24 request limit - the portal's leaky bucket (the simulator's) and
 * DealFlow's client-side copy set alike - and whether the delegates are the real ones or the no-op baseline.
 * {@code burst} 0 means no limit at all.
 */
record BenchmarkConfig(String name, int burst, double perSecond, boolean noop) {

    static final BenchmarkConfig LIMIT_50_2 = new BenchmarkConfig("50/2", 50, 2, false);
    static final BenchmarkConfig LIMIT_250_5 = new BenchmarkConfig("250/5", 250, 5, false);
    static final BenchmarkConfig LIMIT_OFF = new BenchmarkConfig("off", 0, 0, false);
    static final BenchmarkConfig NOOP = new BenchmarkConfig("no-op baseline", 0, 0, true);
    /**
     * The baseline run a second time, after the columns it is compared with: on a machine whose speed drifts within
     * the hour, the ratio is taken against the mean of both runs (docs/benchmarks.md).
     */
    static final BenchmarkConfig NOOP_AGAIN = new BenchmarkConfig("no-op baseline, again", 0, 0, true);

    boolean limited() {
        return burst > 0;
    }

    /** A name usable in a folder name. */
    String slug() {
        if (noop) {
            return equals(NOOP_AGAIN) ? "noop-again" : "noop";
        }
        return limited() ? "limit-" + burst + "-" + (int) perSecond : "limit-off";
    }

    String describe() {
        String limit = limited() ? burst + " at once, then " + (perSecond % 1 == 0 ? String.valueOf((int) perSecond)
                : String.valueOf(perSecond)) + "/s" : "no limit";
        return (noop ? "no-op delegates" + (equals(NOOP_AGAIN) ? " again" : "") + ", " : "") + "Bitrix24 " + limit;
    }
}
