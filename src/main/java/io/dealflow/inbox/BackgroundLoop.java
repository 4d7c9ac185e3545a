package io.dealflow.inbox;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A daemon thread that runs one pass whenever it is woken, and at least every poll interval. */
final class BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    private final String name;
    private final DispatchSignal signal;
    private final Duration pollInterval;
    private final Duration settleDelay;
    private final Runnable pass;
    private volatile Thread thread;

    /** settleDelay: pause after a wake-up, so that a burst is handled by one pass. */
    BackgroundLoop(String name, DispatchSignal signal, Duration pollInterval, Duration settleDelay, Runnable pass) {
        this.name = name;
        this.signal = signal;
        this.pollInterval = pollInterval;
        this.settleDelay = settleDelay;
        this.pass = pass;
    }

    synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                signal.await(pollInterval);
                if (!settleDelay.isZero()) {
                    Thread.sleep(settleDelay.toMillis());
                }
                pass.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("{}: pass failed; continuing", name, e);
            }
        }
    }
}
