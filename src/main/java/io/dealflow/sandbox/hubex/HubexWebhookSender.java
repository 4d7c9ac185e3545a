package io.dealflow.sandbox.hubex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.dealflow.sandbox.OutgoingDrops;
import io.dealflow.sandbox.SandboxPost;
import io.dealflow.sandbox.SandboxProperties;

/**
 * Calls the simulator's webhook the way HubEx would: one asynchronous POST per task event, no retries, and every
 * failure spends one of the registration's 10 remaining calls. HubEx's real payload is undocumented, so the body
 * is the simulator's own: {@code {eventID, eventCode, taskID, taskNumber, taskStageID, occured}}. Several
 * receivers (comma-separated URLs, e.g. two DealFlow nodes) each get every call; a share of the calls can be lost
 * on purpose ({@link #drops()}) - lost on the way, so they spend none of the 10 calls.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexWebhookSender {

    static final String DEFAULT_WEBHOOK_TOKEN = "sandbox-hubex-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(HubexWebhookSender.class);

    private final HubexSimulatorStore store;
    private final SandboxProperties properties;
    private final Environment environment;
    /** Each call on a thread of its own, as HubEx makes them: a slow receiver does not hold up the next. */
    private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hubex-sandbox-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean deliverWebhooks;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final OutgoingDrops drops = new OutgoingDrops();

    public HubexWebhookSender(HubexSimulatorStore store, SandboxProperties properties, Environment environment) {
        this.store = store;
        this.properties = properties;
        this.environment = environment;
        this.deliverWebhooks = new AtomicBoolean(properties.getHubex().isDeliverWebhooks());
    }

    @EventListener
    public void onTaskEvent(HubexTaskEvent event) {
        send(event);
    }

    /**
     * Sends one event to every receiver unless delivery is switched off or the webhook is inactive.
     *
     * @return completes with true when every receiver answered 2xx, false when a call failed, was dropped or
     *         skipped
     */
    public CompletableFuture<Boolean> send(HubexTaskEvent event) {
        if (!deliverWebhooks.get() || !store.webhook().isActive()) {
            return CompletableFuture.completedFuture(false);
        }
        List<URI> targets;
        try {
            targets = targetUris();
        } catch (IllegalArgumentException e) {
            // The exception message would quote the URL and with it the token.
            recordFailure(Instant.now(), "invalid webhook URL");
            return CompletableFuture.completedFuture(false);
        } catch (IllegalStateException e) {
            recordFailure(Instant.now(), e.getMessage());
            return CompletableFuture.completedFuture(false);
        }
        List<CompletableFuture<Boolean>> calls = targets.stream()
                .map(target -> drops.drop() ? CompletableFuture.completedFuture(false) : send(target, event))
                .toList();
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().allMatch(CompletableFuture::join));
    }

    private CompletableFuture<Boolean> send(URI target, HubexTaskEvent event) {
        Instant started = Instant.now();
        URL url;
        try {
            url = target.toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            // The exception message would quote the URL and with it the token.
            recordFailure(started, "invalid webhook URL");
            return CompletableFuture.completedFuture(false);
        }
        String payload = payload(event);
        CompletableFuture<Integer> call;
        try {
            call = CompletableFuture.supplyAsync(() -> {
                try {
                    return SandboxPost.post(url, "application/json", payload, TIMEOUT, TIMEOUT);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, calls);
        } catch (RejectedExecutionException e) {
            recordFailure(started, "the simulator is stopping");
            return CompletableFuture.completedFuture(false);
        }
        return call.handle((status, error) -> {
            if (error == null && status / 100 == 2) {
                delivered.incrementAndGet();
                store.webhook().recordSuccess(started, Instant.now());
                return true;
            }
            recordFailure(started, error != null ? describe(error) : "HTTP " + status);
            return false;
        });
    }

    public boolean isDeliverWebhooks() {
        return deliverWebhooks.get();
    }

    public void setDeliverWebhooks(boolean deliver) {
        deliverWebhooks.set(deliver);
    }

    /** Calls the receiver answered with 2xx. */
    public int deliveredCount() {
        return delivered.get();
    }

    public int failedCount() {
        return failed.get();
    }

    /** Calls lost on purpose ({@link #drops()}): never made. */
    public long droppedCount() {
        return drops.droppedCount();
    }

    /** The share of calls lost on purpose. */
    public OutgoingDrops drops() {
        return drops;
    }

    public void resetCounters() {
        delivered.set(0);
        failed.set(0);
        drops.reset();
    }

    /** Read at every call, so a test may change the URL or start the server after this bean was created. */
    private List<URI> targetUris() {
        List<String> configured = OutgoingDrops.targets(properties.getHubex().getWebhookUrl());
        if (!configured.isEmpty()) {
            return configured.stream().map(URI::create).toList();
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("no webhook URL configured and no local server port known");
        }
        String token = environment.getProperty("dealflow.hubex.webhook-token", "");
        if (token.isBlank()) {
            token = DEFAULT_WEBHOOK_TOKEN;
        }
        return List.of(URI.create("http://localhost:" + port + "/webhooks/hubex?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    private String payload(HubexTaskEvent event) {
        try {
            return json.writeValueAsString(JsonFields.object()
                    .put("eventID", event.kind().eventId())
                    .put("eventCode", event.kind().code())
                    .put("taskID", event.taskId())
                    .put("taskNumber", event.taskNumber())
                    .put("taskStageID", event.taskStageId())
                    // HubEx spells it "occured" in its change log; the simulator keeps that spelling.
                    .put("occured", HubexTime.withZ(event.occurred()))
                    .build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook payload could not be written", e);
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof UncheckedIOException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void recordFailure(Instant started, String reason) {
        failed.incrementAndGet();
        store.webhook().recordFailure(started, Instant.now(), reason);
        // The reason never contains the URL, so the token in its query string stays out of the log.
        log.info("HubEx simulator webhook call failed: {}", reason);
    }

    @PreDestroy
    void stop() {
        calls.shutdownNow();
    }
}
