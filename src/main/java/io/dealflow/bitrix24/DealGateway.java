package io.dealflow.bitrix24;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import org.springframework.stereotype.Component;

/**
 * The deal operations DealFlow needs, each in as few Bitrix24 requests as the API allows. The reads and writes of
 * a deal go through the {@link Bitrix24CommandBatcher}, so that those of many deals share {@code batch} requests.
 */
@Component
public class DealGateway {

    /** 2026-11-28T09:16:07+00:00: Bitrix24's own datetime shape. */
    private static final DateTimeFormatter ISO_WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /** crm.deal.list answers at most 50 rows per call. */
    private static final int LIST_PAGE = 50;

    /** What starting a cycle needs of a deal: the trigger, the cycle registry's key and the instance's title. */
    private static final List<String> CYCLE_START_FIELDS = List.of("ID", "TITLE", "STAGE_ID", "CATEGORY_ID",
            "MOVED_TIME");

    private final Bitrix24Client client;
    private final Bitrix24CommandBatcher batcher;

    public DealGateway(Bitrix24Client client, Bitrix24CommandBatcher batcher) {
        this.client = client;
        this.batcher = batcher;
    }

    /**
     * Reads what starting a cycle needs of many deals: one crm.deal.list command per 50, inside a shared batch.
     * Deals that no longer exist are absent from the answer; a deal the webhook's user may not read fails the read.
     */
    public Map<Long, Deal> readDeals(List<Long> dealIds) {
        return readDeals(dealIds, false);
    }

    /**
     * {@link #readDeals}, ahead of the calls already waiting for a request: the stored events of up to 50 deals
     * turn into cycles at once instead of after the running cycles' calls (dealflow.inbox.reads-ahead).
     */
    public Map<Long, Deal> readDealsAhead(List<Long> dealIds) {
        return readDeals(dealIds, true);
    }

    private Map<Long, Deal> readDeals(List<Long> dealIds, boolean ahead) {
        List<Long> ids = dealIds.stream().distinct().toList();
        // one crm.deal.list command reads up to 50 deals (its page size): a cycle's entry and the echoes of its own
        // two updates then cost a share of one command of a batch instead of three commands
        List<Bitrix24Command> pages = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += LIST_PAGE) {
            List<Long> page = ids.subList(from, Math.min(ids.size(), from + LIST_PAGE));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("filter", Map.of("@ID", page));
            params.put("select", CYCLE_START_FIELDS);
            params.put("start", -1);
            pages.add(Bitrix24Command.of("deals" + pages.size(), "crm.deal.list", params));
        }
        if (pages.isEmpty()) {
            return Map.of();
        }
        BatchResult batch = ahead ? batcher.runEachAhead(pages) : batcher.runEach(pages);
        Map<Long, Deal> read = new LinkedHashMap<>();
        for (Bitrix24Command page : pages) {
            Optional<Bitrix24Exception> error = batch.error(page.key());
            if (error.isPresent()) {
                throw error.get();
            }
            batch.result(page.key()).ifPresent(rows -> rows.forEach(fields -> {
                Deal deal = new Deal(fields);
                read.put(deal.id(), deal);
            }));
        }
        read.putAll(confirmUnlisted(ids.stream().filter(id -> !read.containsKey(id)).toList(), ahead));
        Map<Long, Deal> deals = new LinkedHashMap<>();
        ids.stream().filter(read::containsKey).forEach(id -> deals.put(id, read.get(id)));
        return deals;
    }

    /**
     * A list leaves out a deal that was deleted and, just the same, one the webhook's user may not see: only
     * crm.deal.get tells them apart ("Not found" against "Access denied"). A deal taken for deleted ends its cycle
     * and cancels its HubEx task, so an unlisted deal is asked for once more; deletions are rare.
     */
    private Map<Long, Deal> confirmUnlisted(List<Long> unlisted, boolean ahead) {
        if (unlisted.isEmpty()) {
            return Map.of();
        }
        List<Bitrix24Command> gets = unlisted.stream()
                .map(id -> Bitrix24Command.of("d" + id, "crm.deal.get", Map.of("id", id))).toList();
        BatchResult batch = ahead ? batcher.runEachAhead(gets) : batcher.runEach(gets);
        Map<Long, Deal> found = new LinkedHashMap<>();
        for (Long id : unlisted) {
            Optional<Bitrix24Exception> error = batch.error("d" + id);
            if (error.isPresent() && error.get().kind() != Kind.NOT_FOUND) {
                throw error.get();
            }
            batch.result("d" + id).ifPresent(fields -> found.put(id, new Deal(fields)));
        }
        return found;
    }

    /** The deal, its primary contact and its company in one request (chained batch commands). */
    public DealParties loadWithParties(long dealId) {
        return loadWithParties(dealId, false);
    }

    /**
     * The same, optionally with the addresses of the contact's and the company's requisites - still one request:
     * requisite and address look-ups are chained inside the batch.
     */
    public DealParties loadWithParties(long dealId, boolean withRequisiteAddresses) {
        List<Bitrix24Command> commands = new ArrayList<>();
        commands.add(Bitrix24Command.chained("deal", "crm.deal.get?id=" + dealId));
        commands.add(Bitrix24Command.chained("contact", "crm.contact.get?id=$result[deal][CONTACT_ID]"));
        commands.add(Bitrix24Command.chained("company", "crm.company.get?id=$result[deal][COMPANY_ID]"));
        if (withRequisiteAddresses) {
            commands.add(Bitrix24Command.chained("contactRequisite", "crm.requisite.list?filter[ENTITY_TYPE_ID]=3"
                    + "&filter[ENTITY_ID]=$result[deal][CONTACT_ID]"));
            commands.add(Bitrix24Command.chained("contactAddress", "crm.address.list?filter[ENTITY_TYPE_ID]=8"
                    + "&filter[ENTITY_ID]=$result[contactRequisite][0][ID]"));
            commands.add(Bitrix24Command.chained("companyRequisite", "crm.requisite.list?filter[ENTITY_TYPE_ID]=4"
                    + "&filter[ENTITY_ID]=$result[deal][COMPANY_ID]"));
            commands.add(Bitrix24Command.chained("companyAddress", "crm.address.list?filter[ENTITY_TYPE_ID]=8"
                    + "&filter[ENTITY_ID]=$result[companyRequisite][0][ID]"));
        }
        BatchResult batch = batcher.runTogether(commands);
        Optional<Bitrix24Exception> dealError = batch.error("deal");
        if (dealError.isPresent()) {
            throw dealError.get();
        }
        Deal deal = batch.result("deal").map(Deal::new).orElseThrow(() -> new Bitrix24Exception(Kind.NOT_FOUND,
                "crm.deal.get", "", "Bitrix24 crm.deal.get returned no deal " + dealId));
        List<JsonNode> addresses = new ArrayList<>();
        if (withRequisiteAddresses) {
            addresses.addAll(addressesOf(batch, "contactRequisite", "contactAddress", deal.contactId()));
            addresses.addAll(addressesOf(batch, "companyRequisite", "companyAddress", deal.companyId()));
        }
        return new DealParties(deal,
                deal.contactId() > 0 ? partyOrFail(batch, "contact") : Optional.empty(),
                deal.companyId() > 0 ? partyOrFail(batch, "company") : Optional.empty(), addresses);
    }

    /**
     * Addresses of the owner's first requisite. An empty chain value may make a list method unfiltered, so only
     * entries that really belong to this owner and its requisite are kept.
     */
    private static List<JsonNode> addressesOf(BatchResult batch, String requisiteKey, String addressKey,
                                              long ownerId) {
        if (ownerId <= 0) {
            return List.of();
        }
        JsonNode requisites = batch.result(requisiteKey).orElse(null);
        if (requisites == null || !requisites.isArray() || requisites.isEmpty()
                || requisites.get(0).path("ENTITY_ID").asLong(-1) != ownerId) {
            return List.of();
        }
        String requisiteId = requisites.get(0).path("ID").asText();
        List<JsonNode> addresses = new ArrayList<>();
        batch.result(addressKey).filter(JsonNode::isArray).ifPresent(list -> list.forEach(address -> {
            if (address.path("ENTITY_ID").asText().equals(requisiteId)) {
                addresses.add(address);
            }
        }));
        return addresses;
    }

    /** crm.deal.update with absolute values (safe to repeat); batched with the calls of other deals. */
    public void updateDeal(long dealId, Map<String, Object> fields) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", dealId);
        params.put("fields", fields);
        params.put("params", Map.of("REGISTER_SONET_EVENT", "N"));
        single(Bitrix24Command.of("update", "crm.deal.update", params));
    }

    /** Adds a comment to the deal's timeline and returns its ID. Not idempotent: callers guard retries. */
    public long addTimelineComment(long dealId, String comment) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ENTITY_ID", dealId);
        fields.put("ENTITY_TYPE", "deal");
        fields.put("COMMENT", comment);
        return single(Bitrix24Command.of("comment", "crm.timeline.comment.add", Map.of("fields", fields))).asLong();
    }

    private JsonNode single(Bitrix24Command command) {
        BatchResult answer = batcher.runTogether(List.of(command));
        Optional<Bitrix24Exception> error = answer.error(command.key());
        if (error.isPresent()) {
            throw error.get();
        }
        return answer.results().getOrDefault(command.key(), NullNode.getInstance());
    }

    /**
     * The deal's newest timeline comments (one page, up to 50), ID to text: how a retry finds out whether a
     * comment whose add got no answer was added after all.
     */
    public Map<Long, String> recentTimelineComments(long dealId) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("filter", Map.of("ENTITY_ID", dealId, "ENTITY_TYPE", "deal"));
        params.put("select", List.of("ID", "COMMENT"));
        params.put("order", Map.of("ID", "DESC"));
        Map<Long, String> comments = new LinkedHashMap<>();
        for (JsonNode comment : client.call("crm.timeline.comment.list", params)) {
            comments.put(comment.path("ID").asLong(), comment.path("COMMENT").asText(""));
        }
        return comments;
    }

    /**
     * The cheapest call that proves the webhook is accepted and may read deals (the health check): crm.deal.list
     * for deal ID 0, which never exists, without the count ({@code start=-1}). Throws Bitrix24Exception otherwise.
     */
    public void checkDealAccess() {
        client.call("crm.deal.list", Map.of("filter", Map.of("ID", 0), "select", List.of("ID"), "start", -1));
    }

    /** The portal address with the webhook secret masked. */
    public String portal() {
        return client.describe();
    }

    /** crm.deal.fields: every deal field of the portal by code, standard and user fields. */
    public JsonNode dealFields() {
        return client.call("crm.deal.fields", Map.of());
    }

    /** The stages of one pipeline (crm.status.list, ENTITY_ID DEAL_STAGE or DEAL_STAGE_n). */
    public JsonNode listStages(int categoryId) {
        String entityId = categoryId == 0 ? "DEAL_STAGE" : "DEAL_STAGE_" + categoryId;
        return client.call("crm.status.list", Map.of("filter", Map.of("ENTITY_ID", entityId),
                "order", Map.of("SORT", "ASC")));
    }

    /**
     * The deal pipelines (crm.category.list {entityTypeId: 2}, 50 per page); the general pipeline 0 is always
     * included, whether or not the portal lists it.
     */
    public List<Integer> listPipelineIds() {
        Set<Integer> ids = new LinkedHashSet<>();
        ids.add(0);
        Integer start = 0;
        for (int page = 0; page < 100 && start != null; page++) {
            JsonNode answer = client.callEnvelope("crm.category.list", Map.of("entityTypeId", 2, "start", start));
            answer.path("result").path("categories").forEach(category -> ids.add(category.path("id").asInt()));
            start = answer.hasNonNull("next") ? answer.path("next").asInt() : null;
        }
        return new ArrayList<>(ids);
    }

    /**
     * One page (at most 50) of deal stage movements with an ID above {@code afterId} into one of {@code stageIds},
     * oldest first: crm.stagehistory.list with {@code start=-1}, which skips the count. A page of 50 means there may
     * be more: ask again after its last ID.
     */
    public List<StageHistoryEntry> stageHistoryAfter(long afterId, Collection<String> stageIds) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("entityTypeId", 2);
        params.put("filter", Map.of(">ID", afterId, "STAGE_ID", List.copyOf(stageIds)));
        params.put("order", Map.of("ID", "ASC"));
        params.put("select", List.of("ID", "OWNER_ID", "STAGE_ID", "CREATED_TIME"));
        params.put("start", -1);
        List<StageHistoryEntry> entries = new ArrayList<>();
        client.call("crm.stagehistory.list", params).path("items").forEach(item -> entries.add(
                new StageHistoryEntry(item.path("ID").asLong(), item.path("OWNER_ID").asLong(),
                        item.path("STAGE_ID").asText(""), item.path("CREATED_TIME").asText(""))));
        return entries;
    }

    /** One page of deals in the given stages; {@code total} only when it was asked for. */
    public record DealPage(List<Deal> deals, Integer total) {
    }

    /**
     * Up to 50 deals with an ID above {@code afterId} in one of {@code stageIds}, by ID (the reference's scan:
     * {@code >ID} + {@code order ID ASC}); {@code start=-1} skips the portal's count unless {@code withTotal} - ask
     * for it once, on the first page. A page of 50 means there may be more: ask again after its last ID.
     */
    public DealPage dealsInStages(Collection<String> stageIds, long afterId, boolean withTotal) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("filter", Map.of(">ID", afterId, "STAGE_ID", List.copyOf(stageIds)));
        params.put("order", Map.of("ID", "ASC"));
        params.put("select", CYCLE_START_FIELDS);
        params.put("start", withTotal ? 0 : -1);
        JsonNode answer = client.callEnvelope("crm.deal.list", params);
        List<Deal> deals = new ArrayList<>();
        answer.path("result").forEach(fields -> deals.add(new Deal(fields)));
        Integer total = withTotal && answer.hasNonNull("total") ? answer.path("total").asInt() : null;
        return new DealPage(deals, total);
    }

    /**
     * The ID of the oldest movement into one of {@code stageIds} at or after {@code since}; empty when there is
     * none. The time goes out as ISO 8601 with an offset, which the portal compares as an instant.
     */
    public OptionalLong firstStageHistoryIdSince(Instant since, Collection<String> stageIds) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("entityTypeId", 2);
        params.put("filter", Map.of(">=CREATED_TIME", ISO_WITH_OFFSET.format(since.atOffset(ZoneOffset.UTC)),
                "STAGE_ID", List.copyOf(stageIds)));
        params.put("order", Map.of("ID", "ASC"));
        params.put("select", List.of("ID"));
        params.put("start", -1);
        JsonNode items = client.call("crm.stagehistory.list", params).path("items");
        return items.isArray() && !items.isEmpty() ? OptionalLong.of(items.get(0).path("ID").asLong())
                : OptionalLong.empty();
    }

    /** The ID of the newest deal stage movement of the portal; empty when there is none. */
    public OptionalLong newestStageHistoryId() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("entityTypeId", 2);
        params.put("order", Map.of("ID", "DESC"));
        params.put("select", List.of("ID"));
        params.put("start", -1);
        JsonNode items = client.call("crm.stagehistory.list", params).path("items");
        return items.isArray() && !items.isEmpty() ? OptionalLong.of(items.get(0).path("ID").asLong())
                : OptionalLong.empty();
    }

    private static Optional<JsonNode> partyOrFail(BatchResult batch, String key) {
        Optional<Bitrix24Exception> error = batch.error(key);
        if (error.isPresent() && error.get().kind() != Kind.NOT_FOUND) {
            throw error.get();
        }
        return batch.result(key);
    }
}
