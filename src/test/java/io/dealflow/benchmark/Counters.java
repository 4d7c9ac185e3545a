package io.dealflow.benchmark;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.harness.Cluster;

/**
 * Everything the benchmark counts, read at one moment: cycles ended (DealFlow's history), requests the simulated
 * portal and tenant served, requests the portal refused, CPU seconds of the node and of the simulators, and the rows
 * the node's database wrote by table and the transactions it ended, and the node's CPU seconds by thread group. The
 * rows and the transactions do not depend on the machine's speed, where the CPU seconds do.
 */
record Counters(long nanos, int cyclesEnded, long bitrix24Requests, long bitrix24Commands, long bitrix24Refused,
                long hubexRequests, double nodeCpu, double simulatorsCpu, Map<Long, Double> postgresCpu,
                Map<String, Long> bitrix24ByMethod, Map<String, Long> hubexByOperation,
                Map<String, Long> rowsWrittenByTable, long transactions, Map<String, Double> nodeCpuByThread) {

    static Counters read(Cluster cluster, BenchmarkDatabase database) {
        JsonNode b24 = cluster.simulators().bitrix24Stats();
        JsonNode hubex = cluster.simulators().hubexStats();
        long commands = 0;
        var byMethod = b24.path("commandsByMethod").fields();
        while (byMethod.hasNext()) {
            var entry = byMethod.next();
            if (!"batch".equals(entry.getKey())) {
                commands += entry.getValue().asLong();
            }
        }
        // -1: a simulator without the counter (it came with the group-commit batcher)
        long refused = b24.has("refusedByLimit") ? b24.path("refusedByLimit").asLong() : -1;
        return new Counters(System.nanoTime(), database.endedCount(), b24.path("requests").asLong(), commands,
                refused, hubex.path("requests").asLong(), ProcessProbe.cpuSeconds(cluster.node(0).pid()),
                ProcessProbe.cpuSeconds(cluster.simulators().pid()), postgresCpu(database),
                counts(b24.path("requestsByMethod")),
                concreteOperationsLeftOut(counts(hubex.path("requestsByOperation"))), database.rowsWrittenByTable(),
                database.transactionsSoFar(), ProcessProbe.cpuSecondsByThread(cluster.node(0).pid()));
    }

    /** CPU seconds of each PostgreSQL backend serving the node's database, by process ID. */
    private static Map<Long, Double> postgresCpu(BenchmarkDatabase database) {
        Map<Long, Double> cpu = new TreeMap<>();
        for (long pid : database.backendPids()) {
            double seconds = ProcessProbe.cpuSeconds(pid);
            if (!Double.isNaN(seconds)) {
                cpu.put(pid, seconds);
            }
        }
        return cpu;
    }

    /**
     * What the backends used in between: a backend that is new counts from zero, one that is gone is missed
     * (the node's pool keeps its connections, so few are).
     */
    private static double postgresCpuSince(Map<Long, Double> later, Map<Long, Double> earlier) {
        double used = 0;
        for (Map.Entry<Long, Double> backend : later.entrySet()) {
            used += backend.getValue() - earlier.getOrDefault(backend.getKey(), 0.0);
        }
        return used;
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    /**
     * HubEx's simulator counts a call under its concrete path ({@code GET /fsm/WORK/Tasks/17}) and its route
     * ({@code …/{id}}): only the routes are kept.
     */
    private static Map<String, Long> concreteOperationsLeftOut(Map<String, Long> counts) {
        counts.keySet().removeIf(operation -> operation.matches(".*/\\d+(/.*)?"));
        return counts;
    }

    private static Map<String, Long> minus(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> difference = new TreeMap<>();
        later.forEach((key, count) -> {
            long d = count - earlier.getOrDefault(key, 0L);
            if (d != 0) {
                difference.put(key, d);
            }
        });
        return difference;
    }

    private static Map<String, Double> minusSeconds(Map<String, Double> later, Map<String, Double> earlier) {
        Map<String, Double> difference = new TreeMap<>();
        later.forEach((key, seconds) -> difference.put(key, seconds - earlier.getOrDefault(key, 0.0)));
        return difference;
    }

    /** What happened between {@code earlier} and this reading. */
    Delta since(Counters earlier) {
        return new Delta((nanos - earlier.nanos) / 1e9, cyclesEnded - earlier.cyclesEnded,
                bitrix24Requests - earlier.bitrix24Requests, bitrix24Commands - earlier.bitrix24Commands,
                bitrix24Refused < 0 || earlier.bitrix24Refused < 0 ? -1 : bitrix24Refused - earlier.bitrix24Refused,
                hubexRequests - earlier.hubexRequests, nodeCpu - earlier.nodeCpu, simulatorsCpu - earlier.simulatorsCpu,
                postgresCpuSince(postgresCpu, earlier.postgresCpu), minus(bitrix24ByMethod, earlier.bitrix24ByMethod),
                minus(hubexByOperation, earlier.hubexByOperation),
                minus(rowsWrittenByTable, earlier.rowsWrittenByTable), transactions - earlier.transactions,
                minusSeconds(nodeCpuByThread, earlier.nodeCpuByThread));
    }

    /** Counts over a stretch of time; "per cycle" figures divide by the cycles that ended in it. */
    record Delta(double seconds, int cycles, long bitrix24Requests, long bitrix24Commands, long bitrix24Refused,
                 long hubexRequests, double nodeCpu, double simulatorsCpu, double postgresCpu,
                 Map<String, Long> bitrix24ByMethod, Map<String, Long> hubexByOperation,
                 Map<String, Long> rowsWrittenByTable, long transactions, Map<String, Double> nodeCpuByThread) {

        double cyclesPerSecond() {
            return seconds <= 0 ? 0 : cycles / seconds;
        }

        double bitrix24PerCycle() {
            return perCycle(bitrix24Requests);
        }

        double commandsPerCycle() {
            return perCycle(bitrix24Commands);
        }

        double hubexPerCycle() {
            return perCycle(hubexRequests);
        }

        /** Rows the node's database inserted, updated and deleted, per cycle: the engine's work, on any machine. */
        double rowsWrittenPerCycle() {
            return perCycle(rowsWrittenByTable.values().stream().mapToLong(Long::longValue).sum());
        }

        /** Transactions the node's database ended per cycle: each is a commit and a round trip, on any machine. */
        double transactionsPerCycle() {
            return perCycle(transactions);
        }

        /** The tables that wrote the most rows per cycle, "act_hi_actinst 20.0, …", at most {@code limit}. */
        String busiestTables(int limit) {
            StringBuilder text = new StringBuilder();
            rowsWrittenByTable.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit)
                    .forEach(e -> text.append(text.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                            .append(BenchmarkTable.num(perCycle(e.getValue()), 1)));
            return text.isEmpty() ? "none" : text.toString();
        }

        /**
         * The node's CPU milliseconds per cycle by thread group, largest first: "jobs 52.1, webhooks' HTTP 10.2, …".
         * Groups under a twentieth of a millisecond are left out.
         */
        String busiestThreads() {
            StringBuilder text = new StringBuilder();
            nodeCpuByThread.entrySet().stream()
                    .filter(e -> cycles > 0 && e.getValue() * 1000 / cycles >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> text.append(text.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                            .append(BenchmarkTable.num(e.getValue() * 1000 / cycles, 1)));
            return text.isEmpty() ? "not measured" : text.toString();
        }

        /** Cores the node kept busy on average. */
        double nodeCores() {
            return seconds <= 0 ? Double.NaN : nodeCpu / seconds;
        }

        double simulatorsCores() {
            return seconds <= 0 ? Double.NaN : simulatorsCpu / seconds;
        }

        double nodeCpuMillisPerCycle() {
            return cycles == 0 ? Double.NaN : nodeCpu * 1000 / cycles;
        }

        double postgresCores() {
            return seconds <= 0 ? Double.NaN : postgresCpu / seconds;
        }

        double postgresCpuMillisPerCycle() {
            return cycles == 0 ? Double.NaN : postgresCpu * 1000 / cycles;
        }

        /**
         * Cycles per second that {@code cores} would carry if the node and its database had them to themselves:
         * what the CPU time per cycle allows, whatever else ran on the machine while it was measured.
         */
        double cpuBoundCyclesPerSecond(int cores) {
            double perCycle = (nodeCpu + postgresCpu) / cycles;
            return cycles == 0 || perCycle <= 0 ? Double.NaN : cores / perCycle;
        }

        /** "crm.deal.update 2.00, batch 1.50" per cycle, for the report's details. */
        String perCycle(Map<String, Long> counts) {
            StringBuilder text = new StringBuilder();
            counts.forEach((key, count) -> text.append(text.isEmpty() ? "" : ", ").append(key).append(' ')
                    .append(BenchmarkTable.num(perCycle(count), 2)));
            return text.isEmpty() ? "none" : text.toString();
        }

        private double perCycle(long count) {
            return cycles == 0 ? Double.NaN : (double) count / cycles;
        }
    }
}
