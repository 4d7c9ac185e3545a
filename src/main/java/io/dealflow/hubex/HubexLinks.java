package io.dealflow.hubex;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bitrix24 company → HubEx company and address → HubEx location, remembered. A link is committed at once, in its
 * own transaction: the HubEx record exists from the moment it was created, whatever happens to the job after.
 */
@Component
public class HubexLinks {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public HubexLinks(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public Optional<Long> company(long bitrix24CompanyId) {
        return first(jdbc.queryForList("select hubex_company_id from dealflow_company_link"
                + " where bitrix24_company_id = ?", Long.class, bitrix24CompanyId));
    }

    public void linkCompany(long bitrix24CompanyId, long hubexCompanyId) {
        insert("insert into dealflow_company_link (bitrix24_company_id, hubex_company_id, linked_at)"
                + " values (?, ?, ?)", bitrix24CompanyId, hubexCompanyId);
    }

    public Optional<Long> location(String addressKey) {
        return first(jdbc.queryForList("select hubex_location_id from dealflow_location_link where address_key = ?",
                Long.class, addressKey));
    }

    public void linkLocation(String addressKey, long hubexLocationId) {
        insert("insert into dealflow_location_link (address_key, hubex_location_id, linked_at) values (?, ?, ?)",
                addressKey, hubexLocationId);
    }

    private void insert(String sql, Object key, long hubexId) {
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(sql, key, hubexId,
                    Timestamp.from(Instant.now())));
        } catch (DuplicateKeyException e) {
            // another cycle linked the same record at the same moment; its link is as good as ours
        }
    }

    private static Optional<Long> first(List<Long> ids) {
        return ids.stream().findFirst();
    }
}
