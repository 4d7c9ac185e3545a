package io.dealflow.process;

import io.dealflow.metrics.DealFlowMetrics;
import io.dealflow.reconciliation.DealStageReconciler;
import io.dealflow.reconciliation.ReconciliationSchedule;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Find deals that entered a service stage": reads Bitrix24's stage history since the last run and hands every
 * deal that entered a trigger stage to the deal event dispatcher (see {@link DealStageReconciler}).
 */
@Component
public class ReconcileDealsDelegate implements JavaDelegate {

    public static final String VAR_STAGE_ENTRIES = "stageEntriesRead";
    public static final String VAR_DEALS = "dealsHandedToDispatcher";

    private final DealStageReconciler reconciler;
    private final ReconciliationSchedule schedule;
    private final DealFlowMetrics metrics;

    public ReconcileDealsDelegate(DealStageReconciler reconciler, ReconciliationSchedule schedule,
                                  DealFlowMetrics metrics) {
        this.reconciler = reconciler;
        this.schedule = schedule;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!schedule.isEnabled()) {
            return;
        }
        DealStageReconciler.Result result = reconciler.run();
        metrics.reconciliationCaught(DealFlowMetrics.BITRIX24, result.deals());
        execution.setVariable(VAR_STAGE_ENTRIES, result.entries());
        execution.setVariable(VAR_DEALS, result.deals());
    }
}
