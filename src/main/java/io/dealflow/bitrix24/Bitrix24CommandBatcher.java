package io.dealflow.bitrix24;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Group commit of Bitrix24 REST calls (ADR 0008). Callers - job threads running delegates, the deal event
 * dispatcher - hand in their commands and wait for their own answers. One collector thread takes a request slot
 * from the client-side limiter and then everything that is waiting, up to {@code max-commands} per {@code batch}
 * request; the request goes out on one of {@code max-in-flight} sender threads. When nothing is on its way and a
 * slot is free a command therefore leaves at once (alone it goes as a plain call, exactly as without batching);
 * when slots are not free, commands gather while the collector waits for the next slot and leave up to 50 at a
 * time - one request of the portal's leaky bucket for the calls of many deals. While a request is on its way,
 * the commands that come meanwhile wait for it (at most {@code gather-behind-in-flight}, never with a full batch)
 * and leave together after it: without a limit, too, the portal gets a few requests of many commands instead of
 * one request per command (ADR 0023).
 *
 * <p>A unit - commands of one caller that read each other's answers through {@code $result[key]} - always
 * travels in one request. Per-command failures ({@code result_error}, with {@code halt=0}) reach only the caller
 * of that command; a failure of the whole request (QUERY_LIMIT_EXCEEDED after the in-place repeats, no answer,
 * HTTP errors) reaches every caller in it. A command that finds no slot within {@code rate-limit.max-wait} is not
 * sent and fails with the limiter's retryable error, as a plain call would.
 */
@Component
public class Bitrix24CommandBatcher {

    private static final Logger log = LoggerFactory.getLogger(Bitrix24CommandBatcher.class);
    /** The longest single wait for a slot; the collector then looks at deadlines and shutdown again. */
    private static final Duration SLOT_WAIT_SLICE = Duration.ofSeconds(1);
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int WITHDRAWN = 2;

    private final Bitrix24Client client;
    private final boolean enabled;
    private final int maxCommands;
    private final long lingerNanos;
    private final int maxInFlight;
    private final long gatherNanos;
    private final Duration callerTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Unit> queue = new ArrayDeque<>();
    private int queuedCommands;
    /** Requests handed to a sender and not yet answered. */
    private int inFlight;
    private boolean stopped;
    private Thread collector;
    private ExecutorService senders;
    private Semaphore freeSenders;

    /** The commands of one caller that travel together, and their answer. */
    private static final class Unit {
        final List<Bitrix24Command> commands;
        final CompletableFuture<BatchResult> answer = new CompletableFuture<>();
        final long enqueuedAt = System.nanoTime();
        final long deadline;
        final AtomicInteger state = new AtomicInteger(QUEUED);

        Unit(List<Bitrix24Command> commands, Duration maxWait) {
            this.commands = commands;
            this.deadline = enqueuedAt + maxWait.toNanos();
        }
    }

    @Autowired
    public Bitrix24CommandBatcher(Bitrix24Client client, Bitrix24Properties properties) {
        this(client, properties, defaultCallerTimeout(properties));
    }

    /** With the longest a caller waits for its answer before it gives up: tests shorten it. */
    Bitrix24CommandBatcher(Bitrix24Client client, Bitrix24Properties properties, Duration callerTimeout) {
        Bitrix24Properties.Batching settings = properties.getBatching();
        if (settings.getMaxCommands() < 1 || settings.getMaxCommands() > 50) {
            throw new IllegalArgumentException("dealflow.bitrix24.batching.max-commands must be 1 to 50 (Bitrix24 runs"
                    + " at most 50 commands per batch), got " + settings.getMaxCommands());
        }
        if (settings.getMaxInFlight() < 1) {
            throw new IllegalArgumentException("dealflow.bitrix24.batching.max-in-flight must be at least 1, got "
                    + settings.getMaxInFlight());
        }
        Duration linger = settings.getMaxLinger() == null ? Duration.ZERO : settings.getMaxLinger();
        if (linger.isNegative()) {
            throw new IllegalArgumentException("dealflow.bitrix24.batching.max-linger must not be negative, got "
                    + linger);
        }
        Duration gather = settings.getGatherBehindInFlight() == null ? Duration.ZERO
                : settings.getGatherBehindInFlight();
        if (gather.isNegative()) {
            throw new IllegalArgumentException("dealflow.bitrix24.batching.gather-behind-in-flight must not be"
                    + " negative, got " + gather);
        }
        this.client = client;
        this.enabled = settings.isEnabled();
        this.gatherNanos = gather.toNanos();
        this.maxCommands = settings.getMaxCommands();
        this.lingerNanos = linger.toNanos();
        this.maxInFlight = settings.getMaxInFlight();
        this.callerTimeout = callerTimeout;
    }

    /**
     * The longest a request can take with every in-place repeat after QUERY_LIMIT_EXCEEDED, plus the wait for a
     * slot: an answer that has not come by then never will (it only guards against a lost answer).
     */
    private static Duration defaultCallerTimeout(Bitrix24Properties properties) {
        int attempts = properties.getRateLimitRetries() + 1;
        Duration perAttempt = properties.getConnectTimeout().plus(properties.getReadTimeout())
                .plus(properties.getRateLimit().getMaxWait());
        Duration backoff = properties.getRateLimitBackoff().multipliedBy((long) Math.ceil(Math.pow(1.5, attempts)));
        return properties.getRateLimit().getMaxWait().plus(perAttempt.multipliedBy(attempts)).plus(backoff)
                .plusSeconds(30);
    }

    /**
     * Runs commands that belong together - a command may read an earlier one's answer through
     * {@code $result[key]} - in one request, and returns the answer of each by its key.
     */
    BatchResult runTogether(List<Bitrix24Command> commands) {
        return run(List.of(commands), false);
    }

    /** Runs independent commands, each in whichever request has room, and returns the answer of each by its key. */
    BatchResult runEach(List<Bitrix24Command> commands) {
        return run(commands.stream().map(List::of).toList(), false);
    }

    /**
     * {@link #runEach}, ahead of every command already waiting: for the event dispatcher's deal reads, which turn
     * stored events into cycles - 50 deals in one request - and would otherwise wait behind the commands of every
     * cycle already running, while the portal's slots go to those (the burst of docs/benchmarks.md).
     */
    BatchResult runEachAhead(List<Bitrix24Command> commands) {
        return run(commands.stream().map(List::of).toList(), true);
    }

    private BatchResult run(List<List<Bitrix24Command>> unitCommands, boolean ahead) {
        checkKeys(unitCommands);
        if (unitCommands.isEmpty()) {
            return new BatchResult(Map.of(), Map.of());
        }
        for (List<Bitrix24Command> commands : unitCommands) {
            commands.forEach(command -> client.failIfPaused(command.method()));
        }
        Duration maxWait = client.maxSlotWait();
        List<Unit> units = unitCommands.stream().map(commands -> new Unit(commands, maxWait)).toList();
        if (!enabled) {
            for (List<Unit> request : pack(units)) {
                send(request, false);
            }
        } else {
            enqueue(units, ahead);
        }
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, Bitrix24Exception> errors = new LinkedHashMap<>();
        try {
            for (Unit unit : units) {
                BatchResult answer = await(unit);
                results.putAll(answer.results());
                errors.putAll(answer.errors());
            }
        } finally {
            // a caller that leaves early (a failed request, an interrupt) takes back what has not gone out yet
            units.forEach(this::withdraw);
        }
        return new BatchResult(results, errors);
    }

    private static void checkKeys(List<List<Bitrix24Command>> unitCommands) {
        Set<String> keys = new HashSet<>();
        for (List<Bitrix24Command> commands : unitCommands) {
            if (commands.isEmpty() || commands.size() > 50) {
                throw new IllegalArgumentException("commands that travel together are 1 to 50, got "
                        + commands.size());
            }
            for (Bitrix24Command command : commands) {
                if (!keys.add(command.key())) {
                    throw new IllegalArgumentException("two commands with the key " + command.key());
                }
            }
        }
    }

    private void enqueue(List<Unit> units, boolean ahead) {
        lock.lock();
        try {
            if (stopped) {
                throw new Bitrix24Exception(Kind.UNAVAILABLE, "batch", "",
                        "Bitrix24 calls are not sent: DealFlow is shutting down; the call will be repeated");
            }
            startIfNeeded();
            if (ahead) {
                for (int i = units.size() - 1; i >= 0; i--) {
                    queue.addFirst(units.get(i));
                }
            } else {
                units.forEach(queue::addLast);
            }
            units.forEach(unit -> queuedCommands += unit.commands.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private BatchResult await(Unit unit) {
        try {
            return unit.answer.get(callerTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Bitrix24Exception failure) {
                // a fresh exception per caller: the stack trace shows the caller, and no two threads share one
                throw new Bitrix24Exception(failure.kind(), failure.method(), failure.errorCode(),
                        failure.getMessage());
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw leftEarly(unit, "interrupted while waiting for Bitrix24");
        } catch (TimeoutException e) {
            throw leftEarly(unit, "no answer from Bitrix24 within " + callerTimeout.toSeconds() + " s");
        }
    }

    private Bitrix24Exception leftEarly(Unit unit, String reason) {
        String method = unit.commands.get(0).method();
        if (withdraw(unit)) {
            return new Bitrix24Exception(Kind.UNAVAILABLE, method, "", reason + "; " + method
                    + " was not sent - the call will be repeated");
        }
        return new Bitrix24Exception(Kind.UNAVAILABLE, method, "", reason + "; " + method
                + " was already on its way and may or may not have been executed - the call will be repeated");
    }

    /** Takes a unit out of the queue if it has not been taken for a request yet; true if it will not be sent. */
    private boolean withdraw(Unit unit) {
        if (!unit.state.compareAndSet(QUEUED, WITHDRAWN)) {
            return unit.state.get() == WITHDRAWN;
        }
        lock.lock();
        try {
            if (queue.remove(unit)) {
                queuedCommands -= unit.commands.size();
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Commands waiting for a request (for tests and diagnostics). */
    int waitingCommands() {
        lock.lock();
        try {
            return queuedCommands;
        } finally {
            lock.unlock();
        }
    }

    // ---- the collector ------------------------------------------------------------------------------------------

    private void startIfNeeded() {
        if (collector != null) {
            return;
        }
        AtomicInteger senderNumber = new AtomicInteger();
        senders = Executors.newFixedThreadPool(maxInFlight, runnable -> {
            Thread thread = new Thread(runnable, "dealflow-bitrix24-sender-" + senderNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        freeSenders = new Semaphore(maxInFlight);
        collector = new Thread(this::collect, "dealflow-bitrix24-batcher");
        collector.setDaemon(true);
        collector.start();
    }

    private void collect() {
        while (true) {
            boolean permit = false;
            boolean slot = false;
            List<Unit> request = List.of();
            try {
                if (!awaitWork()) {
                    return;
                }
                freeSenders.acquire();
                permit = true;
                if (!gatherBehindInFlight()) {
                    return;
                }
                slot = takeSlot();
                if (!slot) {
                    continue;
                }
                request = drain();
                if (request.isEmpty()) {
                    continue;
                }
                List<Unit> taken = request;
                changeInFlight(1);
                try {
                    senders.execute(() -> {
                        try {
                            send(taken, true);
                        } finally {
                            changeInFlight(-1);
                            freeSenders.release();
                        }
                    });
                } catch (RuntimeException e) {
                    changeInFlight(-1);
                    throw e;
                }
                permit = false;
                slot = false;
                request = List.of();
            } catch (InterruptedException e) {
                if (isStopped()) {
                    return;
                }
                // nobody but stop() interrupts this thread: keep serving the callers
            } catch (RuntimeException e) {
                log.error("The Bitrix24 batcher could not send {} waiting calls; they fail and are retried",
                        request.size(), e);
                request.forEach(unit -> unit.answer.completeExceptionally(new Bitrix24Exception(Kind.UNAVAILABLE,
                        unit.commands.get(0).method(), "", "Bitrix24 " + unit.commands.get(0).method()
                        + " was not sent (" + e + ") - the call will be repeated")));
            } finally {
                if (slot) {
                    client.returnSlot();
                }
                if (permit) {
                    freeSenders.release();
                }
            }
        }
    }

    private boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something is queued (and, with a linger time, until more has gathered); false once stopped. */
    private boolean awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (!stopped && queue.isEmpty()) {
                changed.await();
            }
            if (lingerNanos > 0) {
                long until = queue.isEmpty() ? System.nanoTime() : queue.peekFirst().enqueuedAt + lingerNanos;
                long left;
                while (!stopped && queuedCommands < maxCommands && (left = until - System.nanoTime()) > 0) {
                    changed.awaitNanos(left);
                }
            }
            return !stopped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * While a request is on its way, lets the commands that came meanwhile wait for its answer - at most
     * {@code gather-behind-in-flight}, and not at all once they fill a batch - so that they leave together in the
     * next request instead of one request each on the free senders; false once stopped.
     */
    private boolean gatherBehindInFlight() throws InterruptedException {
        if (gatherNanos == 0) {
            return true;
        }
        lock.lock();
        try {
            long until = System.nanoTime() + gatherNanos;
            long left;
            while (!stopped && inFlight > 0 && queuedCommands < maxCommands
                    && (left = until - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
            return !stopped;
        } finally {
            lock.unlock();
        }
    }

    private void changeInFlight(int by) {
        lock.lock();
        try {
            inFlight += by;
            if (by < 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the slot of the next request. Commands whose wait for a slot exceeds {@code rate-limit.max-wait} are not
     * sent: they fail as a plain call held back by the limiter would. False when nothing is left to send.
     */
    private boolean takeSlot() throws InterruptedException {
        while (true) {
            long earliestDeadline;
            lock.lock();
            try {
                if (stopped || queue.isEmpty()) {
                    return false;
                }
                // one max-wait for all; commands sent ahead stand before older ones, so look at every deadline
                earliestDeadline = queue.peekFirst().deadline;
                for (Unit unit : queue) {
                    if (unit.deadline - earliestDeadline < 0) {
                        earliestDeadline = unit.deadline;
                    }
                }
            } finally {
                lock.unlock();
            }
            long untilDeadline = Math.max(0, earliestDeadline - System.nanoTime());
            Duration wait = Duration.ofNanos(Math.min(untilDeadline, SLOT_WAIT_SLICE.toNanos()));
            if (client.tryTakeSlot(wait)) {
                return true;
            }
            failOverdue();
            lock.lock();
            try {
                // the limiter answers at once when the next slot is further away than the wait: do not spin
                if (!stopped && !queue.isEmpty()) {
                    changed.await(50, TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void failOverdue() {
        List<Unit> overdue = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            Iterator<Unit> it = queue.iterator();
            while (it.hasNext()) {
                Unit unit = it.next();
                if (unit.deadline - now <= 0 && unit.state.compareAndSet(QUEUED, WITHDRAWN)) {
                    it.remove();
                    queuedCommands -= unit.commands.size();
                    overdue.add(unit);
                }
            }
        } finally {
            lock.unlock();
        }
        overdue.forEach(unit -> unit.answer.completeExceptionally(client.slotRefusal(unit.commands.get(0).method())));
    }

    /**
     * What the next request carries: the oldest waiting units that fit into {@code max-commands}, in order; a unit
     * larger than that goes alone.
     */
    private List<Unit> drain() {
        List<Unit> request = new ArrayList<>();
        lock.lock();
        try {
            int commands = 0;
            Iterator<Unit> it = queue.iterator();
            while (it.hasNext() && commands < maxCommands) {
                Unit unit = it.next();
                int size = unit.commands.size();
                if (unit.state.get() != QUEUED) {
                    it.remove();
                    queuedCommands -= size;
                } else if (request.isEmpty() || commands + size <= maxCommands) {
                    it.remove();
                    queuedCommands -= size;
                    if (unit.state.compareAndSet(QUEUED, TAKEN)) {
                        request.add(unit);
                        commands += size;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        return request;
    }

    /** Splits units into requests of at most {@code max-commands} (a larger unit alone), in order. */
    private List<List<Unit>> pack(List<Unit> units) {
        List<List<Unit>> requests = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int commands = 0;
        for (Unit unit : units) {
            if (!current.isEmpty() && commands + unit.commands.size() > maxCommands) {
                requests.add(current);
                current = new ArrayList<>();
                commands = 0;
            }
            current.add(unit);
            commands += unit.commands.size();
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    // ---- one request --------------------------------------------------------------------------------------------

    /** Sends the units as one request and hands every caller its own answers. */
    private void send(List<Unit> units, boolean slotHeld) {
        try {
            units.forEach(unit -> unit.state.set(TAKEN));
            Unit first = units.get(0);
            if (units.size() == 1 && first.commands.size() == 1 && first.commands.get(0).standalone()) {
                first.answer.complete(callAlone(first.commands.get(0), slotHeld));
                return;
            }
            Map<String, String> batch = new LinkedHashMap<>();
            List<Map<String, String>> wireKeys = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                wireKeys.add(addToBatch(batch, units.get(i), i, units.size() > 1));
            }
            BatchResult answer = slotHeld ? client.batchHoldingSlot(batch) : client.batch(batch, false);
            for (int i = 0; i < units.size(); i++) {
                units.get(i).answer.complete(answerOf(answer, wireKeys.get(i)));
            }
            log.debug("Bitrix24 batch: {} commands of {} callers in one request", batch.size(), units.size());
        } catch (RuntimeException | Error e) {
            // every caller in the request gets the request's failure; answers already handed out stay as they are
            units.forEach(unit -> unit.answer.completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /** A single command goes as the plain call it is: the same request as without batching. */
    private BatchResult callAlone(Bitrix24Command command, boolean slotHeld) {
        try {
            JsonNode result = slotHeld ? client.callHoldingSlot(command.method(), command.params())
                    : client.call(command.method(), command.params());
            Map<String, JsonNode> results = new LinkedHashMap<>();
            results.put(command.key(), result == null ? NullNode.getInstance() : result);
            return new BatchResult(results, Map.of());
        } catch (Bitrix24Exception e) {
            return new BatchResult(Map.of(), Map.of(command.key(), e));
        }
    }

    /**
     * Adds a unit's commands to the batch. Its keys stay as they are unless another unit already uses one of them;
     * then they get a prefix, and so do the unit's {@code $result[...]} references to them. Returns unit key to
     * batch key.
     */
    private static Map<String, String> addToBatch(Map<String, String> batch, Unit unit, int index, boolean shared) {
        Map<String, String> keys = new LinkedHashMap<>();
        boolean clash = shared && unit.commands.stream().anyMatch(c -> batch.containsKey(c.key()));
        for (Bitrix24Command command : unit.commands) {
            String key = command.key();
            if (clash) {
                key = "u" + index + "_" + command.key();
                while (batch.containsKey(key)) {
                    key = "u" + key;
                }
            }
            keys.put(command.key(), key);
        }
        for (Bitrix24Command command : unit.commands) {
            batch.put(keys.get(command.key()), command.renamed(keys.get(command.key()), keys).text());
        }
        return keys;
    }

    private static BatchResult answerOf(BatchResult answer, Map<String, String> keys) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, Bitrix24Exception> errors = new LinkedHashMap<>();
        keys.forEach((own, wire) -> {
            if (answer.results().containsKey(wire)) {
                results.put(own, answer.results().get(wire));
            }
            if (answer.errors().containsKey(wire)) {
                errors.put(own, answer.errors().get(wire));
            }
        });
        return new BatchResult(results, errors);
    }

    // ---- shutdown -----------------------------------------------------------------------------------------------

    /** Stops taking commands; those still waiting fail retryably without being sent, requests on their way finish. */
    @PreDestroy
    public void stop() {
        List<Unit> waiting;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            waiting = new ArrayList<>(queue);
            queue.clear();
            queuedCommands = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Unit unit : waiting) {
            if (unit.state.compareAndSet(QUEUED, WITHDRAWN)) {
                unit.answer.completeExceptionally(new Bitrix24Exception(Kind.UNAVAILABLE, "batch", "",
                        "Bitrix24 calls are not sent: DealFlow is shutting down; the call will be repeated"));
            }
        }
        if (collector != null && collector != Thread.currentThread()) {
            collector.interrupt();
        }
        if (senders != null) {
            senders.shutdown();
        }
    }
}
