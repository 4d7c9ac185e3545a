package io.dealflow.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.dealflow.harness.LocalPostgres;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized benchmark: the same code as {@code bin/benchmark} with a handful of deals, the 50/2 limit and the
 * no-op baseline, and a small burst on the 50/2 node. It checks that the benchmark works end to end and produces a complete table
 * - not its timings, which mean nothing at this size on a shared machine.
 */
class BenchmarkIT {

    @Test
    void producesACompleteTable() {
        BenchmarkSizes sizes = BenchmarkSizes.smoke();
        Benchmark benchmark = new Benchmark(LocalPostgres.fromEnvironment(), sizes, line ->
                System.out.println("[benchmark] " + line));
        List<ConfigResult> results = new ArrayList<>();
        results.add(benchmark.run(BenchmarkConfig.LIMIT_50_2, true, true));
        results.add(benchmark.run(BenchmarkConfig.NOOP, false));
        BurstResult burst = results.get(0).burst();

        String table = BenchmarkTable.table(results) + "\n" + BenchmarkTable.burstTable(burst);
        System.out.println(table);
        assertThat(BenchmarkTable.complete(results)).as("every cell measured:\n" + table).isTrue();
        for (ConfigResult result : results) {
            assertThat(result.pacedCompleted()).as(result.config().name() + " paced cycles ended")
                    .isEqualTo(sizes.pacedCycles());
            assertThat(result.eventToTask().count()).isEqualTo(sizes.pacedCycles());
            assertThat(result.completionToUpdate().count()).isEqualTo(sizes.pacedCycles());
            assertThat(result.window().cycles()).as(result.config().name() + " cycles in the window").isPositive();
            assertThat(result.extraCycles()).isZero();
            assertThat(result.incidents()).isZero();
            assertThat(result.heap().collections()).as("the GC log was read").isPositive();
            assertThat(result.paced().transactionsPerCycle()).as(result.config().name()
                    + " database transactions per cycle").isPositive();
        }
        ConfigResult real = results.get(0);
        assertThat(real.paced().bitrix24Requests()).as("the real delegates call Bitrix24").isPositive();
        assertThat(real.paced().hubexRequests()).as("the real delegates call HubEx").isPositive();
        assertThat(results.get(1).paced().hubexRequests()).as("the no-op baseline does not call HubEx").isZero();
        assertThat(real.ack().accepted()).isEqualTo(sizes.ackEvents());
        assertThat(burst.nothingLost()).as(BenchmarkTable.burstTable(burst)).isTrue();
        assertThat(burst.send().accepted()).isEqualTo(sizes.burstEvents());
    }
}
