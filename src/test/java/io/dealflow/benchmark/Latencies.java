package io.dealflow.benchmark;

import java.util.Arrays;
import java.util.Collection;

/** Latencies in milliseconds and their percentiles (nearest rank); empty when nothing was measured. */
public record Latencies(long[] millis) {

    public Latencies {
        millis = millis.clone();
        Arrays.sort(millis);
    }

    public static Latencies of(Collection<Long> values) {
        return new Latencies(values.stream().mapToLong(Long::longValue).toArray());
    }

    public int count() {
        return millis.length;
    }

    /** The p-th percentile (0 < p ≤ 100) by nearest rank, or -1 without samples. */
    public long percentile(double p) {
        if (millis.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * millis.length);
        return millis[Math.min(millis.length, Math.max(1, rank)) - 1];
    }

    public long p50() {
        return percentile(50);
    }

    public long p99() {
        return percentile(99);
    }

    public long max() {
        return millis.length == 0 ? -1 : millis[millis.length - 1];
    }

    /** "12 / 48 ms" (p50 / p99), or "—" without samples. */
    public String p50p99() {
        return millis.length == 0 ? "—" : p50() + " / " + p99() + " ms";
    }
}
