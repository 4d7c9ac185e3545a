package io.dealflow.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic: percentiles, the GC log, per-cycle figures, the table's completeness check. */
class BenchmarkPartsTest {

    private static final long CHECKSUM = 3120434779383451949L;

    @Test
    void theMachineSpeedIsTheTimeOfAFixedSortWhichTheReportHeaderNames() {
        MachineSpeed.Measurement speed = MachineSpeed.measure();

        // the same numbers were sorted in full: a sample of the sorted array, the same on every machine
        assertThat(speed.checksum()).isEqualTo(CHECKSUM);
        assertThat(speed.millis()).isPositive();
        // two system calls and two wake-ups at least: some microseconds on any machine, not nothing
        assertThat(speed.roundTripCpuMicros()).isGreaterThan(1.0);
        assertThat(BenchmarkReport.header(BenchmarkSizes.smoke(), java.time.Instant.now(), "0.10 0.20 0.30", speed))
                .contains("Machine speed: sorting 4194304 pseudo-random ints on one thread took " + speed.millis()
                        + " ms; a 200-byte round trip between two threads over loopback TCP took "
                        + String.format(java.util.Locale.ROOT, "%.1f", speed.roundTripCpuMicros()) + " µs of CPU");
    }

    @Test
    void nodeSettingsCanBeVariedFromTheCommandLine() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("benchmark.node.camunda.bpm.job-execution.max-pool-size", "24");
        properties.setProperty("benchmark.node.", "ignored");
        properties.setProperty("benchmark.backlog", "500");

        assertThat(Benchmark.nodeOverrides(properties))
                .containsExactly(Map.entry("camunda.bpm.job-execution.max-pool-size", "24"));
    }

    @Test
    void theEventPathIsCutAtEachHandOverAndCyclesNotThereYetAreLeftOut() {
        // entered at 1000; stored +40, started +200, load picked up +300, loaded +350,
        // create picked up +500, created +560
        Map<Long, long[]> path = Map.of(
                1L, new long[] {1040, 1240, 1540, 1890, 2390, 2950},
                2L, new long[] {1060, 1260, 1560, 1910, 2410, 0});

        String note = Benchmark.eventPathNote(path, List.of(1L, 2L, 3L), deal -> 1000);

        assertThat(note).isEqualTo("event → task, where the time goes (p50 / p99 of 1 paced cycles):"
                + " delivered and stored 40 / 40 ms; inbox → cycle started 200 / 200 ms;"
                + " → Load deal picked up 300 / 300 ms; Load deal 350 / 350 ms;"
                + " → Create HubEx task picked up 500 / 500 ms; Create HubEx task 560 / 560 ms");
    }

    @Test
    void percentilesAreNearestRank() {
        Latencies latencies = Latencies.of(List.of(5L, 1L, 4L, 2L, 3L, 100L, 6L, 7L, 8L, 9L));
        assertThat(latencies.p50()).isEqualTo(5);
        assertThat(latencies.p99()).isEqualTo(100);
        assertThat(latencies.percentile(10)).isEqualTo(1);
        assertThat(latencies.max()).isEqualTo(100);
        assertThat(latencies.p50p99()).isEqualTo("5 / 100 ms");
        assertThat(Latencies.of(List.of()).p50p99()).isEqualTo("—");
        assertThat(Latencies.of(List.of()).p99()).isEqualTo(-1);
    }

    @Test
    void heapFiguresComeFromTheCollectionsOfTheGcLog() {
        ProcessProbe.Heap heap = ProcessProbe.heap(List.of(
                "[0.412s][info][gc] Using G1",
                "[2.101s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->6M(512M) 4.321ms",
                "[9.870s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 301M->88M(512M) 12.002ms",
                "[12.001s][info][gc] GC(2) Pause Remark 120M->119M(480M) 1.100ms"));
        assertThat(heap.collections()).isEqualTo(3);
        assertThat(heap.peakUsedMb()).isEqualTo(301);
        assertThat(heap.maxLiveMb()).isEqualTo(119);
        assertThat(heap.committedMb()).isEqualTo(512);
        assertThat(heap.describe()).isEqualTo("301 / 119 MB");
        assertThat(ProcessProbe.heap(List.of()).describe()).isEqualTo("no GC");
    }

    @Test
    void cpuOfThisVeryProcessIsReadFromProc() {
        double cpu = ProcessProbe.cpuSeconds(ProcessHandle.current().pid());
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/stat"))) {
            assertThat(cpu).isPositive();
        }
        assertThat(ProcessProbe.cpuSeconds(-1)).isNaN();
    }

    @Test
    void theNodesThreadsAreGroupedByWhatTheyDo() {
        assertThat(ProcessProbe.threadGroup("camundaTaskExec")).isEqualTo("jobs");
        assertThat(ProcessProbe.threadGroup("JobExecutor[org")).isEqualTo("job acquisition");
        assertThat(ProcessProbe.threadGroup("http-nio-41234-")).isEqualTo("webhooks' HTTP");
        assertThat(ProcessProbe.threadGroup("dealflow-deal-s")).isEqualTo("dispatcher");
        assertThat(ProcessProbe.threadGroup("dealflow-deal-e")).isEqualTo("dispatcher");
        assertThat(ProcessProbe.threadGroup("dealflow-task-e")).isEqualTo("HubEx correlation");
        assertThat(ProcessProbe.threadGroup("dealflow-bitrix")).isEqualTo("Bitrix24 senders");
        assertThat(ProcessProbe.threadGroup("HttpClient-1-Wo")).isEqualTo("HTTP client");
        assertThat(ProcessProbe.threadGroup("C2 CompilerThre")).isEqualTo("JIT compiler");
        assertThat(ProcessProbe.threadGroup("C1 CompilerThre")).isEqualTo("JIT compiler");
        assertThat(ProcessProbe.threadGroup("GC Thread#1")).isEqualTo("GC");
        assertThat(ProcessProbe.threadGroup("G1 Conc#0")).isEqualTo("GC");
        assertThat(ProcessProbe.threadGroup("VM Thread")).isEqualTo("other");
    }

    @Test
    void aThreadsNameAndCpuAreReadFromItsStatLine() {
        // a name with a space and a parenthesis, then state, ppid … utime (14th field) 250, stime 50 ticks
        String stat = "4242 (C2 (Compiler) x) S 1 4242 4242 0 -1 4194368 100 0 0 0 250 50 0 0 20 0 1 0 1 0 0";
        assertThat(ProcessProbe.threadName(stat)).isEqualTo("C2 (Compiler) x");
        assertThat(ProcessProbe.cpuSecondsOf(stat)).isEqualTo(3.0);
    }

    @Test
    void cpuOfThisVeryProcessIsReadByThread() {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task"))) {
            return;
        }
        Map<String, Double> byThread = ProcessProbe.cpuSecondsByThread(ProcessHandle.current().pid());
        assertThat(byThread).isNotEmpty();
        assertThat(byThread.values().stream().mapToDouble(Double::doubleValue).sum()).isPositive()
                .isLessThanOrEqualTo(ProcessProbe.cpuSeconds(ProcessHandle.current().pid()) + 0.01);
        assertThat(ProcessProbe.cpuSecondsByThread(-1)).isEmpty();
    }

    @Test
    void theNodesExtraJvmOptionsAreSplitAndPointIntoTheColumnsFolder() {
        Path run = Path.of("/tmp/benchmark-limit-off");
        String options = " -agentpath:/opt/ap.so=start,file={run}/node.collapsed  -Xss512k ";
        assertThat(Benchmark.extraNodeOptions(options, run))
                .containsExactly("-agentpath:/opt/ap.so=start,file=/tmp/benchmark-limit-off/node.collapsed", "-Xss512k");
        assertThat(Benchmark.extraNodeOptions(null, run)).isEmpty();
        assertThat(Benchmark.extraNodeOptions(" ", run)).isEmpty();
    }

    @Test
    void theNodeRunsWithTheOptionsOfProductionsImage() throws Exception {
        Path dockerfile = Files.createTempFile("Dockerfile", "");
        Files.writeString(dockerfile, "FROM eclipse-temurin:17-jre\n# the collector\n"
                + "ENV JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=75  -XX:+UseParallelGC\"\nENTRYPOINT [\"java\"]\n");
        assertThat(Benchmark.productionJvmOptions(dockerfile))
                .containsExactly("-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC");
        Files.writeString(dockerfile, "FROM eclipse-temurin:17-jre\n");
        assertThatThrownBy(() -> Benchmark.productionJvmOptions(dockerfile)).hasMessageContaining("no JAVA_TOOL_OPTIONS");

        // the project's own image: the node of every column gets its collector, and the heap stays at 512 MB
        assertThat(Benchmark.productionJvmOptions(Path.of("Dockerfile"))).contains("-XX:+UseParallelGC");
        Path gcLog = Path.of("/tmp/benchmark-limit-off/node-a-gc.txt");
        assertThat(Benchmark.launch(BenchmarkConfig.LIMIT_OFF, gcLog).jvmOptions())
                .contains("-XX:+UseParallelGC", "-Xmx512m");
    }

    @Test
    void perCycleFiguresDivideByTheCyclesThatEnded() {
        Counters earlier = counters(0, 10, 100, 200, 0, 30, 1.0, Map.of("batch", 40L),
                Map.of("POST /fsm/WORK/Tasks", 5L),
                Map.of("act_ru_job", 1000L, "act_hi_actinst", 500L));
        Counters later = counters(10_000_000_000L, 30, 104, 290, 0, 90, 6.0, Map.of("batch", 44L),
                Map.of("POST /fsm/WORK/Tasks", 25L, "GET /fsm/WORK/Tasks/{id}", 20L),
                Map.of("act_ru_job", 1540L, "act_hi_actinst", 900L, "dealflow_cycle", 40L));
        Counters.Delta delta = later.since(earlier);
        assertThat(delta.cycles()).isEqualTo(20);
        assertThat(delta.cyclesPerSecond()).isEqualTo(2.0);
        assertThat(delta.bitrix24PerCycle()).isEqualTo(0.2);
        assertThat(delta.commandsPerCycle()).isEqualTo(4.5);
        assertThat(delta.hubexPerCycle()).isEqualTo(3.0);
        assertThat(delta.nodeCores()).isEqualTo(0.5);
        assertThat(delta.nodeCpuMillisPerCycle()).isEqualTo(250.0);
        assertThat(delta.postgresCpuMillisPerCycle()).isEqualTo(250.0);
        assertThat(delta.cpuBoundCyclesPerSecond(2)).isEqualTo(4.0);
        assertThat(delta.perCycle(delta.hubexByOperation()))
                .isEqualTo("GET /fsm/WORK/Tasks/{id} 1.00, POST /fsm/WORK/Tasks 1.00");
        assertThat(delta.rowsWrittenPerCycle()).as("540 + 400 + 40 rows in 20 cycles").isEqualTo(49.0);
        assertThat(delta.busiestTables(2)).isEqualTo("act_ru_job 27.0, act_hi_actinst 20.0");
        assertThat(delta.transactionsPerCycle()).as("25 transactions for each cycle ended").isEqualTo(25.0);
        assertThat(delta.busiestThreads()).as("ms per cycle, largest first; a group under 0.05 ms left out")
                .isEqualTo("jobs 150.0, webhooks' HTTP 25.0, other 0.1");
        assertThat(later.since(later).bitrix24PerCycle()).as("no cycle ended").isNaN();
    }

    @Test
    void aTableWithAnUnmeasuredCellIsIncomplete() {
        ConfigResult measured = result(BenchmarkConfig.LIMIT_50_2, 20);
        ConfigResult baseline = result(BenchmarkConfig.NOOP, 40);
        assertThat(BenchmarkTable.complete(List.of(measured, baseline))).isTrue();
        String table = BenchmarkTable.table(List.of(measured, baseline));
        assertThat(table).contains("| Bitrix24 limit | 50/2 | no-op baseline |")
                .contains("| throughput vs. no-op baseline (the mean of its runs) | 0.50 | 1.00 |")
                .contains("| database rows written per cycle: paced / saturated | 3.00 / 1.5 | 3.00 / 0.8 |")
                .contains("| database transactions per cycle: paced / saturated | 20.00 / 20.0 | 20.00 / 10.0 |")
                .contains("50/2: paced, database rows written per cycle by table: act_ru_job 3.0")
                .contains("50/2: saturated, node CPU per cycle by thread (ms): jobs 150.0, GC 50.0");

        ConfigResult nothingEnded = result(BenchmarkConfig.LIMIT_50_2, 0);
        assertThat(BenchmarkTable.complete(List.of(nothingEnded, baseline))).isFalse();
    }

    @Test
    void theRatioIsTakenAgainstTheMeanOfTheBaselinesRunsOnEitherSide() {
        ConfigResult before = result(BenchmarkConfig.NOOP, 40);
        ConfigResult off = result(BenchmarkConfig.LIMIT_OFF, 20);
        ConfigResult again = result(BenchmarkConfig.NOOP_AGAIN, 60);

        String table = BenchmarkTable.table(List.of(before, off, again));

        assertThat(table).contains("| Bitrix24 limit | no-op baseline | off | no-op baseline, again |")
                .as("each baseline run's own ratio shows the drift in between")
                .contains("| throughput vs. no-op baseline (the mean of its runs) | 0.80 | 0.40 | 1.20 |");
        assertThat(BenchmarkConfig.NOOP_AGAIN.slug()).as("its own run folder").isEqualTo("noop-again");
        assertThat(BenchmarkConfig.NOOP.slug()).isEqualTo("noop");
    }

    @Test
    void aBurstNotYetAbsorbedSaysHowManyEventsStillWait() {
        Latencies latencies = Latencies.of(List.of(100L, 200L));
        BurstResult waiting = new BurstResult(BenchmarkConfig.LIMIT_50_2, 2000, 10_000,
                new WebhookLoad.Result(10_000, 10_000, 0, latencies, 50_000), -1, 25, 0, 31,
                new ProcessProbe.Heap(228, 98, 512, 4), 219.1);

        assertThat(BenchmarkTable.burstTable(waiting))
                .contains("| every deal has its cycle, inbox empty after | not within the time allowed |")
                .contains("| deals without a cycle / with several / events still waiting in the inbox | 25 / 0 / 31 |");
        assertThat(waiting.nothingLost()).isFalse();
    }

    @Test
    void configurationsAreChosenByName() {
        assertThat(BenchmarkSizes.configs("50/2, noop", List.of())).containsExactly(BenchmarkConfig.LIMIT_50_2,
                BenchmarkConfig.NOOP);
        assertThat(BenchmarkSizes.configs(" ", List.of(BenchmarkConfig.LIMIT_OFF)))
                .containsExactly(BenchmarkConfig.LIMIT_OFF);
        assertThatThrownBy(() -> BenchmarkSizes.configs("100/1", List.of())).hasMessageContaining("100/1");
        assertThat(BenchmarkSizes.configs("noop,off,noop", List.of())).as("a second noop is the baseline again")
                .containsExactly(BenchmarkConfig.NOOP, BenchmarkConfig.LIMIT_OFF, BenchmarkConfig.NOOP_AGAIN);
        assertThatThrownBy(() -> BenchmarkSizes.configs("off,off", List.of())).hasMessageContaining("'off' once");
        assertThatThrownBy(() -> BenchmarkSizes.configs("noop,noop,noop", List.of()))
                .hasMessageContaining("noop twice at most");
        assertThat(BenchmarkSizes.full().configs()).as("the default runs the baseline on both sides of off")
                .containsExactly(BenchmarkConfig.LIMIT_50_2, BenchmarkConfig.LIMIT_250_5, BenchmarkConfig.NOOP,
                        BenchmarkConfig.LIMIT_OFF, BenchmarkConfig.NOOP_AGAIN);
        assertThat(BenchmarkSizes.configs("none", List.of(BenchmarkConfig.LIMIT_OFF))).as("the burst alone").isEmpty();
        assertThat(BenchmarkReport.ackConfig(List.of(BenchmarkConfig.LIMIT_50_2, BenchmarkConfig.LIMIT_OFF)))
                .isEqualTo(BenchmarkConfig.LIMIT_OFF);
        assertThat(BenchmarkReport.ackConfig(List.of(BenchmarkConfig.LIMIT_50_2)))
                .isEqualTo(BenchmarkConfig.LIMIT_50_2);
        assertThat(BenchmarkReport.ackConfig(List.of())).isNull();
        assertThat(BenchmarkConfig.LIMIT_250_5.describe()).isEqualTo("Bitrix24 250 at once, then 5/s");
        assertThat(BenchmarkConfig.NOOP.describe()).isEqualTo("no-op delegates, Bitrix24 no limit");
    }

    private static Counters counters(long nanos, int ended, long requests, long commands, long refused, long hubex,
                                     double cpu, Map<String, Long> b24, Map<String, Long> hubexOps,
                                     Map<String, Long> rows) {
        // the node's threads: jobs 0.6 of each CPU second, the webhooks 0.1, "other" and "GC" almost nothing
        return new Counters(nanos, ended, requests, commands, refused, hubex, cpu, cpu / 2, Map.of(1L, cpu), b24,
                hubexOps, rows, ended * 25L, Map.of("jobs", cpu * 0.6, "webhooks' HTTP", cpu * 0.1,
                        "other", 1 + cpu * 0.0004, "GC", 0.5));
    }

    private static ConfigResult result(BenchmarkConfig config, int cyclesInWindow) {
        Counters.Delta delta = new Counters.Delta(10, cyclesInWindow, 12, 60, 0, 30, 4, 1, 2, Map.of("batch", 12L),
                Map.of(), Map.of("act_ru_job", 30L), 400, Map.of("jobs", 3.0, "GC", 1.0));
        Counters.Delta paced = new Counters.Delta(5, 10, 8, 50, 0, 30, 2, 1, 1, Map.of(), Map.of(),
                Map.of("act_ru_job", 30L), 200, Map.of());
        Latencies latencies = Latencies.of(List.of(100L, 200L));
        return new ConfigResult(config, 10, 10, 10, latencies, latencies, paced, 300, delta, 0, 0,
                new WebhookLoad.Result(10, 10, 0, latencies, 1000), new ProcessProbe.Heap(300, 100, 512, 4),
                List.of(), null);
    }

}
