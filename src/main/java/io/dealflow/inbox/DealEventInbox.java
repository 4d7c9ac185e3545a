package io.dealflow.inbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Durable store of Bitrix24 deal events between the webhook's answer and the deal's evaluation. */
@Component
public class DealEventInbox {

    /**
     * All pending events of one deal up to {@code lastEventId}: they are handled by one read of the deal.
     * {@code firstReceivedAt}: when the oldest of them was stored (the start of the event → task latency).
     */
    public record DueDeal(long dealId, long lastEventId, int attempts, Instant firstReceivedAt) {
    }

    private final JdbcTemplate jdbc;
    private final DispatchSignal signal = new DispatchSignal();

    public DealEventInbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(long dealId, String eventType, String portalDomain) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into dealflow_deal_event (deal_id, event_type, portal_domain, received_at, next_attempt_at)"
                + " values (?, ?, ?, ?, ?)", dealId, eventType, truncate(portalDomain, 255), now, now);
        signal.wake();
    }

    public List<DueDeal> dueDeals(int limit) {
        return jdbc.query("select deal_id, max(id) as last_id, max(attempts) as attempts,"
                        + " min(received_at) as first_at from dealflow_deal_event"
                        + " where next_attempt_at <= ? group by deal_id order by min(id) limit ?",
                (rs, i) -> new DueDeal(rs.getLong("deal_id"), rs.getLong("last_id"), rs.getInt("attempts"),
                        rs.getTimestamp("first_at").toInstant()),
                Timestamp.from(Instant.now()), limit);
    }

    /** The deal has been evaluated as of these events; returns how many events that were. */
    public int done(DueDeal deal) {
        return jdbc.update("delete from dealflow_deal_event where deal_id = ? and id <= ?", deal.dealId(), deal.lastEventId());
    }

    /** Keeps the events and tries again later. */
    public void postpone(DueDeal deal, Duration delay, String reason) {
        jdbc.update("update dealflow_deal_event set attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                        + " where deal_id = ? and id <= ?",
                Timestamp.from(Instant.now().plus(delay)), truncate(reason, 1000), deal.dealId(), deal.lastEventId());
    }

    public int pendingCount() {
        Integer count = jdbc.queryForObject("select count(*) from dealflow_deal_event", Integer.class);
        return count == null ? 0 : count;
    }

    DispatchSignal signal() {
        return signal;
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
