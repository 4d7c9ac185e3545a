package io.dealflow.benchmark;

import java.util.List;

/**
 * One column of the table. Paced phase: {@code pacedCycles} deals entered the service stage at {@code pacedRate}
 * per second; the latencies are theirs, {@code paced} counts exactly their cycles from first event to last
 * write. Saturation: {@code backlog} cycles kept open, {@code window} is the measured stretch after the warm-up.
 * {@code ack} is null when the configuration had no acknowledgement phase, {@code burst} when the burst was not
 * run on this node.
 */
record ConfigResult(BenchmarkConfig config, double pacedRate, int pacedCycles, int pacedCompleted,
                    Latencies eventToTask, Latencies completionToUpdate, Counters.Delta paced, int backlog,
                    Counters.Delta window, int extraCycles, int incidents, WebhookLoad.Result ack,
                    ProcessProbe.Heap heap, List<String> notes, BurstResult burst) {

    /** Refusals of the simulated portal (503 QUERY_LIMIT_EXCEEDED) over the whole run; -1 unknown. */
    long refusals() {
        if (paced.bitrix24Refused() < 0 || window.bitrix24Refused() < 0) {
            return -1;
        }
        return paced.bitrix24Refused() + window.bitrix24Refused();
    }
}
