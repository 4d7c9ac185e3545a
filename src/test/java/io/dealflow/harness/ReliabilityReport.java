package io.dealflow.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.dealflow.support.FreePort;
import org.junit.jupiter.api.Test;

/**
 * The whole fault report of {@code docs/reliability.md}: every scenario on PostgreSQL against the simulators, the
 * table written to {@code target/reliability/report.md}. Not part of {@code mvn verify} (it takes minutes); run
 * it with {@code bin/reliability} ({@code mvn -B verify -Preliability}). Settings (system properties):
 * {@code reliability.deals} (deals per scenario, default 40), {@code reliability.scenarios} (letters, default
 * {@code abcdef}), {@code reliability.postgres} ({@code private}: scenario c restarts a PostgreSQL of its own, the
 * default; {@code main}: it restarts the machine's cluster with pg_ctlcluster).
 */
class ReliabilityReport {

    @Test
    void everyScenarioLosesAndDuplicatesNothing() throws IOException {
        int deals = Integer.getInteger("reliability.deals", 40);
        Set<String> chosen = Arrays.stream(System.getProperty("reliability.scenarios", "abcdef").split(""))
                .collect(Collectors.toSet());
        Duration timeout = Duration.ofMinutes(Long.getLong("reliability.timeout-minutes", 15));
        LocalPostgres local = LocalPostgres.fromEnvironment();
        FaultScenarios scenarios = new FaultScenarios(local, deals, timeout, ReliabilityReport::log);
        List<Outcome> outcomes = new ArrayList<>();
        Instant started = Instant.now();
        try {
            if (chosen.contains("a")) {
                outcomes.add(scenarios.apiFaults());
            }
            if (chosen.contains("b")) {
                outcomes.add(scenarios.killNode());
            }
            if (chosen.contains("c")) {
                outcomes.add(postgresRestart(local, deals, timeout));
            }
            if (chosen.contains("d")) {
                outcomes.add(scenarios.earlyCompletion());
            }
            if (chosen.contains("e")) {
                outcomes.add(scenarios.droppedWebhooks());
            }
            if (chosen.contains("f")) {
                outcomes.add(scenarios.twoNodes());
            }
        } finally {
            write(outcomes, deals, Duration.between(started, Instant.now()));
        }
        for (Outcome outcome : outcomes) {
            assertThat(outcome.duplicates()).as(outcome.scenario() + " duplicates " + outcome.findings()).isZero();
            assertThat(outcome.lostDeals()).as(outcome.scenario() + " lost deals " + outcome.findings()).isZero();
            assertThat(outcome.incidents()).as(outcome.scenario() + " incidents " + outcome.findings()).isZero();
        }
    }

    private static Outcome postgresRestart(LocalPostgres local, int deals, Duration timeout) {
        if ("main".equals(System.getProperty("reliability.postgres")) || !PrivatePostgres.available()) {
            log("scenario c restarts the machine's PostgreSQL cluster");
            return new FaultScenarios(local, deals, timeout, ReliabilityReport::log).postgresRestart(local);
        }
        try (PrivatePostgres own = PrivatePostgres.start(FreePort.find())) {
            return new FaultScenarios(own, deals, timeout, ReliabilityReport::log).postgresRestart(own);
        }
    }

    private static void write(List<Outcome> outcomes, int deals, Duration took) throws IOException {
        String report = "# Fault report\n\n" + Instant.now() + ", " + deals + " deals per scenario, "
                + Runtime.getRuntime().availableProcessors() + " cores, " + took.toMinutes() + " min in all\n\n"
                + Outcome.table(outcomes);
        Path file = Artifacts.runDirectory("").resolve("report.md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        log("\n" + report + "\nwritten to " + file);
    }

    private static void log(String line) {
        System.out.println("[reliability] " + line);
    }
}
