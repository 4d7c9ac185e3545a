package io.dealflow.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

import io.dealflow.harness.Simulators;

/**
 * Calls a node's webhook endpoints the way Bitrix24 and HubEx do, and times each answer: Bitrix24 events at a fixed
 * rate (open loop: a slow answer does not slow the sending down) or as fast as {@code senders} threads can.
 */
final class WebhookLoad {

    /** What one load sent: the answer times of the accepted calls, and how many were not accepted. */
    record Result(int sent, int accepted, int failed, Latencies ack, long elapsedMillis) {
        double perSecond() {
            return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String nodeBaseUrl;

    WebhookLoad(String nodeBaseUrl) {
        this.nodeBaseUrl = nodeBaseUrl;
    }

    /** Event number i goes to the deal {@code dealOf.applyAsLong(i)}, at {@code perSecond} for {@code count} events. */
    Result atFixedRate(double perSecond, int count, LongUnaryOperator dealOf) {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Collector collector = new Collector();
        long period = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long deal = dealOf.applyAsLong(i);
                pool.execute(() -> collector.send(() -> bitrix24Event(deal)));
            }
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return collector.result(count, (System.nanoTime() - start) / 1_000_000);
    }

    /** The events for {@code deals}, in that order, as fast as {@code senders} threads can send them. */
    Result burst(List<Long> deals, int senders) {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        Collector collector = new Collector();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            for (int t = 0; t < senders; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < deals.size(); i = next.getAndIncrement()) {
                        long deal = deals.get(i);
                        collector.send(() -> bitrix24Event(deal));
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return collector.result(deals.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /** HubEx's "task changed" call for a task; true when the node accepted it. */
    boolean hubexTaskChanged(long taskId) {
        return post("/webhooks/hubex?token=" + Simulators.HUBEX_WEBHOOK_TOKEN, "application/json",
                "{\"taskID\":" + taskId + "}") == 200;
    }

    private int bitrix24Event(long dealId) {
        String form = field("event", "ONCRMDEALUPDATE") + "&" + field("data[FIELDS][ID]", String.valueOf(dealId))
                + "&" + field("ts", String.valueOf(System.currentTimeMillis() / 1000))
                + "&" + field("auth[domain]", "benchmark.bitrix24.ru")
                + "&" + field("auth[application_token]", Simulators.APPLICATION_TOKEN);
        return post("/webhooks/bitrix24", "application/x-www-form-urlencoded", form);
    }

    private static String field(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The HTTP status, or -1 when no answer came. */
    private int post(String path, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nodeBaseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Times calls from just before the request to the complete answer. */
    private static final class Collector {
        private final ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        private final AtomicLong failed = new AtomicLong();

        interface Call {
            int status();
        }

        void send(Call call) {
            long started = System.nanoTime();
            int status = call.status();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (status == 200) {
                accepted.add(millis);
            } else {
                failed.incrementAndGet();
            }
        }

        Result result(int sent, long elapsedMillis) {
            return new Result(sent, accepted.size(), (int) failed.get(), Latencies.of(accepted), elapsedMillis);
        }
    }
}
