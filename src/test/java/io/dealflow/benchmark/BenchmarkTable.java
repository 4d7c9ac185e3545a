package io.dealflow.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The benchmark's tables in Markdown: one column per configuration, one row per figure, then the burst. A cell
 * that could not be measured says so ("—", "n/a"); {@link #complete} tells whether every cell has a value.
 */
final class BenchmarkTable {

    static final String NOT_MEASURED = "—";

    private BenchmarkTable() {
    }

    record Row(String label, Function<ConfigResult, String> cell) {
    }

    static List<Row> rows(List<ConfigResult> results) {
        OptionalDouble baseline = baselineCyclesPerSecond(results);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("cycles/s sustained (saturation window)", r -> num(r.window().cyclesPerSecond(), 2)
                + " (" + r.window().cycles() + " in " + num(r.window().seconds(), 0) + " s)"));
        rows.add(new Row("throughput vs. no-op baseline (the mean of its runs)", r -> baseline.isEmpty()
                ? "n/a (no baseline run)" : num(r.window().cyclesPerSecond() / baseline.getAsDouble(), 2)));
        rows.add(new Row("paced phase: cycles ended / entered", r -> r.pacedCompleted() + " / " + r.pacedCycles()
                + " at " + num(r.pacedRate(), 0) + "/s"));
        rows.add(new Row("event → HubEx task created, p50 / p99", r -> latencies(r, r.eventToTask())));
        rows.add(new Row("completion → deal updated, p50 / p99", r -> latencies(r, r.completionToUpdate())));
        rows.add(new Row("Bitrix24 requests per cycle: paced / saturated",
                r -> paced(r, r.paced().bitrix24PerCycle()) + " / " + num(r.window().bitrix24PerCycle(), 2)));
        rows.add(new Row("Bitrix24 commands per cycle (inside batches too)",
                r -> paced(r, r.paced().commandsPerCycle()) + " / " + num(r.window().commandsPerCycle(), 2)));
        rows.add(new Row("HubEx requests per cycle: paced / saturated",
                r -> paced(r, r.paced().hubexPerCycle()) + " / " + num(r.window().hubexPerCycle(), 2)));
        rows.add(new Row("portal refusals (503) / open incidents / extra cycles",
                r -> (r.refusals() < 0 ? "not counted" : String.valueOf(r.refusals())) + " / " + r.incidents() + " / "
                        + r.extraCycles()));
        rows.add(new Row("webhook ack p50 / p99 (max) at the ack rate",
                r -> r.ack() == null ? NOT_MEASURED : r.ack().ack().p50p99() + " (" + r.ack().ack().max() + " ms, "
                        + num(r.ack().perSecond(), 0) + "/s, " + r.ack().failed() + " failed)"));
        rows.add(new Row("heap: peak used / max live after GC", r -> r.heap().describe()));
        rows.add(new Row("node CPU under load: cores / ms per cycle",
                r -> num(r.window().nodeCores(), 2) + " / " + num(r.window().nodeCpuMillisPerCycle(), 0)));
        rows.add(new Row("PostgreSQL CPU (the node's backends): cores / ms per cycle",
                r -> num(r.window().postgresCores(), 2) + " / " + num(r.window().postgresCpuMillisPerCycle(), 0)));
        rows.add(new Row("database rows written per cycle: paced / saturated",
                r -> paced(r, r.paced().rowsWrittenPerCycle()) + " / " + num(r.window().rowsWrittenPerCycle(), 1)));
        rows.add(new Row("database transactions per cycle: paced / saturated",
                r -> paced(r, r.paced().transactionsPerCycle()) + " / " + num(r.window().transactionsPerCycle(), 1)));
        rows.add(new Row("simulators CPU under load: cores", r -> num(r.window().simulatorsCores(), 2)));
        rows.add(new Row("cycles/s the CPU time allows on 2 cores (node + database alone)",
                r -> num(r.window().cpuBoundCyclesPerSecond(2), 1)));
        return rows;
    }

    /**
     * The no-op baseline's cycles per second: the mean of its runs, so that a baseline run before and after a column
     * cancels the machine's drift in between; each run's own ratio to it shows how much the machine drifted.
     */
    static OptionalDouble baselineCyclesPerSecond(List<ConfigResult> results) {
        return results.stream().filter(r -> r.config().noop()).mapToDouble(r -> r.window().cyclesPerSecond())
                .average();
    }

    /** Percentiles of the cycles that got there: when not all did, the slowest are missing and it says so. */
    private static String latencies(ConfigResult r, Latencies latencies) {
        return latencies.p50p99() + (latencies.count() < r.pacedCycles()
                ? " (only " + latencies.count() + " of " + r.pacedCycles() + " got there)" : "");
    }

    /**
     * A paced figure divides everything the paced deals cost by their cycles: only true when every one of them
     * ended within the phase (the others' requests are in the count, their cycles are not).
     */
    private static String paced(ConfigResult r, double perCycle) {
        return r.pacedCompleted() == r.pacedCycles() ? num(perCycle, 2) : NOT_MEASURED + " (not all ended)";
    }

    static String table(List<ConfigResult> results) {
        StringBuilder text = new StringBuilder("| Bitrix24 limit |");
        results.forEach(r -> text.append(' ').append(r.config().name()).append(" |"));
        text.append("\n|---|");
        results.forEach(r -> text.append("---:|"));
        text.append('\n');
        for (Row row : rows(results)) {
            text.append("| ").append(row.label()).append(" |");
            results.forEach(r -> text.append(' ').append(row.cell().apply(r)).append(" |"));
            text.append('\n');
        }
        List<String> notes = new ArrayList<>();
        results.forEach(r -> {
            notes.add(r.config().name() + ": " + breakdown(r));
            notes.add(r.config().name() + ": " + rowsBreakdown(r));
            notes.add(r.config().name() + ": " + threadsBreakdown(r));
            r.notes().forEach(n -> notes.add(r.config().name() + ": " + n));
        });
        if (!notes.isEmpty()) {
            text.append('\n');
            notes.forEach(n -> text.append("- ").append(n).append('\n'));
        }
        return text.toString();
    }

    static String burstTable(BurstResult burst) {
        return "| burst (" + burst.config().describe() + ") | |\n|---|---:|\n"
                + "| events sent / accepted / failed | " + burst.events() + " / " + burst.send().accepted() + " / "
                + burst.send().failed() + " |\n"
                + "| deals in the service stage | " + burst.deals() + " |\n"
                + "| sending took | " + burst.send().elapsedMillis() + " ms (" + num(burst.send().perSecond(), 0)
                + " events/s) |\n"
                + "| ack p50 / p99 (max) | " + burst.send().ack().p50p99() + " (" + burst.send().ack().max()
                + " ms) |\n"
                + "| every deal has its cycle, inbox empty after | "
                + (burst.absorbMillis() < 0 ? "not within the time allowed" : burst.absorbMillis() + " ms") + " |\n"
                + "| deals without a cycle / with several / events still waiting in the inbox | "
                + burst.dealsWithoutCycle() + " / " + burst.dealsWithSeveralCycles() + " / " + burst.pendingEvents()
                + " |\n"
                + "| nothing lost | " + (burst.nothingLost() ? "yes" : "NO") + " |\n"
                + "| node heap (limit " + Benchmark.NODE_HEAP_MB + " MB): peak used / max live | "
                + burst.heap().describe() + " |\n"
                + "| node CPU until absorbed | " + num(burst.nodeCpuSeconds(), 1) + " s |\n";
    }

    /** True when no cell of the configuration table is empty or unreadable. */
    static boolean complete(List<ConfigResult> results) {
        for (Row row : rows(results)) {
            for (ConfigResult r : results) {
                String cell = row.cell().apply(r);
                if (cell == null || cell.isBlank() || cell.contains("n/a") || cell.contains("NaN")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Requests per cycle by method and operation: of the paced phase when all its cycles ended, else saturated. */
    static String breakdown(ConfigResult r) {
        Counters.Delta d = r.pacedCompleted() == r.pacedCycles() ? r.paced() : r.window();
        return (d == r.paced() ? "paced" : "saturated") + ", requests per cycle: Bitrix24 "
                + d.perCycle(d.bitrix24ByMethod()) + "; HubEx " + d.perCycle(d.hubexByOperation());
    }

    /** The tables that wrote the most rows per cycle: of the paced phase when all its cycles ended, else saturated. */
    static String rowsBreakdown(ConfigResult r) {
        Counters.Delta d = r.pacedCompleted() == r.pacedCycles() ? r.paced() : r.window();
        return (d == r.paced() ? "paced" : "saturated") + ", database rows written per cycle by table: "
                + d.busiestTables(8);
    }

    /** Where the node's CPU went in the saturation window, by thread group: the share of the webhooks, the jobs … */
    static String threadsBreakdown(ConfigResult r) {
        return "saturated, node CPU per cycle by thread (ms): " + r.window().busiestThreads();
    }

    static String summary(ConfigResult r) {
        return num(r.window().cyclesPerSecond(), 2) + " cycles/s; event→task " + r.eventToTask().p50p99()
                + "; completion→update " + r.completionToUpdate().p50p99() + "; Bitrix24/cycle "
                + paced(r, r.paced().bitrix24PerCycle()) + " paced, " + num(r.window().bitrix24PerCycle(), 2)
                + " saturated; HubEx/cycle " + paced(r, r.paced().hubexPerCycle()) + " paced, "
                + num(r.window().hubexPerCycle(), 2) + " saturated; " + r.pacedCompleted() + "/"
                + r.pacedCycles() + " paced ended; incidents " + r.incidents() + "; node CPU "
                + num(r.window().nodeCpuMillisPerCycle(), 0) + " ms/cycle, PostgreSQL "
                + num(r.window().postgresCpuMillisPerCycle(), 0) + " ms/cycle; " + breakdown(r);
    }

    static String summary(BurstResult b) {
        return b.events() + " events in " + b.send().elapsedMillis() + " ms, " + b.send().failed() + " failed, ack "
                + b.send().ack().p50p99() + "; absorbed " + b.absorbMillis() + " ms; nothing lost: " + b.nothingLost()
                + "; heap " + b.heap().describe();
    }

    static String num(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
