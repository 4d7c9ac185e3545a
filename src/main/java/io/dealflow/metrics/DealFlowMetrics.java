package io.dealflow.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.BucketListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Every DealFlow metric, by name, in one place (the catalogue is in docs/operations.md). Micrometer names
 * {@code dealflow.x.y} are exported by /actuator/prometheus as {@code dealflow_x_y_total} (counters) or
 * {@code dealflow_x_y_seconds_*} (timers). Tag values come from small fixed sets - never IDs - so the number of
 * series stays bounded.
 */
@Component
public class DealFlowMetrics {

    /** Where an event came from, or which system was called. */
    public static final String BITRIX24 = "bitrix24";
    public static final String HUBEX = "hubex";

    private final MeterRegistry registry;

    public DealFlowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics that go nowhere, for code built outside Spring (tests, tools). */
    public static DealFlowMetrics detached() {
        return new DealFlowMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    // --- webhooks and events -------------------------------------------------------------------------------------

    /** Events stored by a webhook (a HubEx call naming several tasks stores one event per task). */
    public void eventsReceived(String source, int count) {
        counter("dealflow.events.received", "Events stored by a webhook", "source", source).increment(count);
    }

    /** A webhook call refused with 401 or 400; nothing was stored. */
    public void eventRejected(String source, String reason) {
        counter("dealflow.events.rejected", "Webhook calls refused (401 wrong token, 400 malformed)",
                "source", source, "reason", reason).increment();
    }

    /** Events that needed no action: not a deal event, a deal in no trigger stage, a task of no cycle, … */
    public void eventsIgnored(String source, String reason, int count) {
        if (count > 0) {
            counter("dealflow.events.ignored", "Events that needed no action", "source", source, "reason", reason)
                    .increment(count);
        }
    }

    /** Events that repeated others: handled by the same read (coalesced) or for a stage entry with a cycle. */
    public void eventsDeduplicated(String source, String reason, int count) {
        if (count > 0) {
            counter("dealflow.events.deduplicated", "Events that repeated another one", "source", source,
                    "reason", reason).increment(count);
        }
    }

    /** Time from a webhook call reaching DealFlow to its answer being ready (the event is stored by then). */
    public void webhookAcknowledged(String source, long nanos) {
        Timer.builder("dealflow.webhook.ack").description("Time to acknowledge a webhook call")
                .tag("source", source).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Deals or tasks the reconciliation found that no webhook had reported. */
    public void reconciliationCaught(String system, int count) {
        if (count > 0) {
            counter("dealflow.reconciliation.caught", "Changes the reconciliation found that no webhook reported",
                    "system", system).increment(count);
        }
    }

    // --- cycles ----------------------------------------------------------------------------------------------------

    public void cycleStarted(String processKey) {
        counter("dealflow.cycles.started", "Service cycles started", "process", processKey).increment();
    }

    /** A cycle that ended with its HubEx task completed. */
    public void cycleCompleted(String processKey) {
        counter("dealflow.cycles.completed", "Service cycles that ended with their HubEx task completed",
                "process", processKey).increment();
    }

    /**
     * A cycle that ended otherwise: {@code reason} is the ID of the end event it reached, or {@code deleted} when
     * an operator cancelled the instance (Cockpit, REST).
     */
    public void cycleCancelled(String processKey, String reason) {
        counter("dealflow.cycles.cancelled", "Service cycles that ended without a completed HubEx task",
                "process", processKey, "reason", reason).increment();
    }

    /** From the deal event being stored (webhook or reconciliation) to the HubEx task being created. */
    public void eventToTaskCreated(Duration latency) {
        longLatency("dealflow.latency.event.to.task", "From a deal event to its HubEx task", latency);
    }

    /** From the HubEx task change being stored to the cycle ending with the deal updated. */
    public void completionToDealUpdated(Duration latency) {
        longLatency("dealflow.latency.completion.to.deal", "From a HubEx completion to the deal updated", latency);
    }

    private void longLatency(String name, String description, Duration latency) {
        Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(2))
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    // --- remote calls ----------------------------------------------------------------------------------------------

    /**
     * One HTTP request to Bitrix24 or HubEx: {@code method} is the REST method (Bitrix24) or the API operation
     * (HubEx), {@code outcome} {@code ok}, {@code rate_limited} or an error class (auth, not_found, rejected,
     * duplicate, unavailable).
     */
    public void apiRequest(String system, String method, String outcome, long nanos) {
        Timer.builder("dealflow.api.requests").description("HTTP requests to Bitrix24 and HubEx")
                .tags("system", system, "method", method, "outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Reports the waits and refusals of a client-side rate limit: {@code dealflow.ratelimit.waits} (how often and
     * how long a call waited for a slot) and {@code dealflow.ratelimit.refusals} (calls not sent: no slot within
     * max-wait).
     */
    public BucketListener rateLimitListener(String system) {
        Timer waits = Timer.builder("dealflow.ratelimit.waits")
                .description("Calls that waited for a slot of the client-side rate limit")
                .tag("system", system).register(registry);
        Counter refusals = counter("dealflow.ratelimit.refusals",
                "Calls not sent: no slot of the client-side rate limit within max-wait", "system", system);
        return new BucketListener() {
            @Override
            public void onConsumed(long tokens) {
            }

            @Override
            public void onRejected(long tokens) {
                refusals.increment(tokens);
            }

            @Override
            public void onParked(long nanos) {
                waits.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void onInterrupted(InterruptedException e) {
            }

            @Override
            public void onDelayed(long nanos) {
            }
        };
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
