package io.dealflow.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted failures for one simulator: "answer the next N calls whose operation contains X with status S and
 * body B (after a delay)". Used by tests and by people trying the retry behaviour in the sandbox.
 */
public class FaultInjector {

    /** One scripted failure; {@code remaining} counts down as calls match. */
    public record Fault(String operationContains, int status, String body, int delayMillis, AtomicInteger remaining) {
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    public void add(String operationContains, int status, String body, int times, int delayMillis) {
        faults.add(new Fault(operationContains, status, body, delayMillis, new AtomicInteger(times)));
    }

    /** Takes one use of the first fault matching the operation (e.g. "crm.deal.get" or "POST /fsm/WORK/Tasks"). */
    public Optional<Fault> take(String operation) {
        for (Fault fault : faults) {
            if (operation.contains(fault.operationContains())) {
                int left = fault.remaining().getAndDecrement();
                if (left > 0) {
                    if (left == 1) {
                        faults.remove(fault);
                    }
                    return Optional.of(fault);
                }
                faults.remove(fault);
            }
        }
        return Optional.empty();
    }

    public void clear() {
        faults.clear();
    }
}
