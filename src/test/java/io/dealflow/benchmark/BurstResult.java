package io.dealflow.benchmark;

/**
 * The burst: {@code send} is what the node answered while {@code events} events for {@code deals} deals (all in
 * the service stage) arrived; {@code absorbMillis} the time from the first event until every deal had its cycle
 * and the inbox was empty (-1: not within the time allowed). Nothing is lost when every deal has exactly one
 * cycle.
 */
record BurstResult(BenchmarkConfig config, int deals, int events, WebhookLoad.Result send, long absorbMillis,
                   int dealsWithoutCycle, int dealsWithSeveralCycles, int pendingEvents, ProcessProbe.Heap heap,
                   double nodeCpuSeconds) {

    BurstResult withHeap(ProcessProbe.Heap measured) {
        return new BurstResult(config, deals, events, send, absorbMillis, dealsWithoutCycle, dealsWithSeveralCycles,
                pendingEvents, measured, nodeCpuSeconds);
    }

    boolean nothingLost() {
        return send.failed() == 0 && dealsWithoutCycle == 0 && dealsWithSeveralCycles == 0 && pendingEvents == 0;
    }
}
