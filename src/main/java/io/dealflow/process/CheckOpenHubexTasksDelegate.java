package io.dealflow.process;

import io.dealflow.reconciliation.OpenHubexTaskCheck;
import io.dealflow.reconciliation.ReconciliationSchedule;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Check the open HubEx tasks": reads the tasks of waiting cycles by ID, least recently read first, and hands those
 * deleted, cancelled or completed without a webhook to the task event correlator (see {@link OpenHubexTaskCheck}).
 */
@Component
public class CheckOpenHubexTasksDelegate implements JavaDelegate {

    public static final String VAR_CHECKED = "hubexOpenTasksChecked";
    public static final String VAR_RECORDED = "hubexClosedTasksHandedToCorrelator";

    private final OpenHubexTaskCheck check;
    private final ReconciliationSchedule schedule;

    public CheckOpenHubexTasksDelegate(OpenHubexTaskCheck check, ReconciliationSchedule schedule) {
        this.check = check;
        this.schedule = schedule;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!schedule.isEnabled()) {
            return;
        }
        OpenHubexTaskCheck.Result result = check.run();
        execution.setVariable(VAR_CHECKED, result.checked());
        execution.setVariable(VAR_RECORDED, result.recorded());
    }
}
