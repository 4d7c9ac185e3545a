package io.dealflow.process;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The escalation before a HubEx task's deadline ({@code dealflow.escalation.*}): how long before the deadline, and
 * what happens when the task is still open then.
 */
@ConfigurationProperties(prefix = "dealflow.escalation")
public class EscalationProperties {

    /** {@code comment}: a timeline comment on the deal; {@code operator}: a Tasklist task; {@code none}: nothing. */
    public enum Action {
        COMMENT, OPERATOR, NONE;

        /** The value the diagrams compare with: {@code comment}, {@code operator} or {@code none}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Duration beforeDeadline = Duration.ofHours(2);
    private Action action = Action.COMMENT;
    /** Lines whose placeholders ({number}, {id}, {link}, {deadline}) are all empty are left out. */
    private String comment = "Срок заявки HubEx №{number} истекает {deadline}, а заявка ещё не выполнена.\n"
            + "Заявка: {link}";

    public Duration getBeforeDeadline() { return beforeDeadline; }
    public void setBeforeDeadline(Duration beforeDeadline) { this.beforeDeadline = beforeDeadline; }
    public Action getAction() { return action; }
    public void setAction(Action action) { this.action = action; }
    public String getComment() { return comment; }
    public void setComment(String comment) { this.comment = comment; }
}
