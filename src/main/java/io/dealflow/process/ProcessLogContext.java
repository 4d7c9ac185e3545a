package io.dealflow.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.delegate.DelegateInvocation;
import org.camunda.bpm.engine.impl.interceptor.DelegateInterceptor;
import org.slf4j.MDC;

/**
 * The log context of a process step. Camunda itself puts {@value #DEAL_ID} (the business key, which is the deal ID
 * in every DealFlow process), {@value #PROCESS_INSTANCE_ID} and {@code activityId} into the MDC while it executes
 * a step; this interceptor adds {@value #HUBEX_TASK_ID} from the process variable while a delegate, listener or
 * expression of the step runs, so that the log lines of every delegate carry it without the delegates knowing.
 */
public class ProcessLogContext implements DelegateInterceptor {

    public static final String DEAL_ID = "dealId";
    public static final String PROCESS_INSTANCE_ID = "processInstanceId";
    public static final String HUBEX_TASK_ID = "hubexTaskId";

    private final DelegateInterceptor next;

    public ProcessLogContext(DelegateInterceptor next) {
        this.next = next;
    }

    @Override
    public void handleInvocation(DelegateInvocation invocation) throws Exception {
        try (MdcEntry ignored = hubexTaskOf(invocation.getContextExecution() instanceof DelegateExecution execution
                ? execution : null)) {
            next.handleInvocation(invocation);
        }
    }

    /** Puts the HubEx task ID of this execution's process into the MDC until closed; the previous value after. */
    static MdcEntry hubexTaskOf(DelegateExecution execution) {
        String previous = MDC.get(HUBEX_TASK_ID);
        Object taskId = null;
        if (execution != null) {
            try {
                taskId = execution.getVariable(ProcessConstants.VAR_HUBEX_TASK_ID);
            } catch (RuntimeException e) {
                // the log context must never fail a step
            }
        }
        if (taskId == null) {
            return () -> { };
        }
        MDC.put(HUBEX_TASK_ID, String.valueOf(taskId));
        return () -> {
            if (previous == null) {
                MDC.remove(HUBEX_TASK_ID);
            } else {
                MDC.put(HUBEX_TASK_ID, previous);
            }
        };
    }

    /** An MDC entry to be removed again. */
    interface MdcEntry extends AutoCloseable {
        @Override
        void close();
    }
}
