package io.dealflow.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The CI-sized run of the fault harness: the packaged jar as two DealFlow nodes and the simulators as processes
 * of their own, on PostgreSQL; a fifth of the webhooks lost and one node killed with SIGKILL mid-run. Nothing may
 * be lost, nothing duplicated, and no incident may stay open. The whole report: {@code bin/reliability}.
 */
class ReliabilityIT {

    @Test
    void twoNodesWithAKilledNodeAndLostWebhooksLoseAndDuplicateNothing() {
        FaultScenarios scenarios = new FaultScenarios(LocalPostgres.fromEnvironment(),
                Integer.getInteger("reliability.ci.deals", 12), Duration.ofMinutes(4), System.out::println);

        Outcome outcome = scenarios.ciMix();

        System.out.println(Outcome.table(java.util.List.of(outcome)));
        assertThat(outcome.faultsInjected()).as("faults were injected").isPositive();
        assertThat(outcome.findings()).as("node-a came back").anyMatch(f -> f.startsWith("node-a up again"));
        assertThat(outcome.tasksCreated()).as("one task per deal").isEqualTo(outcome.deals());
        assertThat(outcome.duplicates()).as("duplicates: " + outcome.findings()).isZero();
        assertThat(outcome.lostDeals()).as("lost deals: " + outcome.findings()).isZero();
        assertThat(outcome.incidents()).as("open incidents: " + outcome.findings()).isZero();
        assertThat(outcome.cyclesCompleted()).isEqualTo(outcome.deals());
    }
}
