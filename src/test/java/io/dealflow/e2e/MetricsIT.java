package io.dealflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;

import io.dealflow.sandbox.hubex.HubexDirectory;
import io.dealflow.sandbox.hubex.HubexTask;
import io.dealflow.support.EndToEndTestBase;
import io.dealflow.support.Eventually;
import org.junit.jupiter.api.Test;

/**
 * /actuator/prometheus over real HTTP: a whole cycle against the simulators moves the counters, timers and
 * histograms the operations guide documents.
 */
class MetricsIT extends EndToEndTestBase {

    @Test
    void aCycleMovesTheEventCycleApiAndLatencyMetrics() {
        String before = scrape();
        String dealId = newServiceDeal("Метрики");
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the HubEx task of deal " + dealId, TIMEOUT, () -> tasksOf(dealId).size() == 1);
        HubexTask task = tasksOf(dealId).get(0);
        Eventually.await("the cycle to wait for the task", TIMEOUT, () -> waitingForTask(dealId));
        hubex.assignTechnician(task.id(), HubexDirectory.TECHNICIAN_KULIBIN_ID);
        hubex.completeTask(task.id());
        Eventually.await("the cycle of deal " + dealId + " to end", TIMEOUT, () -> cycleEnded(dealId));
        // the simulator's deliveries: one wrong token, one event DealFlow does not handle
        assertThat(postBitrix24Event(dealEvent("ONCRMDEALUPDATE", dealId, "wrong-token")).statusCode()).isEqualTo(401);
        assertThat(postBitrix24Event(dealEvent("ONCRMLEADADD", dealId, "sandbox-app-token")).statusCode())
                .isEqualTo(200);

        String after = scrape();

        assertThat(delta(before, after, "dealflow_cycles_started_total", "process=\"deal-service-cycle\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "dealflow_cycles_completed_total", "process=\"deal-service-cycle\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "dealflow_events_received_total", "source=\"bitrix24\"")).isPositive();
        assertThat(delta(before, after, "dealflow_events_received_total", "source=\"hubex\"")).isPositive();
        assertThat(delta(before, after, "dealflow_events_rejected_total", "source=\"bitrix24\"",
                "reason=\"unauthorized\"")).isEqualTo(1);
        assertThat(delta(before, after, "dealflow_events_ignored_total", "source=\"bitrix24\"",
                "reason=\"event_type\"")).isEqualTo(1);
        assertThat(delta(before, after, "dealflow_webhook_ack_seconds_count", "source=\"hubex\"")).isPositive();
        assertThat(delta(before, after, "dealflow_api_requests_seconds_count", "system=\"hubex\"",
                "method=\"createTask\"", "outcome=\"ok\"")).isEqualTo(1);
        assertThat(delta(before, after, "dealflow_api_requests_seconds_count", "system=\"bitrix24\"",
                "outcome=\"ok\"")).isPositive();
        // the simulators' calls answered in front of Spring MVC keep their paths' names (ADR 0022)
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                "uri=\"/sandbox/bitrix24/rest/{userId}/{secret}/{method}\"")).isPositive();
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                "uri=\"/sandbox/hubex/fsm/WORK/Tasks/{taskId}\"")).isPositive();
        assertThat(delta(before, after, "dealflow_latency_event_to_task_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "dealflow_latency_completion_to_deal_seconds_count")).isEqualTo(1);
        assertThat(after).contains("dealflow_latency_event_to_task_seconds_bucket{")
                .contains("dealflow_webhook_ack_seconds_bucket{")
                .contains("dealflow_incidents_open{")
                .contains("dealflow_inbox_pending{")
                .contains("dealflow_reconciliation_lag_seconds{");
        assertThat(after).doesNotContain("sandbox-secret", "sandbox-service-token", "sandbox-app-token",
                "sandbox-hubex-token");
    }

    @Test
    void aRefusedHubexCallIsCountedWithItsErrorClass() {
        String before = scrape();
        String dealId = newServiceDeal("Метрики: отказ HubEx");
        hubexFaults.add("POST /fsm/WORK/Tasks", 503, "[{\"code\":\"ServiceUnavailable\"}]", 1, 0);
        bitrix24.moveDealToStage(dealId, "C1:UC_SERVICE");
        Eventually.await("the HubEx task of deal " + dealId, TIMEOUT, () -> tasksOf(dealId).size() == 1);

        String after = scrape();

        assertThat(delta(before, after, "dealflow_api_requests_seconds_count", "system=\"hubex\"",
                "method=\"createTask\"", "outcome=\"unavailable\"")).isEqualTo(1);
        assertThat(delta(before, after, "dealflow_api_requests_seconds_count", "system=\"hubex\"",
                "method=\"createTask\"", "outcome=\"ok\"")).isEqualTo(1);
    }

    private String scrape() {
        HttpResponse<String> response = operatorGet("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** How much the series of {@code name} carrying all {@code labels} (summed) grew between two scrapes. */
    private static double delta(String before, String after, String name, String... labels) {
        return sum(after, name, labels) - sum(before, name, labels);
    }

    private static double sum(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
