package io.dealflow.sandbox.bitrix24;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.dealflow.sandbox.OutgoingDrops;
import io.dealflow.sandbox.SandboxPost;
import io.dealflow.sandbox.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Delivers the portal's outbound deal events (§2.2) as form-urlencoded POSTs carrying only the deal ID, on a
 * small background pool so no caller waits for the receiver. Like Bitrix24 it never retries: a failed delivery
 * is logged, counted and lost. Several receivers (comma-separated handler URLs, e.g. two DealFlow nodes) each get
 * every event; a share of the deliveries can be lost on purpose ({@link #drops()}).
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24EventSender implements DisposableBean {

    /** One delivery attempt; {@code status} is 0 when no HTTP answer arrived. */
    public record Delivery(String event, String dealId, int status, String failure) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Bitrix24EventSender.class);
    private static final int KEPT_DELIVERIES = 1000;
    private static final Map<String, String> HANDLER_IDS = Map.of(
            Bitrix24SimulatorStore.EVENT_DEAL_ADD, "1",
            Bitrix24SimulatorStore.EVENT_DEAL_UPDATE, "2",
            Bitrix24SimulatorStore.EVENT_DEAL_DELETE, "3");

    private final SandboxProperties properties;
    private final Environment environment;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "bitrix24-sandbox-events");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean warnedNoTarget = new AtomicBoolean();
    /** Guarded by itself: an array deque knows its size, where a concurrent deque counts its nodes on every call. */
    private final ArrayDeque<Delivery> recent = new ArrayDeque<>(KEPT_DELIVERIES + 1);
    private final OutgoingDrops drops = new OutgoingDrops();
    /** What the portal signs its events with: read once, a look-up through every property source per event is not. */
    private final String applicationToken;
    private volatile boolean deliverEvents;

    public Bitrix24EventSender(SandboxProperties properties, Environment environment, Bitrix24SimulatorStore store) {
        this.properties = properties;
        this.environment = environment;
        this.applicationToken = environment.getProperty("dealflow.bitrix24.application-token", "sandbox-app-token");
        this.deliverEvents = properties.getBitrix24().isDeliverEvents();
        store.addDealEventListener(this::enqueue);
    }

    public void setDeliverEvents(boolean deliverEvents) {
        this.deliverEvents = deliverEvents;
    }

    public boolean isDeliverEvents() {
        return deliverEvents;
    }

    /** Deliveries answered with 2xx. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Deliveries lost on purpose ({@link #drops()}): never sent. */
    public long droppedCount() {
        return drops.droppedCount();
    }

    /** The share of deliveries lost on purpose. */
    public OutgoingDrops drops() {
        return drops;
    }

    /** Sends the deal's event again, as Bitrix24 sometimes delivers one event twice. */
    public void resend(String event, String dealId) {
        enqueue(event, dealId);
    }

    /** Deliveries that got a non-2xx answer or none at all. */
    public long failedCount() {
        return failed.get();
    }

    /** The most recent attempts (up to 1000), oldest first. */
    public List<Delivery> deliveries() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public void resetDeliveries() {
        delivered.set(0);
        failed.set(0);
        synchronized (recent) {
            recent.clear();
        }
        drops.reset();
    }

    /** Waits until every queued event has been attempted; true if that happened within the timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void enqueue(String event, String dealId) {
        if (!deliverEvents) {
            return;
        }
        long ts = Instant.now().getEpochSecond();
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    deliver(event, dealId, ts);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            pending.decrementAndGet();
            record(new Delivery(event, dealId, 0, "executor stopped"));
        }
    }

    private void deliver(String event, String dealId, long ts) {
        List<String> urls = targetUrls();
        if (urls.isEmpty()) {
            // happens in tests without a running web server; one warning is enough
            if (warnedNoTarget.compareAndSet(false, true)) {
                log.warn("Bitrix24 sandbox: events are not delivered: no event handler URL and no local.server.port");
            }
            record(new Delivery(event, dealId, 0, "no target"));
            return;
        }
        for (String url : urls) {
            if (drops.drop()) {
                log.debug("Bitrix24 sandbox: event {} for deal {} dropped on purpose", event, dealId);
            } else {
                deliver(url, event, dealId, ts);
            }
        }
    }

    private void deliver(String url, String event, String dealId, long ts) {
        try {
            int status = SandboxPost.post(URI.create(url).toURL(), "application/x-www-form-urlencoded",
                    formBody(event, dealId, ts), Duration.ofSeconds(2), Duration.ofSeconds(10));
            Delivery delivery = new Delivery(event, dealId, status, null);
            record(delivery);
            if (!delivery.delivered()) {
                warn(delivery);
            }
        } catch (Exception e) {
            Delivery delivery = new Delivery(event, dealId, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
            record(delivery);
            warn(delivery);
        }
    }

    private static void warn(Delivery delivery) {
        // the handler URL may carry a token in its query string, so it is not logged
        log.warn("Bitrix24 sandbox: event {} for deal {} not delivered ({})", delivery.event(), delivery.dealId(),
                delivery.failure() != null ? delivery.failure() : "HTTP " + delivery.status());
    }

    private void record(Delivery delivery) {
        if (delivery.delivered()) {
            delivered.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        synchronized (recent) {
            recent.addLast(delivery);
            if (recent.size() > KEPT_DELIVERIES) {
                recent.pollFirst();
            }
        }
    }

    private List<String> targetUrls() {
        List<String> configured = OutgoingDrops.targets(properties.getBitrix24().getEventHandlerUrl());
        if (!configured.isEmpty()) {
            return configured;
        }
        String port = environment.getProperty("local.server.port");
        return port == null ? List.of() : List.of("http://localhost:" + port + "/webhooks/bitrix24");
    }

    /** The exact keys and order of an outgoing-webhook delivery. */
    String formBody(String event, String dealId, long ts) {
        String domain = properties.getBitrix24().getDomain();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("event", event);
        form.put("event_handler_id", HANDLER_IDS.getOrDefault(event, "1"));
        form.put("data[FIELDS][ID]", dealId);
        form.put("ts", Long.toString(ts));
        form.put("auth[domain]", domain);
        form.put("auth[client_endpoint]", "https://" + domain + "/rest/");
        form.put("auth[server_endpoint]", "https://oauth.bitrix.info/rest/");
        form.put("auth[member_id]", memberId(domain));
        form.put("auth[application_token]", applicationToken);
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** A stable 32-hex portal ID, as real member_ids look. */
    private static String memberId(String domain) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(domain.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
