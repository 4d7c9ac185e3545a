package io.dealflow.hubex;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * {@code GET /fsm/WORK/Tasks?isCompleted=true&isDeleted=false&completionFrom=…&completionTill=…} with
 * {@code Range} paging (hubex-api.md §4.3, §7.3): the reconciliation's view of HubEx completions. Calls go through
 * {@link HubexClient}, so they share its access token, its renewal after a 401 and its error texts.
 */
@Component
public class HubexCompletedTasks {

    /** How HubEx writes times: UTC, no offset. */
    private static final DateTimeFormatter HUBEX_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final HubexClient client;

    public HubexCompletedTasks(HubexClient client) {
        this.client = client;
    }

    /**
     * Tasks completed between the two instants (both inclusive), items {@code first}…{@code last} of the list
     * (1-based), keyed by task ID. Fewer than {@code last - first + 1} tasks means the list is exhausted.
     */
    public Map<Long, JsonNode> page(Instant from, Instant till, int first, int last) {
        String fromText = format(from);
        String tillText = format(till);
        return client.findCompletedTasks(fromText, tillText, first, last);
    }

    public static String format(Instant instant) {
        return HUBEX_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
