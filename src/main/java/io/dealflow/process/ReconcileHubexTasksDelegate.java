package io.dealflow.process;

import io.dealflow.reconciliation.HubexTaskReconciler;
import io.dealflow.reconciliation.ReconciliationSchedule;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Find HubEx tasks completed since the last run": lists HubEx completions since the last run and hands the tasks
 * of open cycles to the task event correlator (see {@link HubexTaskReconciler}).
 */
@Component
public class ReconcileHubexTasksDelegate implements JavaDelegate {

    public static final String VAR_COMPLETED = "hubexTasksCompletedRead";
    public static final String VAR_RECORDED = "hubexTasksHandedToCorrelator";

    private final HubexTaskReconciler reconciler;
    private final ReconciliationSchedule schedule;

    public ReconcileHubexTasksDelegate(HubexTaskReconciler reconciler, ReconciliationSchedule schedule) {
        this.reconciler = reconciler;
        this.schedule = schedule;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!schedule.isEnabled()) {
            return;
        }
        HubexTaskReconciler.Result result = reconciler.run();
        execution.setVariable(VAR_COMPLETED, result.completed());
        execution.setVariable(VAR_RECORDED, result.recorded());
    }
}
