package io.dealflow.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.dealflow.harness.Simulators;

/**
 * Plays the people around DealFlow: managers drag deals into the service stage in the simulated portal (which
 * then sends ONCRMDEALUPDATE, some of them repeated), and a technician completes every HubEx task as soon as
 * DealFlow has created it. It notes when each deal entered the stage and when its task was completed, to the
 * millisecond, for the latencies. With no-op delegates there is no HubEx task: the "technician" then sends
 * HubEx's "task changed" webhook for the cycle's stand-in task itself.
 */
final class CycleDriver implements AutoCloseable {

    private static final Duration TECHNICIAN_ROUND = Duration.ofMillis(200);
    /** Companies the benchmark's deals belong to. */
    static final int CUSTOMERS = 25;

    private final Simulators simulators;
    private final BenchmarkDatabase database;
    private final WebhookLoad webhooks;
    private final boolean noop;
    private final Map<Long, Long> enteredAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> completedAt = new ConcurrentHashMap<>();
    private final Set<Long> handedToTechnician = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicateEvents = new AtomicLong();
    private final List<String> customers = new ArrayList<>();
    private int customerIndex;
    private final AtomicLong technicianFailures = new AtomicLong();
    private final ExecutorService technicians = Executors.newFixedThreadPool(4);
    private volatile boolean running = true;
    private final Thread technicianLoop;

    CycleDriver(Simulators simulators, BenchmarkDatabase database, WebhookLoad webhooks, boolean noop) {
        this.simulators = simulators;
        this.database = database;
        this.webhooks = webhooks;
        this.noop = noop;
        this.technicianLoop = new Thread(this::completeTasks, "benchmark-technician");
        this.technicianLoop.setDaemon(true);
        this.technicianLoop.start();
    }

    /**
     * Deals at the first stage of the service pipeline, created with event delivery off: the deals exist before
     * the benchmark, as in a real portal, and cost DealFlow nothing until they move. They belong to
     * {@value #CUSTOMERS} customers (companies), as a service business has repeat customers: the first deal of
     * each makes DealFlow find or create the company in HubEx, the others find it linked already.
     */
    List<Long> createDeals(int count, String titlePrefix) {
        simulators.bitrix24Events(false, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            while (customers.size() < CUSTOMERS) {
                String first = simulators.createServiceDeal(titlePrefix + " клиент " + (customers.size() + 1));
                customers.add(simulators.deal(first).path("COMPANY_ID").asText());
            }
            List<Future<String>> created = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String title = titlePrefix + " " + i;
                String company = customers.get(customerIndex++ % CUSTOMERS);
                created.add(pool.submit(() -> simulators.createServiceDeal(title, company)));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<String> deal : created) {
                ids.add(Long.parseLong(deal.get()));
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException("could not create the benchmark's deals: " + e, e);
        } finally {
            pool.shutdownNow();
            simulators.bitrix24Events(true, 0);
        }
    }

    /** Moves the deal into the service stage; the portal sends its event, plus {@code repeats} copies of it. */
    void enterServiceStage(long dealId, int repeats) {
        enteredAt.put(dealId, System.currentTimeMillis());
        simulators.moveDeal(String.valueOf(dealId), Simulators.SERVICE_STAGE);
        if (repeats > 0) {
            simulators.repeatEvent(String.valueOf(dealId), repeats);
            duplicateEvents.addAndGet(repeats);
        }
    }

    /** Moves deals into the service stage without any event reaching DealFlow (the burst sends them itself). */
    void enterServiceStageSilently(Collection<Long> dealIds) {
        simulators.bitrix24Events(false, 0);
        try {
            dealIds.forEach(id -> simulators.moveDeal(String.valueOf(id), Simulators.SERVICE_STAGE));
        } finally {
            simulators.bitrix24Events(true, 0);
        }
    }

    long enteredAt(long dealId) {
        return enteredAt.getOrDefault(dealId, 0L);
    }

    long completedAt(long dealId) {
        return completedAt.getOrDefault(dealId, 0L);
    }

    long duplicateEvents() {
        return duplicateEvents.get();
    }

    long technicianFailures() {
        return technicianFailures.get();
    }

    private void completeTasks() {
        while (running) {
            try {
                for (Map.Entry<Long, Long> cycle : database.tasksByDeal().entrySet()) {
                    long deal = cycle.getKey();
                    if (enteredAt.containsKey(deal) && handedToTechnician.add(deal)) {
                        long task = cycle.getValue();
                        technicians.execute(() -> complete(deal, task));
                    }
                }
                TimeUnit.MILLISECONDS.sleep(TECHNICIAN_ROUND.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                technicianFailures.incrementAndGet();
            }
        }
    }

    private void complete(long deal, long task) {
        try {
            completedAt.put(deal, System.currentTimeMillis());
            if (noop) {
                if (!webhooks.hubexTaskChanged(task)) {
                    technicianFailures.incrementAndGet();
                }
            } else {
                simulators.completeTask((int) task);
            }
        } catch (RuntimeException e) {
            technicianFailures.incrementAndGet();
        }
    }

    @Override
    public void close() {
        running = false;
        technicianLoop.interrupt();
        technicians.shutdownNow();
    }
}
