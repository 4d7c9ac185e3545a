package io.dealflow.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import io.dealflow.health.ReconciliationHealthIndicator;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.inbox.DealEventInbox;
import io.dealflow.inbox.TaskEventInbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gauges read when Prometheus scrapes: each is one count query on an indexed table or a computation, no remote
 * call. A gauge whose source fails reports NaN rather than failing the scrape.
 */
@Component
public class OperationalGauges {

    private static final Logger log = LoggerFactory.getLogger(OperationalGauges.class);

    public OperationalGauges(MeterRegistry registry, RuntimeService runtimeService, DealEventInbox dealEvents,
                             TaskEventInbox taskEvents, ReconciliationHealthIndicator reconciliation,
                             HubexProperties hubex) {
        gauge(registry, "dealflow.incidents.open", "Open Camunda incidents (all processes)",
                () -> runtimeService.createIncidentQuery().count());
        Gauge.builder("dealflow.inbox.pending", () -> read("dealflow.inbox.pending", dealEvents::pendingCount))
                .description("Stored events not handled yet").tag("inbox", "deal").register(registry);
        Gauge.builder("dealflow.inbox.pending",
                        () -> read("dealflow.inbox.pending", () -> taskEvents.count(TaskEventInbox.PENDING)))
                .description("Stored events not handled yet").tag("inbox", "task").register(registry);
        Gauge.builder("dealflow.inbox.parked", () -> read("dealflow.inbox.parked",
                        () -> taskEvents.count(TaskEventInbox.UNMATCHED)))
                .description("HubEx events parked as UNMATCHED").tag("inbox", "task").register(registry);
        Gauge.builder("dealflow.reconciliation.lag", () -> read("dealflow.reconciliation.lag",
                        () -> reconciliation.lag().toMillis() / 1000.0))
                .description("Seconds since the last successful reconciliation run (or this node's start)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("dealflow.hubex.service.token.expiry", () -> read("dealflow.hubex.service.token.expiry", () -> {
                    if (hubex.getServiceTokenValidUntil() == null) {
                        return Double.NaN;
                    }
                    return Duration.between(Clock.systemUTC().instant(), hubex.getServiceTokenValidUntil()
                            .plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
                }))
                .description("Seconds until dealflow.hubex.service-token-valid-until ends (NaN when unset)")
                .baseUnit("seconds").register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String description, Supplier<Number> value) {
        Gauge.builder(name, () -> read(name, value)).description(description).register(registry);
    }

    private static double read(String name, Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            log.debug("Gauge {} could not be read: {}", name, e.toString());
            return Double.NaN;
        }
    }
}
