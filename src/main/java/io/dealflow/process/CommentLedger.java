package io.dealflow.process;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remembers the timeline comments already added - and those whose add was sent without an answer (a timeout, a
 * broken answer, a crash). That an add is about to be sent is committed at once, independently of the job's own
 * transaction; that it was added commits with the job (ADR 0024).
 */
@Component
public class CommentLedger {

    /** What is known of one comment: never tried, sent but unconfirmed, or added (with its Bitrix24 ID). */
    public enum State { NEW, TRIED, SENT }

    /**
     * A comment's state and, for one sent without an answer, until when that add may still land at the portal (null
     * when no bound is known).
     */
    public record Entry(State state, Instant mayLandUntil) {

        public boolean mayStillLand(Instant now) {
            return mayLandUntil != null && now.isBefore(mayLandUntil);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public CommentLedger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public Entry entry(String key) {
        List<Entry> entries = jdbc.query("select bitrix24_comment_id, may_land_until from dealflow_sent_comment"
                + " where comment_key = ?", (rs, i) -> {
                    rs.getLong(1);
                    State state = rs.wasNull() ? State.TRIED : State.SENT;
                    Timestamp until = rs.getTimestamp(2);
                    return new Entry(state, until == null ? null : until.toInstant());
                }, key);
        return entries.isEmpty() ? new Entry(State.NEW, null) : entries.get(0);
    }

    public boolean wasSent(String key) {
        return entry(key).state() == State.SENT;
    }

    /**
     * Committed at once, before the add is sent: a retry then knows that the comment may exist already, and until
     * when this add can still land at the portal if nothing else is heard of it (the node died); a retry's new
     * attempt replaces the bound of the one before.
     */
    public void recordTried(String key, Instant mayLandUntil) {
        recordTried(key, null, mayLandUntil);
    }

    /**
     * The same, knowing what {@link #entry} found: the first attempt of a comment - by far the most frequent - only
     * inserts. Should another attempt have inserted meanwhile, the key's uniqueness fails this one, and its retry
     * finds that attempt.
     */
    public void recordTried(String key, Entry earlier, Instant mayLandUntil) {
        Timestamp until = mayLandUntil == null ? null : Timestamp.from(mayLandUntil);
        ownTransaction.executeWithoutResult(status -> {
            int updated = earlier != null && earlier.state() == State.NEW ? 0 : jdbc.update(
                    "update dealflow_sent_comment set sent_at = ?, may_land_until = ?"
                    + " where comment_key = ? and bitrix24_comment_id is null", Timestamp.from(Instant.now()), until,
                    key);
            if (updated == 0) {
                jdbc.update("insert into dealflow_sent_comment (comment_key, bitrix24_comment_id, sent_at,"
                        + " may_land_until) values (?, null, ?, ?)", key, Timestamp.from(Instant.now()), until);
            }
        });
    }

    /** Committed at once: the add failed, and what its failure tells narrows until when it may still land. */
    public void recordNoAnswer(String key, Instant mayLandUntil) {
        ownTransaction.executeWithoutResult(status -> jdbc.update("update dealflow_sent_comment"
                + " set may_land_until = ? where comment_key = ? and bitrix24_comment_id is null",
                Timestamp.from(mayLandUntil), key));
    }

    /**
     * Commits with the caller's transaction - the job's - instead of one of its own: should the job fail after this
     * point, its retry finds the attempt recorded by {@link #recordTried} and looks for the comment on the deal
     * before adding it, so a lost mark costs one read, not a second comment.
     */
    public void recordSent(String key, long commentId) {
        int updated = jdbc.update("update dealflow_sent_comment set bitrix24_comment_id = ?, sent_at = ?"
                + " where comment_key = ?", commentId, Timestamp.from(Instant.now()), key);
        if (updated == 0) {
            jdbc.update("insert into dealflow_sent_comment (comment_key, bitrix24_comment_id, sent_at)"
                    + " values (?, ?, ?)", key, commentId, Timestamp.from(Instant.now()));
        }
    }

    /** Which of these Bitrix24 comment IDs some other step already recorded as its own. */
    public Set<Long> recorded(Collection<Long> commentIds) {
        if (commentIds.isEmpty()) {
            return Set.of();
        }
        String marks = commentIds.stream().map(id -> "?").collect(Collectors.joining(","));
        return Set.copyOf(jdbc.queryForList("select bitrix24_comment_id from dealflow_sent_comment"
                + " where bitrix24_comment_id in (" + marks + ")", Long.class, commentIds.toArray()));
    }
}
