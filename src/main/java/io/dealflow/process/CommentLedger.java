package io.dealflow.process;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Remembers the timeline comments already added, independently of the job's own transaction. */
@Component
public class CommentLedger {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public CommentLedger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public boolean wasSent(String key) {
        Integer count = jdbc.queryForObject("select count(*) from dealflow_sent_comment where comment_key = ?",
                Integer.class, key);
        return count != null && count > 0;
    }

    /** Committed at once: if the job fails after this point, its retry must not add the comment again. */
    public void recordSent(String key, long commentId) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "insert into dealflow_sent_comment (comment_key, bitrix24_comment_id, sent_at) values (?, ?, ?)",
                key, commentId, Timestamp.from(Instant.now())));
    }
}
