package io.dealflow.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Loses a share of a simulator's outgoing calls (Bitrix24 events, HubEx webhooks) on purpose, as a network or
 * an overloaded sender does: the call is never made and the sender does not notice. It is how the fault harness
 * checks that the reconciliation finds what the webhooks missed.
 */
public class OutgoingDrops {

    private final RandomGenerator random;
    private final AtomicLong dropped = new AtomicLong();
    private volatile double rate;

    public OutgoingDrops() {
        this(new Random());
    }

    public OutgoingDrops(RandomGenerator random) {
        this.random = random;
    }

    /** 0 delivers everything, 1 loses every call. */
    public void setRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("dropRate must be between 0 and 1");
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    /** Decides for one call; counts it when it is lost. */
    public boolean drop() {
        double current = rate;
        if (current <= 0) {
            return false;
        }
        boolean drop;
        synchronized (random) {
            drop = current >= 1 || random.nextDouble() < current;
        }
        if (drop) {
            dropped.incrementAndGet();
        }
        return drop;
    }

    public long droppedCount() {
        return dropped.get();
    }

    public void reset() {
        dropped.set(0);
        rate = 0;
    }

    /** A configured receiver setting: one URL, or several separated by commas, each of which gets every call. */
    public static List<String> targets(String configured) {
        if (configured == null || configured.isBlank()) {
            return List.of();
        }
        return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
