package io.dealflow.sandbox.bitrix24;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The REST methods the simulated portal understands, each turning parsed parameters into the value of
 * {@code result} (plus {@code total}/{@code next} for lists). Used for direct calls and for batch commands.
 * Parameter names arrive lower-cased, as the portal lower-cases top-level keys.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24RestMethods {

    /** What a method produced: the {@code result} value and, for list methods, {@code total}/{@code next}. */
    public record Outcome(Object result, Integer total, Integer next) {

        static Outcome of(Object result) {
            return new Outcome(result, null, null);
        }

        static Outcome page(Object result, RecordQuery.Page<?> page) {
            return new Outcome(result, page.total(), page.next());
        }
    }

    @FunctionalInterface
    private interface Method {
        Outcome call(Map<String, Object> params, String userId);
    }

    private final Bitrix24SimulatorStore store;
    private final Map<String, Method> methods = new HashMap<>();

    public Bitrix24RestMethods(Bitrix24SimulatorStore store) {
        this.store = store;
        methods.put("crm.deal.get", (p, u) -> Outcome.of(store.getDeal(Params.str(p.get("id")))));
        methods.put("crm.deal.list", (p, u) -> dealList(p));
        methods.put("crm.deal.add", (p, u) -> Outcome.of(Long.parseLong(store.addDeal(Params.fields(p), u))));
        methods.put("crm.deal.update", this::dealUpdate);
        methods.put("crm.deal.delete", this::dealDelete);
        methods.put("crm.deal.fields", (p, u) -> Outcome.of(store.dealFieldDescriptions()));
        methods.put("crm.deal.contact.items.get",
                (p, u) -> Outcome.of(store.dealContactItems(Params.str(p.get("id")))));
        methods.put("crm.contact.get", (p, u) -> Outcome.of(store.getContact(Params.str(p.get("id")))));
        methods.put("crm.contact.add", (p, u) -> Outcome.of(Long.parseLong(store.addContact(Params.fields(p), u))));
        methods.put("crm.company.get", (p, u) -> Outcome.of(store.getCompany(Params.str(p.get("id")))));
        methods.put("crm.company.add", (p, u) -> Outcome.of(Long.parseLong(store.addCompany(Params.fields(p), u))));
        methods.put("crm.requisite.list", (p, u) -> ownedList(store.requisites(),
                Bitrix24SimulatorStore.REQUISITE_FIELDS, "ID", p));
        methods.put("crm.requisite.add",
                (p, u) -> Outcome.of(Long.parseLong(store.addRequisite(Params.fields(p), u))));
        methods.put("crm.address.list", (p, u) -> ownedList(store.addresses(),
                Bitrix24SimulatorStore.ADDRESS_FIELDS, null, p));
        methods.put("crm.address.add", this::addressAdd);
        methods.put("crm.status.list", (p, u) -> statusList(p));
        methods.put("crm.category.list", (p, u) -> categoryList(p));
        methods.put("crm.stagehistory.list", (p, u) -> stageHistoryList(p));
        methods.put("crm.timeline.comment.add", this::timelineCommentAdd);
        methods.put("crm.timeline.comment.list", (p, u) -> timelineCommentList(p));
    }

    /** Method names are case-insensitive and may carry the ".json" format suffix. */
    static String normalize(String method) {
        String name = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }

    /** Runs one method; unknown names are the portal's 404 ERROR_METHOD_NOT_FOUND. */
    public Outcome call(String method, Map<String, Object> params, String userId) {
        Method handler = methods.get(method);
        if (handler == null) {
            throw new Bitrix24RestError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
        }
        store.countCommand(method);
        return handler.call(params, userId);
    }

    /** Lower-cases top-level keys ({@code ID} and {@code id} both work on the portal). */
    static Map<String, Object> lowerCaseKeys(Map<String, Object> params) {
        Map<String, Object> lowered = new LinkedHashMap<>();
        params.forEach((key, value) -> lowered.put(key.toLowerCase(Locale.ROOT), value));
        return lowered;
    }

    private Outcome dealUpdate(Map<String, Object> params, String userId) {
        String id = Params.str(params.get("id"));
        Params.id(id);
        store.updateDeal(id, Params.fields(params), userId);
        return Outcome.of(true);
    }

    private Outcome dealDelete(Map<String, Object> params, String userId) {
        if (!store.deleteDeal(Params.str(params.get("id")))) {
            throw Bitrix24RestError.notFound();
        }
        return Outcome.of(true);
    }

    private Outcome dealList(Map<String, Object> params) {
        PortalTime time = store.time();
        Map<String, Object> conditions = Params.map(params.get("filter"));
        Predicate<Map<String, Object>> filter = RecordQuery.filter(conditions, store::isDealField, time);
        List<Map<String, Object>> candidates = RecordQuery.idsRestrictedTo(conditions)
                .map(store::listDeals).orElseGet(store::listDeals);
        List<Map<String, Object>> matching = candidates.stream().filter(filter).toList();
        matching = RecordQuery.sorted(matching, Params.map(params.get("order")), time);
        RecordQuery.Page<Map<String, Object>> page = RecordQuery.page(matching, params.get("start"));
        List<String> select = Params.list(params.get("select")).stream().map(Params::str).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        page.rows().forEach(row -> rows.add(project(row, select)));
        return Outcome.page(rows, page);
    }

    /** {@code *} = standard fields, {@code UF_*} = custom fields, default both; ID is always returned. */
    private static Map<String, Object> project(Map<String, Object> row, List<String> select) {
        List<String> effective = select.isEmpty() ? List.of("*", "UF_*") : select;
        List<String> standard = DealFieldCatalog.RENDERED;
        Map<String, Object> projected = new LinkedHashMap<>();
        row.forEach((field, value) -> {
            boolean custom = field.startsWith("UF_");
            if (field.equals("ID") || effective.contains(field)
                    || (effective.contains("*") && standard.contains(field))
                    || (effective.contains("UF_*") && custom)) {
                projected.put(field, value);
            }
        });
        return projected;
    }

    private Outcome addressAdd(Map<String, Object> params, String userId) {
        store.addAddress(Params.fields(params));
        return Outcome.of(true);
    }

    /**
     * {@code crm.requisite.list} / {@code crm.address.list}: filter, order, select, paging by 50. An empty
     * {@code ENTITY_ID} in the filter (e.g. a batch reference into an empty list) matches nothing: the answer is an
     * empty list, not an error and not every row.
     */
    private Outcome ownedList(List<Map<String, Object>> rows, List<String> fields, String alwaysSelected,
                              Map<String, Object> params) {
        PortalTime time = store.time();
        Map<String, Object> filter = Params.map(params.get("filter"));
        List<Map<String, Object>> matching = emptyOwnerFilter(filter) ? List.of() : rows.stream()
                .filter(RecordQuery.filter(filter, fields::contains, time))
                .toList();
        matching = RecordQuery.sorted(matching, Params.map(params.get("order")), time);
        RecordQuery.Page<Map<String, Object>> page = RecordQuery.page(matching, params.get("start"));
        Set<String> select = new HashSet<>();
        Params.list(params.get("select")).forEach(field -> select.add(String.valueOf(Params.str(field))
                .trim().toUpperCase(Locale.ROOT)));
        List<Map<String, Object>> projected = new ArrayList<>();
        for (Map<String, Object> row : page.rows()) {
            if (select.isEmpty() || select.contains("*")) {
                projected.add(row);
                continue;
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            row.forEach((field, value) -> {
                if (select.contains(field) || field.equals(alwaysSelected)) {
                    kept.put(field, value);
                }
            });
            projected.add(kept);
        }
        return Outcome.page(projected, page);
    }

    /** Whether the filter asks for ENTITY_ID equal to nothing ("" or null, as an unresolved batch reference). */
    private static boolean emptyOwnerFilter(Map<String, Object> filter) {
        if (filter == null) {
            return false;
        }
        for (Map.Entry<String, Object> condition : filter.entrySet()) {
            String key = condition.getKey().toUpperCase(Locale.ROOT);
            if (key.equals("ENTITY_ID") || key.equals("=ENTITY_ID")) {
                Object value = condition.getValue();
                boolean empty = value instanceof Map<?, ?> || value instanceof Collection<?>
                        ? Params.list(value).isEmpty()
                        : Params.str(value) == null || Params.str(value).isBlank();
                if (empty) {
                    return true;
                }
            }
        }
        return false;
    }

    private Outcome statusList(Map<String, Object> params) {
        return list(store.statusEntries(), params);
    }

    private Outcome categoryList(Map<String, Object> params) {
        requireDealEntityType(params);
        List<Map<String, Object>> categories = store.categoryEntries();
        RecordQuery.Page<Map<String, Object>> page = RecordQuery.page(categories, params.get("start"));
        return Outcome.page(Map.of("categories", page.rows()), page);
    }

    private Outcome stageHistoryList(Map<String, Object> params) {
        requireDealEntityType(params);
        Outcome rows = list(store.stageHistory(), params);
        return new Outcome(Map.of("items", rows.result()), rows.total(), rows.next());
    }

    private Outcome timelineCommentAdd(Map<String, Object> params, String userId) {
        Map<String, Object> fields = Params.fields(params);
        String entityId = Params.str(fields.get("ENTITY_ID"));
        String entityType = Params.str(fields.get("ENTITY_TYPE"));
        if (entityId == null || entityType == null) {
            throw new Bitrix24RestError(400, "100", "Required fields are missing: ENTITY_ID, ENTITY_TYPE");
        }
        String id = store.addTimelineComment(entityType, entityId, Params.str(fields.get("COMMENT")), userId);
        return Outcome.of(Long.parseLong(id));
    }

    private Outcome timelineCommentList(Map<String, Object> params) {
        return list(store.timelineComments(), params);
    }

    /** Generic filter + order + paging over rows whose keys are the filterable fields. */
    private Outcome list(List<Map<String, Object>> rows, Map<String, Object> params) {
        PortalTime time = store.time();
        Set<String> fields = rows.isEmpty() ? Set.of() : rows.get(0).keySet();
        List<Map<String, Object>> matching = rows.stream()
                .filter(RecordQuery.filter(Params.map(params.get("filter")), fields::contains, time))
                .toList();
        matching = RecordQuery.sorted(matching, Params.map(params.get("order")), time);
        RecordQuery.Page<Map<String, Object>> page = RecordQuery.page(matching, params.get("start"));
        return Outcome.page(page.rows(), page);
    }

    private static void requireDealEntityType(Map<String, Object> params) {
        Object entityType = params.get("entitytypeid");
        if (entityType == null) {
            throw new Bitrix24RestError(400, "ENTITY_TYPE_NOT_SUPPORTED", "Parameter 'entityTypeId' is required");
        }
        if (Params.integer(entityType, -1) != 2) {
            throw new Bitrix24RestError(400, "NOT_FOUND", "Smart process not found");
        }
    }
}
