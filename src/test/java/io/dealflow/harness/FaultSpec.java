package io.dealflow.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scripted failure of a simulator, as its {@code POST /faults} takes it: the next {@code times} calls whose
 * operation contains {@code operation} (a Bitrix24 method such as {@code crm.deal.update}, or a HubEx call such as
 * {@code POST /fsm/WORK/Tasks}) answer {@code status}/{@code body} after {@code delayMillis}. Status 0 answers
 * normally, only late. {@code afterExecution}: the call runs first. {@code probability}: the share of matching
 * calls hit.
 */
public record FaultSpec(String operation, int status, String body, int times, int delayMillis,
                        boolean afterExecution, double probability) {

    public static FaultSpec failing(String operation, int status, String body, int times) {
        return new FaultSpec(operation, status, body, times, 0, false, 1.0);
    }

    /** Answers normally but only after the delay: beyond the client's read timeout, a timeout. */
    public static FaultSpec slow(String operation, int delayMillis, int times) {
        return new FaultSpec(operation, 0, null, times, delayMillis, false, 1.0);
    }

    /** The call runs first (its effect happens); only its answer is delayed or replaced. */
    public FaultSpec runFirst() {
        return new FaultSpec(operation, status, body, times, delayMillis, true, probability);
    }

    public FaultSpec withProbability(double share) {
        return new FaultSpec(operation, status, body, times, delayMillis, afterExecution, share);
    }

    public FaultSpec withDelay(int millis) {
        return new FaultSpec(operation, status, body, times, millis, afterExecution, probability);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operation", operation);
        json.put("status", status);
        if (body != null) {
            json.put("body", body);
        }
        json.put("times", times);
        json.put("delayMillis", delayMillis);
        json.put("afterExecution", afterExecution);
        json.put("probability", probability);
        return json;
    }
}
