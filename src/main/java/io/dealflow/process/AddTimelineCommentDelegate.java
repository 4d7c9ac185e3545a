package io.dealflow.process;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.bitrix24.DealGateway;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Bitrix24: add timeline comment". Input parameter {@code comment}: the text (an expression may build it).
 * crm.timeline.comment.add is not idempotent, so a comment already added by an earlier run of this job is not
 * added again - also when that run never learnt it had succeeded (a timeout, a broken answer, the node killed) or
 * its transaction did not commit: such a retry first looks for the same text among the deal's comments that no step
 * has claimed yet. An add that got no answer may still land at the portal for a while (a read timeout shorter than
 * the portal's request limit, a node that died waiting); a retry that does not find the comment before then fails
 * again instead of adding it.
 */
@Component
public class AddTimelineCommentDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(AddTimelineCommentDelegate.class);

    private static final String METHOD = "crm.timeline.comment.add";

    private final DealGateway deals;
    private final CommentLedger ledger;
    private final Bitrix24Properties bitrix24;

    public AddTimelineCommentDelegate(DealGateway deals, CommentLedger ledger, Bitrix24Properties bitrix24) {
        this.deals = deals;
        this.ledger = ledger;
        this.bitrix24 = bitrix24;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String text = LongText.get(execution, ProcessConstants.INPUT_COMMENT);
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("The task '" + execution.getCurrentActivityName()
                    + "' needs the input parameter 'comment' (the text to add)");
        }
        String key = execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId();
        long dealId = Long.parseLong((String) execution.getVariable(ProcessConstants.VAR_DEAL_ID));
        CommentLedger.Entry earlier = ledger.entry(key);
        if (earlier.state() == CommentLedger.State.SENT) {
            return;
        }
        if (earlier.state() == CommentLedger.State.TRIED) {
            Optional<Long> added = addedEarlier(dealId, text);
            if (added.isPresent()) {
                log.info("Deal {}: the timeline comment of {} was added by an earlier attempt (comment {});"
                        + " not adding it again", dealId, execution.getCurrentActivityId(), added.get());
                ledger.recordSent(key, added.get());
                return;
            }
            if (earlier.mayStillLand(Instant.now())) {
                throw new Bitrix24Exception(Bitrix24Exception.Kind.UNAVAILABLE, METHOD, "", "An earlier attempt"
                        + " to add this timeline comment got no answer and may still land until "
                        + earlier.mayLandUntil() + "; it is not added again before then - the step will be retried");
            }
        }
        ledger.recordTried(key, earlier, Instant.now().plus(bitrix24.mayTakeEffectWithin()));
        long commentId;
        try {
            commentId = deals.addTimelineComment(dealId, text);
        } catch (Bitrix24Exception e) {
            // only a request without an answer can still be running at the portal; a refusal added nothing
            ledger.recordNoAnswer(key, e.kind() == Bitrix24Exception.Kind.UNAVAILABLE
                    ? Instant.now().plus(bitrix24.mayTakeEffectAfterFailure()) : Instant.now());
            throw e;
        }
        ledger.recordSent(key, commentId);
    }

    /** The deal's newest comment with this text that no step of any cycle has recorded as its own. */
    private Optional<Long> addedEarlier(long dealId, String text) {
        Map<Long, String> comments = deals.recentTimelineComments(dealId);
        Set<Long> claimed = ledger.recorded(comments.keySet());
        String wanted = normalized(text);
        return comments.entrySet().stream()
                .filter(c -> !claimed.contains(c.getKey()) && normalized(c.getValue()).equals(wanted))
                .map(Map.Entry::getKey)
                .max(Long::compare);
    }

    /** Bitrix24 may store line breaks as CRLF and trim the text. */
    private static String normalized(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").strip();
    }
}
