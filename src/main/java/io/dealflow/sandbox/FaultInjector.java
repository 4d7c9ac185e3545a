package io.dealflow.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Scripted failures for one simulator: "answer the next N calls whose operation contains X with status S and
 * body B (after a delay)". A fault may hit only a share of the matching calls ({@code probability}), and may let
 * the call run first and spoil only its answer ({@code afterExecution}: the effect happened, the caller does not
 * learn it). Used by tests, by the fault harness and by people trying the retry behaviour in the sandbox.
 */
public class FaultInjector {

    /**
     * One scripted failure; {@code remaining} counts down as calls are hit. Status 0 answers normally (after the
     * delay): a slow answer, or with {@code afterExecution} an answer that arrives late after the effect.
     */
    public record Fault(String operationContains, int status, String body, int delayMillis, boolean afterExecution,
                        double probability, AtomicInteger remaining) {

        public Fault {
            if (probability <= 0 || probability > 1) {
                throw new IllegalArgumentException("probability must be in (0, 1]");
            }
        }

        /** Hits every matching call, before it runs. */
        public static Fault of(String operationContains, int status, String body, int times, int delayMillis) {
            return new Fault(operationContains, status, body, delayMillis, false, 1.0, new AtomicInteger(times));
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong injected = new AtomicLong();
    private final RandomGenerator random;

    public FaultInjector() {
        this(new Random());
    }

    /** With a given random source, so that tests of probabilistic faults are repeatable. */
    public FaultInjector(RandomGenerator random) {
        this.random = random;
    }

    public void add(String operationContains, int status, String body, int times, int delayMillis) {
        add(Fault.of(operationContains, status, body, times, delayMillis));
    }

    public void add(Fault fault) {
        faults.add(fault);
    }

    /**
     * Takes one use of the first fault matching the operation (e.g. "crm.deal.get" or "POST /fsm/WORK/Tasks"). A
     * fault with a probability below 1 lets the call pass on to the next matching fault the rest of the time,
     * without using up a use.
     */
    public Optional<Fault> take(String operation) {
        for (Fault fault : faults) {
            if (operation.contains(fault.operationContains())) {
                if (fault.probability() < 1 && !hits(fault.probability())) {
                    continue;
                }
                int left = fault.remaining().getAndDecrement();
                if (left > 0) {
                    if (left == 1) {
                        faults.remove(fault);
                    }
                    injected.incrementAndGet();
                    return Optional.of(fault);
                }
                faults.remove(fault);
            }
        }
        return Optional.empty();
    }

    /** The faults still armed, in the order they are tried. */
    public List<Fault> pending() {
        return faults.stream().filter(f -> f.remaining().get() > 0).toList();
    }

    /** How many calls a fault has hit since the start (or the last {@link #resetCount()}). */
    public long injectedCount() {
        return injected.get();
    }

    public void resetCount() {
        injected.set(0);
    }

    public void clear() {
        faults.clear();
    }

    private boolean hits(double probability) {
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }
}
