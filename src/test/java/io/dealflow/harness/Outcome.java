package io.dealflow.harness;

import java.time.Duration;
import java.util.List;

/**
 * What one run did and how it ended, as the reliability report states it. {@code duplicates} counts every piece
 * of work done twice (an extra HubEx task, an extra cycle for one stage entry, an extra timeline comment),
 * {@code lostDeals} every deal that did not reach the completion stage, {@code incidents} the open incidents.
 */
public record Outcome(String scenario, int deals, long eventsSent, long faultsInjected, String faults,
                      int cyclesCompleted, int tasksCreated, int duplicates, int lostDeals, int incidents,
                      Duration duration, List<String> findings) {

    public boolean clean() {
        return duplicates == 0 && lostDeals == 0 && incidents == 0;
    }

    static final String HEADER = "| scenario | deals | events sent | faults injected | cycles completed | tasks created"
            + " | duplicates | lost deals | incidents | time |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    String row() {
        return "| " + scenario + " | " + deals + " | " + eventsSent + " | " + faultsInjected + " | " + cyclesCompleted
                + " | " + tasksCreated + " | " + duplicates + " | " + lostDeals + " | " + incidents + " | "
                + duration.toSeconds() + " s |";
    }

    /** The table with the runs, then what each run injected and found. */
    public static String table(List<Outcome> outcomes) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        outcomes.forEach(o -> text.append(o.row()).append('\n'));
        text.append('\n');
        for (Outcome o : outcomes) {
            text.append("- **").append(o.scenario).append("**: ").append(o.faults).append('\n');
            o.findings.forEach(f -> text.append("  - ").append(f).append('\n'));
        }
        return text.toString();
    }
}
