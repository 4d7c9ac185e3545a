package io.dealflow.process;

import static io.dealflow.process.ProcessConstants.*;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.dealflow.mapping.CommentTemplate;
import io.dealflow.mapping.DealWriteback;
import io.dealflow.mapping.MappingProperties;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The escalation before a HubEx task's deadline, for the diagrams ({@code ${deadlineEscalation...}}): arms the timer
 * from the deadline DealFlow knows and {@code dealflow.escalation.before-deadline}, tells whether the deadline is
 * still that close when the timer fires, and writes the comment. The deadline DealFlow knows is the one the last
 * read of the task saw ({@code hubexTaskDeadline}), otherwise the one DealFlow gave the task
 * ({@code taskDeadlineRequested}). Times are compared on the engine's clock, as the timer's due date is.
 */
@Component("deadlineEscalation")
public class DeadlineEscalation {

    private static final Logger log = LoggerFactory.getLogger(DeadlineEscalation.class);
    private static final DateTimeFormatter FOR_PEOPLE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final EscalationProperties properties;
    private final MappingProperties mapping;
    private final DealWriteback writeback;

    public DeadlineEscalation(EscalationProperties properties, MappingProperties mapping, DealWriteback writeback) {
        this.properties = properties;
        this.mapping = mapping;
        this.writeback = writeback;
    }

    /**
     * Start listener of "Escalate before the deadline?": sets {@code escalationAction} ({@code comment},
     * {@code operator}, or {@code none} when the task has no deadline or escalation is off), the timer's due date
     * {@code escalationDueAt}, the deadline as people read it ({@code escalationDeadline}) and the task's link
     * ({@code hubexTaskLink}).
     */
    public void arm(DelegateExecution execution) {
        Optional<Instant> deadline = deadline(execution);
        EscalationProperties.Action action = deadline.isEmpty() ? EscalationProperties.Action.NONE
                : properties.getAction();
        VariableChanges.set(execution, VAR_ESCALATION_ACTION, action.value());
        if (action == EscalationProperties.Action.NONE) {
            return;
        }
        VariableChanges.set(execution, VAR_ESCALATION_DUE_AT, Date.from(dueAt(deadline.get())));
        VariableChanges.set(execution, VAR_ESCALATION_DEADLINE, forPeople(deadline.get()));
        VariableChanges.set(execution, VAR_HUBEX_TASK_LINK, writeback.taskLink(execution));
    }

    /**
     * When the timer fires: is the deadline still within the lead time? False when a later read of the task saw it
     * moved later (the escalation is armed again for the new deadline).
     */
    public boolean stillDue(VariableScope execution) {
        return deadline(execution).map(d -> !dueAt(d).isAfter(ClockUtil.getCurrentTime().toInstant()))
                .orElse(false);
    }

    /** The timeline comment from {@code dealflow.escalation.comment}. */
    public Object comment(VariableScope execution) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("number", text(execution, VAR_HUBEX_TASK_NUMBER));
        values.put("id", text(execution, VAR_HUBEX_TASK_ID));
        values.put("link", writeback.taskLink(execution));
        values.put("deadline", deadline(execution).map(this::forPeople).orElse(""));
        return LongText.value(CommentTemplate.render(properties.getComment(), values));
    }

    private Instant dueAt(Instant deadline) {
        return deadline.minus(properties.getBeforeDeadline());
    }

    private Optional<Instant> deadline(VariableScope execution) {
        String seen = text(execution, VAR_TASK_DEADLINE);
        return parse(seen.isEmpty() ? text(execution, VAR_TASK_DEADLINE_REQUESTED) : seen);
    }

    /** HubEx writes UTC without an offset ("2026-09-01T15:00:00"); DealFlow asks with "Z". */
    static Optional<Instant> parse(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            boolean hasOffset = text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$");
            return Optional.of(hasOffset ? OffsetDateTime.parse(text).toInstant()
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            log.warn("The task deadline «{}» is not a date-time; no escalation before it", text);
            return Optional.empty();
        }
    }

    private String forPeople(Instant instant) {
        return FOR_PEOPLE.format(instant.atZone(mapping.getPortalTimeZone())) + " (" + mapping.getPortalTimeZone()
                + ")";
    }

    private static String text(VariableScope execution, String name) {
        String value = LongText.get(execution, name);
        return value == null ? "" : value;
    }
}
