package io.dealflow.process;

import io.dealflow.hubex.HubexWebhookHealth;
import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.reconciliation.HubexTaskReconciler;
import io.dealflow.reconciliation.ReconciliationSchedule;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Find HubEx tasks completed since the last run": lists HubEx completions since the last run and hands the tasks
 * of open cycles to the task event correlator (see {@link HubexTaskReconciler}), then checks the health of HubEx's
 * webhooks ({@link HubexWebhookHealth}). A failed health check is logged and never fails the run.
 */
@Component
public class ReconcileHubexTasksDelegate implements JavaDelegate {

    public static final String VAR_COMPLETED = "hubexTasksCompletedRead";
    public static final String VAR_RECORDED = "hubexTasksHandedToCorrelator";

    private static final Logger log = LoggerFactory.getLogger(ReconcileHubexTasksDelegate.class);

    private final HubexTaskReconciler reconciler;
    private final ReconciliationSchedule schedule;
    private final DealFlowMetrics metrics;
    private final HubexWebhookHealth webhookHealth;

    public ReconcileHubexTasksDelegate(HubexTaskReconciler reconciler, ReconciliationSchedule schedule,
                                       HubexWebhookHealth webhookHealth, DealFlowMetrics metrics) {
        this.reconciler = reconciler;
        this.schedule = schedule;
        this.webhookHealth = webhookHealth;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!schedule.isEnabled()) {
            return;
        }
        HubexTaskReconciler.Result result = reconciler.run();
        metrics.reconciliationCaught(DealFlowMetrics.HUBEX, result.recorded());
        execution.setVariable(VAR_COMPLETED, result.completed());
        execution.setVariable(VAR_RECORDED, result.recorded());
        try {
            // check() logs HubEx's own failures itself; this guards the run against anything else
            webhookHealth.check();
        } catch (RuntimeException e) {
            log.warn("Reconciliation: the HubEx webhook health check failed: {}", e.toString());
        }
    }
}
