package io.dealflow.process;

import io.dealflow.bitrix24.DealGateway;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Bitrix24: add timeline comment". Input parameter {@code comment}: the text (an expression may build it).
 * crm.timeline.comment.add is not idempotent, so a comment already added by an earlier run of this job is not
 * added again.
 */
@Component
public class AddTimelineCommentDelegate implements JavaDelegate {

    private final DealGateway deals;
    private final CommentLedger ledger;

    public AddTimelineCommentDelegate(DealGateway deals, CommentLedger ledger) {
        this.deals = deals;
        this.ledger = ledger;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String text = LongText.get(execution, ProcessConstants.INPUT_COMMENT);
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("The task '" + execution.getCurrentActivityName()
                    + "' needs the input parameter 'comment' (the text to add)");
        }
        String key = execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId();
        if (ledger.wasSent(key)) {
            return;
        }
        long dealId = Long.parseLong((String) execution.getVariable(ProcessConstants.VAR_DEAL_ID));
        long commentId = deals.addTimelineComment(dealId, text);
        ledger.recordSent(key, commentId);
    }
}
