package io.dealflow.sandbox.bitrix24;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The simulated Bitrix24 portal: deals, contacts, companies, requisites with their addresses, pipelines with
 * stages, timeline comments and stage history, kept in memory. Values are stored and returned as the portal returns them (strings for IDs, money and
 * flags; datetimes in the portal's offset). Every deal change notifies the {@link DealEventListener}s, which is
 * how outbound events are produced both for REST calls and for changes made through this Java API.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24SimulatorStore {

    /** The portal user who "clicks in the UI" when deals are changed through the Java/sandbox API. */
    public static final String MANAGER_USER_ID = "5";

    public static final String EVENT_DEAL_ADD = "ONCRMDEALADD";
    public static final String EVENT_DEAL_UPDATE = "ONCRMDEALUPDATE";
    public static final String EVENT_DEAL_DELETE = "ONCRMDEALDELETE";

    public record Pipeline(int id, String name, int sort) {
    }

    /** A deal stage; {@code semantics} is null for work stages, "S" for success, "F" for failure. */
    public record Stage(int categoryId, String statusId, String name, int sort, String semantics) {

        public String entityId() {
            return categoryId == 0 ? "DEAL_STAGE" : "DEAL_STAGE_" + categoryId;
        }

        public String semanticId() {
            return semantics == null ? "P" : semantics;
        }
    }

    @FunctionalInterface
    public interface DealEventListener {
        void onDealEvent(String event, String dealId);
    }

    private static final Logger log = LoggerFactory.getLogger(Bitrix24SimulatorStore.class);
    private static final Pattern CATEGORY_PREFIX = Pattern.compile("^C(\\d+):");
    private static final List<String> CONTACT_FIELDS = List.of("NAME", "SECOND_NAME", "LAST_NAME", "POST",
            "COMPANY_ID", "TYPE_ID", "SOURCE_ID", "COMMENTS", "BIRTHDATE", "ASSIGNED_BY_ID", "OPENED");
    private static final List<String> COMPANY_FIELDS = List.of("TITLE", "COMPANY_TYPE", "INDUSTRY", "COMMENTS",
            "ASSIGNED_BY_ID", "OPENED");
    private static final List<String> MULTI_FIELDS = List.of("PHONE", "EMAIL", "WEB", "IM");

    /** CRM owner types (crm_owner_type.php): contact, company, requisite. */
    public static final int OWNER_CONTACT = 3;
    public static final int OWNER_COMPANY = 4;
    public static final int OWNER_REQUISITE = 8;
    /** Address types (crm.enum.addresstype): actual, registration, legal, beneficiary, delivery. */
    public static final int ADDRESS_ACTUAL = 1;
    public static final int ADDRESS_REGISTRATION = 4;
    public static final int ADDRESS_LEGAL = 6;
    public static final int ADDRESS_BENEFICIARY = 9;
    public static final int ADDRESS_DELIVERY = 11;
    /** Seeded requisite presets: 1 organisation, 2 sole proprietor, 3 private person. */
    public static final int PRESET_ORGANIZATION = 1;
    public static final int PRESET_PRIVATE_PERSON = 3;

    /** The fields crm.requisite.list returns, in the portal's order; all writable except the first eight. */
    static final List<String> REQUISITE_FIELDS = List.of("ID", "ENTITY_TYPE_ID", "ENTITY_ID", "PRESET_ID",
            "DATE_CREATE", "DATE_MODIFY", "CREATED_BY_ID", "MODIFY_BY_ID", "NAME", "CODE", "XML_ID", "ORIGINATOR_ID",
            "ACTIVE", "ADDRESS_ONLY", "SORT", "RQ_NAME", "RQ_FIRST_NAME", "RQ_LAST_NAME", "RQ_COMPANY_NAME",
            "RQ_INN", "RQ_KPP", "RQ_OGRN", "RQ_OGRNIP");
    /** The fields crm.address.list returns, in the portal's order. */
    static final List<String> ADDRESS_FIELDS = List.of("TYPE_ID", "ENTITY_TYPE_ID", "ENTITY_ID", "ADDRESS_1",
            "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION", "PROVINCE", "COUNTRY", "COUNTRY_CODE", "LOC_ADDR_ID",
            "ANCHOR_TYPE_ID", "ANCHOR_ID");
    private static final List<String> ADDRESS_PARTS = List.of("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE",
            "REGION", "PROVINCE", "COUNTRY", "COUNTRY_CODE");
    private static final Set<Integer> ADDRESS_TYPES = Set.of(ADDRESS_ACTUAL, ADDRESS_REGISTRATION, ADDRESS_LEGAL,
            ADDRESS_BENEFICIARY, ADDRESS_DELIVERY);
    private static final Set<Integer> PRESETS = Set.of(1, 2, 3);

    private final PortalTime time = new PortalTime();
    private final List<DealEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> commandCounts = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    // everything below is guarded by lock
    private final List<Pipeline> pipelines = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private final TreeMap<Long, Map<String, Object>> deals = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> contacts = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> companies = new TreeMap<>();
    private final Map<Long, List<Long>> dealContacts = new TreeMap<>();
    private final List<Map<String, Object>> comments = new ArrayList<>();
    private final List<Map<String, Object>> stageHistory = new ArrayList<>();
    private final Set<String> dealUserFields = new TreeSet<>();
    static final List<String> SANDBOX_USER_FIELDS = List.of("UF_CRM_HUBEX_TASK", "UF_CRM_HUBEX_DEADLINE",
            "UF_CRM_HUBEX_COST", "UF_CRM_HUBEX_COMMENT", "UF_CRM_HUBEX_LINK", "UF_CRM_HUBEX_TECH_NOTE",
            "UF_CRM_OBJECT_ADDRESS", "UF_CRM_CONTRACT", "UF_CRM_CRITICALITY");
    private final TreeMap<Long, Map<String, Object>> requisites = new TreeMap<>();
    private final List<Map<String, Object>> addresses = new ArrayList<>();
    private long nextDealId;
    private long nextContactId;
    private long nextCompanyId;
    private long nextMultiFieldId;
    private long nextCommentId;
    private long nextHistoryId;
    private long nextRequisiteId;
    private long nextLocationId;

    public Bitrix24SimulatorStore() {
        reset();
    }

    /** Restores the seeded portal (two pipelines, no deals) and zeroes the request counters. */
    public void reset() {
        synchronized (lock) {
            pipelines.clear();
            stages.clear();
            deals.clear();
            contacts.clear();
            companies.clear();
            dealContacts.clear();
            comments.clear();
            stageHistory.clear();
            dealUserFields.clear();
            requisites.clear();
            addresses.clear();
            // distinct ID ranges make a deal ID passed where a contact ID belongs fail loudly
            nextDealId = 1;
            nextContactId = 1001;
            nextCompanyId = 5001;
            nextMultiFieldId = 1;
            nextCommentId = 1;
            nextHistoryId = 1;
            nextRequisiteId = 9001;
            nextLocationId = 1;
            seed();
        }
        resetCounters();
    }

    private void seed() {
        // the user fields the sandbox configuration maps (application-sandbox.yml), as an admin would create them
        dealUserFields.addAll(SANDBOX_USER_FIELDS);
        pipelines.add(new Pipeline(0, "Общая", 100));
        stages.add(new Stage(0, "NEW", "Новая", 10, null));
        stages.add(new Stage(0, "PREPARATION", "Подготовка", 20, null));
        stages.add(new Stage(0, "UC_SERVICE", "Сервисная служба", 30, null));
        stages.add(new Stage(0, "UC_DONE", "Работы выполнены", 40, null));
        stages.add(new Stage(0, "WON", "Сделка успешна", 50, "S"));
        stages.add(new Stage(0, "LOSE", "Сделка провалена", 60, "F"));
        pipelines.add(new Pipeline(1, "Сервис", 200));
        stages.add(new Stage(1, "C1:NEW", "Новая", 10, null));
        stages.add(new Stage(1, "C1:UC_SERVICE", "Сервисная служба", 20, null));
        stages.add(new Stage(1, "C1:UC_DONE", "Работы выполнены", 30, null));
        stages.add(new Stage(1, "C1:WON", "Сделка успешна", 40, "S"));
        stages.add(new Stage(1, "C1:LOSE", "Сделка провалена", 50, "F"));
    }

    // ---- configuration -------------------------------------------------------------------------------------

    public void setPortalZone(ZoneId zone) {
        time.setZone(zone);
    }

    public ZoneId portalZone() {
        return time.zone();
    }

    /** Lets tests control DATE_MODIFY / MOVED_TIME. */
    public void setClock(Clock clock) {
        time.setClock(clock);
    }

    PortalTime time() {
        return time;
    }

    public void addDealEventListener(DealEventListener listener) {
        listeners.add(listener);
    }

    // ---- request counters ----------------------------------------------------------------------------------

    /** Counts one HTTP request to the REST endpoint (a batch counts once, as "batch"). */
    public void countRequest(String method) {
        requestCounts.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    /** Counts one executed method, whether called directly or inside a batch. */
    public void countCommand(String method) {
        commandCounts.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    public long requestCount() {
        return requestCounts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long requestCount(String method) {
        LongAdder count = requestCounts.get(method);
        return count == null ? 0 : count.sum();
    }

    public long commandCount(String method) {
        LongAdder count = commandCounts.get(method);
        return count == null ? 0 : count.sum();
    }

    public Map<String, Long> requestCounts() {
        return snapshot(requestCounts);
    }

    public Map<String, Long> commandCounts() {
        return snapshot(commandCounts);
    }

    public void resetCounters() {
        requestCounts.clear();
        commandCounts.clear();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((method, count) -> copy.put(method, count.sum()));
        return copy;
    }

    // ---- pipelines and stages ------------------------------------------------------------------------------

    public List<Pipeline> pipelines() {
        synchronized (lock) {
            return List.copyOf(pipelines);
        }
    }

    public List<Stage> stages() {
        synchronized (lock) {
            return stages.stream().sorted(Comparator.comparingInt(Stage::categoryId)
                    .thenComparingInt(Stage::sort)).toList();
        }
    }

    /** The stages as {@code crm.status.list} returns them. */
    public List<Map<String, Object>> statusEntries() {
        List<Map<String, Object>> entries = new ArrayList<>();
        int id = 1;
        for (Stage stage : stages()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            boolean system = stage.statusId().matches("(C\\d+:)?(NEW|WON|LOSE)");
            String color = switch (stage.semanticId()) {
                case "S" -> "#7BD500";
                case "F" -> "#FF5752";
                default -> "#39A8EF";
            };
            entry.put("ID", Integer.toString(id++));
            entry.put("ENTITY_ID", stage.entityId());
            entry.put("STATUS_ID", stage.statusId());
            entry.put("NAME", stage.name());
            entry.put("NAME_INIT", system ? stage.name() : "");
            entry.put("SORT", Integer.toString(stage.sort()));
            entry.put("SYSTEM", system ? "Y" : "N");
            entry.put("CATEGORY_ID", Integer.toString(stage.categoryId()));
            entry.put("COLOR", color);
            entry.put("SEMANTICS", stage.semantics());
            String semantics = switch (stage.semanticId()) {
                case "S" -> "success";
                case "F" -> "failure";
                default -> "process";
            };
            entry.put("EXTRA", new LinkedHashMap<>(Map.of("SEMANTICS", semantics, "COLOR", color)));
            entries.add(entry);
        }
        return entries;
    }

    /** The pipelines as {@code crm.category.list} returns them (typed values: it is a new-style method). */
    public List<Map<String, Object>> categoryEntries() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Pipeline pipeline : pipelines()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", pipeline.id());
            entry.put("name", pipeline.name());
            entry.put("sort", pipeline.sort());
            entry.put("entityTypeId", 2);
            entry.put("isDefault", pipeline.id() == 0 ? "Y" : "N");
            entry.put("originId", "");
            entry.put("originatorId", "");
            entries.add(entry);
        }
        return entries;
    }

    // ---- deals ---------------------------------------------------------------------------------------------

    /**
     * Creates a deal as a portal user would in the UI. {@code stageId} may be null (first stage of the pipeline);
     * {@code contactId}/{@code companyId} may be null; {@code extraFields} takes any deal field or UF_CRM_*.
     */
    public String createDeal(String title, String comments, int categoryId, String stageId, String contactId,
                             String companyId, Map<String, ?> extraFields) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (extraFields != null) {
            fields.putAll(extraFields);
        }
        fields.put("TITLE", title);
        fields.put("COMMENTS", comments);
        fields.put("CATEGORY_ID", Integer.toString(categoryId));
        if (stageId != null) {
            fields.put("STAGE_ID", stageId);
        }
        if (contactId != null) {
            fields.put("CONTACT_ID", contactId);
        }
        if (companyId != null) {
            fields.put("COMPANY_ID", companyId);
        }
        return addDeal(fields, MANAGER_USER_ID);
    }

    /** {@code crm.deal.add}: validates everything first, so a rejected call changes nothing. */
    public String addDeal(Map<String, ?> fields, String actorId) {
        long id;
        synchronized (lock) {
            int categoryId = categoryForNewDeal(fields);
            Object requestedStage = fields.get("STAGE_ID");
            Stage stage = requestedStage == null || Params.str(requestedStage).isBlank()
                    ? firstStage(categoryId)
                    : requireStage(categoryId, Params.str(requestedStage));
            Map<String, Object> changes = DealFieldCatalog.convert(fields, time);
            List<Long> contactIds = contactIdsFrom(fields, List.of());

            id = nextDealId++;
            Instant now = time.now();
            Map<String, Object> deal = new LinkedHashMap<>();
            DealFieldCatalog.RENDERED.forEach(key -> deal.put(key, null));
            deal.put("ID", Long.toString(id));
            deal.put("TITLE", "Сделка #" + id);
            deal.put("TYPE_ID", "SALE");
            deal.put("CATEGORY_ID", Integer.toString(categoryId));
            deal.put("IS_NEW", "Y");
            deal.put("IS_RECURRING", "N");
            deal.put("IS_RETURN_CUSTOMER", "N");
            deal.put("IS_REPEATED_APPROACH", "N");
            deal.put("CURRENCY_ID", "RUB");
            deal.put("OPPORTUNITY", "0.00");
            deal.put("IS_MANUAL_OPPORTUNITY", "N");
            deal.put("TAX_VALUE", "0.00");
            deal.put("COMPANY_ID", "0");
            deal.put("BEGINDATE", time.today());
            deal.put("CLOSEDATE", time.today().plusDays(7));
            deal.put("OPENED", "Y");
            deal.put("ASSIGNED_BY_ID", actorId);
            deal.put("CREATED_BY_ID", actorId);
            deal.put("MODIFY_BY_ID", actorId);
            deal.put("DATE_CREATE", now);
            deal.put("DATE_MODIFY", now);
            deal.put("LAST_ACTIVITY_TIME", now);
            deal.put("LAST_ACTIVITY_BY", actorId);
            applyChanges(deal, changes);
            if (Params.str(deal.get("TITLE")) == null || Params.str(deal.get("TITLE")).isBlank()) {
                deal.put("TITLE", "Сделка #" + id);
            }
            setStage(id, deal, stage, actorId, now, 1);
            deals.put(id, deal);
            dealContacts.put(id, new ArrayList<>(contactIds));
        }
        publish(EVENT_DEAL_ADD, id);
        return Long.toString(id);
    }

    /** Moves a deal as a portal user would by dragging it in the kanban (fires ONCRMDEALUPDATE). */
    public void moveDealToStage(String dealId, String stageId) {
        updateDeal(dealId, Map.of("STAGE_ID", stageId), MANAGER_USER_ID);
    }

    /** Changes deal fields as a portal user would in the UI. */
    public void updateDeal(String dealId, Map<String, ?> fields) {
        updateDeal(dealId, fields, MANAGER_USER_ID);
    }

    /**
     * {@code crm.deal.update}: unknown keys are ignored (UF_CRM_* are accepted), CATEGORY_ID cannot change, a new
     * STAGE_ID must belong to the deal's pipeline and moves MOVED_TIME.
     */
    public void updateDeal(String dealId, Map<String, ?> fields, String actorId) {
        long id = Params.id(dealId);
        synchronized (lock) {
            Map<String, Object> deal = deals.get(id);
            if (deal == null) {
                throw Bitrix24RestError.notFound();
            }
            int categoryId = Integer.parseInt((String) deal.get("CATEGORY_ID"));
            Object requestedStage = fields.get("STAGE_ID");
            Stage stage = requestedStage == null ? null : requireStage(categoryId, Params.str(requestedStage));
            Map<String, Object> changes = DealFieldCatalog.convert(fields, time);
            List<Long> contactIds = contactIdsFrom(fields, dealContacts.getOrDefault(id, List.of()));

            Instant now = time.now();
            applyChanges(deal, changes);
            if (stage != null && !stage.statusId().equals(deal.get("STAGE_ID"))) {
                setStage(id, deal, stage, actorId, now, stage.semantics() == null ? 2 : 3);
            }
            dealContacts.put(id, new ArrayList<>(contactIds));
            deal.put("DATE_MODIFY", now);
            deal.put("MODIFY_BY_ID", actorId);
            deal.put("IS_NEW", "N");
        }
        publish(EVENT_DEAL_UPDATE, id);
    }

    /** The deal as {@code crm.deal.get} returns it; "Not found" (400) when it does not exist. */
    public Map<String, Object> getDeal(String dealId) {
        return findDeal(dealId).orElseThrow(Bitrix24RestError::notFound);
    }

    public Optional<Map<String, Object>> findDeal(String dealId) {
        long id = Params.id(dealId);
        synchronized (lock) {
            Map<String, Object> deal = deals.get(id);
            return deal == null ? Optional.empty() : Optional.of(renderDeal(id, deal));
        }
    }

    /** All deals in ID order, rendered as {@code crm.deal.get} returns them. */
    public List<Map<String, Object>> listDeals() {
        synchronized (lock) {
            List<Map<String, Object>> rendered = new ArrayList<>();
            deals.forEach((id, deal) -> rendered.add(renderDeal(id, deal)));
            return rendered;
        }
    }

    /** The deals of these IDs that exist, in ID order, rendered as {@code crm.deal.get} returns them. */
    public List<Map<String, Object>> listDeals(Set<Long> ids) {
        synchronized (lock) {
            List<Map<String, Object>> rendered = new ArrayList<>();
            new TreeSet<>(ids).forEach(id -> {
                Map<String, Object> deal = deals.get(id);
                if (deal != null) {
                    rendered.add(renderDeal(id, deal));
                }
            });
            return rendered;
        }
    }

    public boolean deleteDeal(String dealId) {
        long id = Params.id(dealId);
        synchronized (lock) {
            if (deals.remove(id) == null) {
                return false;
            }
            dealContacts.remove(id);
            comments.removeIf(c -> c.get("ENTITY_TYPE").equals("deal") && c.get("ENTITY_ID").equals(id));
        }
        publish(EVENT_DEAL_DELETE, id);
        return true;
    }

    /** {@code crm.deal.contact.items.get}; the portal returns numbers here, unlike crm.deal.get. */
    public List<Map<String, Object>> dealContactItems(String dealId) {
        long id = Params.id(dealId);
        synchronized (lock) {
            if (!deals.containsKey(id)) {
                throw Bitrix24RestError.notFound();
            }
            List<Map<String, Object>> items = new ArrayList<>();
            List<Long> linked = dealContacts.getOrDefault(id, List.of());
            for (int i = 0; i < linked.size(); i++) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("CONTACT_ID", linked.get(i));
                item.put("SORT", (i + 1) * 10);
                item.put("ROLE_ID", 0);
                item.put("IS_PRIMARY", i == 0 ? "Y" : "N");
                items.add(item);
            }
            return items;
        }
    }

    /** {@code crm.deal.fields}: the standard fields plus every UF_CRM_* field written so far. */
    public Map<String, Object> dealFieldDescriptions() {
        synchronized (lock) {
            return DealFieldCatalog.descriptions(dealUserFields);
        }
    }

    /** Every stage movement, as {@code crm.stagehistory.list} returns it (typed values: a new-style method). */
    public List<Map<String, Object>> stageHistory() {
        synchronized (lock) {
            List<Map<String, Object>> rendered = new ArrayList<>();
            for (Map<String, Object> entry : stageHistory) {
                Map<String, Object> copy = new LinkedHashMap<>(entry);
                copy.put("CREATED_TIME", time.format((Instant) entry.get("CREATED_TIME")));
                rendered.add(copy);
            }
            return rendered;
        }
    }

    /** Whether a field name is one crm.deal.list can filter and order by. */
    boolean isDealField(String field) {
        if (DealFieldCatalog.isStandard(field)) {
            return true;
        }
        synchronized (lock) {
            return dealUserFields.contains(field);
        }
    }

    // ---- contacts and companies ----------------------------------------------------------------------------

    public String createContact(String name, String lastName, List<String> phones, List<String> emails) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("NAME", name);
        fields.put("LAST_NAME", lastName);
        fields.put("PHONE", phones == null ? List.of() : phones);
        fields.put("EMAIL", emails == null ? List.of() : emails);
        return addContact(fields, MANAGER_USER_ID);
    }

    /** {@code crm.contact.add}. PHONE/EMAIL/WEB/IM take {@code [{VALUE, VALUE_TYPE}]} or plain strings. */
    public String addContact(Map<String, ?> fields, String actorId) {
        synchronized (lock) {
            long id = nextContactId++;
            Map<String, Object> contact = newPlainEntity(id, CONTACT_FIELDS, actorId);
            contact.put("TYPE_ID", "CLIENT");
            contact.put("COMPANY_ID", null);
            applyPlainFields(contact, fields, CONTACT_FIELDS);
            contacts.put(id, contact);
            return Long.toString(id);
        }
    }

    public String createCompany(String title, List<String> phones, List<String> emails) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("TITLE", title);
        fields.put("PHONE", phones == null ? List.of() : phones);
        fields.put("EMAIL", emails == null ? List.of() : emails);
        return addCompany(fields, MANAGER_USER_ID);
    }

    /** {@code crm.company.add}. */
    public String addCompany(Map<String, ?> fields, String actorId) {
        synchronized (lock) {
            long id = nextCompanyId++;
            Map<String, Object> company = newPlainEntity(id, COMPANY_FIELDS, actorId);
            company.put("COMPANY_TYPE", "CUSTOMER");
            applyPlainFields(company, fields, COMPANY_FIELDS);
            if (company.get("TITLE") == null) {
                company.put("TITLE", "Компания #" + id);
            }
            companies.put(id, company);
            return Long.toString(id);
        }
    }

    public Map<String, Object> getContact(String contactId) {
        long id = Params.id(contactId);
        synchronized (lock) {
            Map<String, Object> contact = contacts.get(id);
            if (contact == null) {
                throw Bitrix24RestError.notFound();
            }
            return renderPlainEntity(contact);
        }
    }

    public Map<String, Object> getCompany(String companyId) {
        long id = Params.id(companyId);
        synchronized (lock) {
            Map<String, Object> company = companies.get(id);
            if (company == null) {
                throw Bitrix24RestError.notFound();
            }
            return renderPlainEntity(company);
        }
    }

    // ---- requisites and addresses --------------------------------------------------------------------------

    /**
     * Adds a requisite to a contact ({@link #OWNER_CONTACT}) or company ({@link #OWNER_COMPANY}) as a portal user
     * would; the preset follows the owner (private person for a contact, organisation for a company). Unknown
     * owners are a 400 {@link Bitrix24RestError}. Returns the new requisite ID.
     */
    public String addRequisite(int entityTypeId, String entityId, String name, String inn) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ENTITY_TYPE_ID", entityTypeId);
        fields.put("ENTITY_ID", entityId);
        fields.put("PRESET_ID", entityTypeId == OWNER_CONTACT ? PRESET_PRIVATE_PERSON : PRESET_ORGANIZATION);
        fields.put("NAME", name == null || name.isBlank() ? presetName(entityTypeId) : name);
        fields.put("RQ_INN", inn);
        return addRequisite(fields, MANAGER_USER_ID);
    }

    /** {@code crm.requisite.add}: ENTITY_TYPE_ID (3|4), ENTITY_ID of an existing owner, PRESET_ID and NAME. */
    public String addRequisite(Map<String, ?> fields, String actorId) {
        synchronized (lock) {
            int entityTypeId = smallInt(fields.get("ENTITY_TYPE_ID"));
            long ownerId = requireOwner(entityTypeId, fields.get("ENTITY_ID"));
            int presetId = smallInt(fields.get("PRESET_ID"));
            if (!PRESETS.contains(presetId)) {
                throw Bitrix24RestError.badRequest("PRESET_ID is not defined or invalid: the sandbox portal has"
                        + " presets 1 (organisation), 2 (sole proprietor) and 3 (private person)");
            }
            String name = Params.str(fields.get("NAME"));
            if (name == null || name.isBlank()) {
                throw Bitrix24RestError.badRequest("The field NAME is required");
            }
            long id = nextRequisiteId++;
            Map<String, Object> requisite = new LinkedHashMap<>();
            REQUISITE_FIELDS.forEach(field -> requisite.put(field, null));
            requisite.put("ID", Long.toString(id));
            requisite.put("ENTITY_TYPE_ID", Integer.toString(entityTypeId));
            requisite.put("ENTITY_ID", Long.toString(ownerId));
            requisite.put("PRESET_ID", Integer.toString(presetId));
            requisite.put("DATE_CREATE", time.now());
            requisite.put("CREATED_BY_ID", actorId);
            requisite.put("ACTIVE", "Y");
            requisite.put("ADDRESS_ONLY", "N");
            requisite.put("SORT", "500");
            for (String field : REQUISITE_FIELDS.subList(8, REQUISITE_FIELDS.size())) {
                String value = Params.str(fields.get(field));
                if (value != null && !value.isBlank()) {
                    requisite.put(field, value.trim());
                }
            }
            requisites.put(id, requisite);
            return Long.toString(id);
        }
    }

    /** All requisites in ID order, as {@code crm.requisite.list} returns them (strings, nulls for blanks). */
    public List<Map<String, Object>> requisites() {
        synchronized (lock) {
            List<Map<String, Object>> rendered = new ArrayList<>();
            requisites.values().forEach(requisite -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                requisite.forEach((key, value) -> copy.put(key, renderValue(value)));
                rendered.add(copy);
            });
            return rendered;
        }
    }

    /**
     * Adds an address of {@code typeId} ({@link #ADDRESS_ACTUAL}, {@link #ADDRESS_LEGAL},
     * {@link #ADDRESS_DELIVERY}, …) to a requisite, as a portal user editing the card would: an address of the
     * same type on that requisite is replaced. Any part may be null.
     */
    public void addAddress(String requisiteId, int typeId, String address1, String city, String postalCode,
                           String country) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("TYPE_ID", typeId);
        fields.put("ENTITY_TYPE_ID", OWNER_REQUISITE);
        fields.put("ENTITY_ID", requisiteId);
        fields.put("ADDRESS_1", address1);
        fields.put("CITY", city);
        fields.put("POSTAL_CODE", postalCode);
        fields.put("COUNTRY", country);
        putAddress(fields, true);
    }

    /**
     * {@code crm.address.add}: TYPE_ID, ENTITY_TYPE_ID 8 and ENTITY_ID of an existing requisite; a second address
     * of the same type on one requisite is refused, as the portal keys addresses by (type, owner).
     */
    public void addAddress(Map<String, ?> fields) {
        putAddress(fields, false);
    }

    /**
     * Gives a contact or company an actual (TYPE_ID 1) address: on its first requisite, which is created when the
     * owner has none. Returns the requisite ID.
     */
    public String addActualAddress(int entityTypeId, String entityId, String address1, String city) {
        return addActualAddress(entityTypeId, entityId, address1, city, null, null);
    }

    /** {@link #addActualAddress(int, String, String, String)} with postal code and country. */
    public String addActualAddress(int entityTypeId, String entityId, String address1, String city,
                                   String postalCode, String country) {
        synchronized (lock) {
            String owner = Long.toString(requireOwner(entityTypeId, entityId));
            String type = Integer.toString(entityTypeId);
            String requisiteId = requisites.values().stream()
                    .filter(r -> type.equals(r.get("ENTITY_TYPE_ID")) && owner.equals(r.get("ENTITY_ID")))
                    .map(r -> (String) r.get("ID"))
                    .findFirst()
                    .orElseGet(() -> addRequisite(entityTypeId, owner, null, null));
            addAddress(requisiteId, ADDRESS_ACTUAL, address1, city, postalCode, country);
            return requisiteId;
        }
    }

    /** All addresses in creation order, as {@code crm.address.list} returns them (strings, nulls for blanks). */
    public List<Map<String, Object>> addresses() {
        synchronized (lock) {
            List<Map<String, Object>> copies = new ArrayList<>();
            addresses.forEach(address -> copies.add(new LinkedHashMap<>(address)));
            return copies;
        }
    }

    private void putAddress(Map<String, ?> fields, boolean replace) {
        synchronized (lock) {
            int typeId = smallInt(fields.get("TYPE_ID"));
            if (!ADDRESS_TYPES.contains(typeId)) {
                throw Bitrix24RestError.badRequest("TYPE_ID is not defined or invalid: address types are"
                        + " 1 (actual), 4 (registration), 6 (legal), 9 (beneficiary) and 11 (delivery)");
            }
            if (smallInt(fields.get("ENTITY_TYPE_ID")) != OWNER_REQUISITE) {
                throw Bitrix24RestError.badRequest("ENTITY_TYPE_ID is not defined or invalid: the sandbox portal"
                        + " keeps addresses on requisites (ENTITY_TYPE_ID 8)");
            }
            long requisiteId;
            try {
                requisiteId = Params.id(fields.get("ENTITY_ID"));
            } catch (Bitrix24RestError e) {
                throw Bitrix24RestError.badRequest("ENTITY_ID is not defined or invalid");
            }
            Map<String, Object> requisite = requisites.get(requisiteId);
            if (requisite == null) {
                throw Bitrix24RestError.badRequest("Requisite with ID " + requisiteId + " is not found");
            }
            String type = Integer.toString(typeId);
            String owner = Long.toString(requisiteId);
            int existing = -1;
            for (int i = 0; i < addresses.size(); i++) {
                if (type.equals(addresses.get(i).get("TYPE_ID")) && owner.equals(addresses.get(i).get("ENTITY_ID"))) {
                    existing = i;
                }
            }
            if (existing >= 0 && !replace) {
                throw Bitrix24RestError.badRequest("Address of type " + typeId + " already exists for requisite "
                        + requisiteId);
            }
            Map<String, Object> address = new LinkedHashMap<>();
            ADDRESS_FIELDS.forEach(field -> address.put(field, null));
            address.put("TYPE_ID", type);
            address.put("ENTITY_TYPE_ID", Integer.toString(OWNER_REQUISITE));
            address.put("ENTITY_ID", owner);
            for (String part : ADDRESS_PARTS) {
                String value = Params.str(fields.get(part));
                address.put(part, value == null || value.isBlank() ? null : value.trim());
            }
            address.put("LOC_ADDR_ID", Long.toString(nextLocationId++));
            address.put("ANCHOR_TYPE_ID", requisite.get("ENTITY_TYPE_ID"));
            address.put("ANCHOR_ID", requisite.get("ENTITY_ID"));
            if (existing >= 0) {
                addresses.set(existing, address);
            } else {
                addresses.add(address);
            }
        }
    }

    /** Checks a requisite owner: type 3 or 4 and an existing contact or company; returns its ID. */
    private long requireOwner(int entityTypeId, Object entityId) {
        if (entityTypeId != OWNER_CONTACT && entityTypeId != OWNER_COMPANY) {
            throw Bitrix24RestError.badRequest("ENTITY_TYPE_ID is not defined or invalid: a requisite belongs to a"
                    + " contact (3) or a company (4)");
        }
        String kind = entityTypeId == OWNER_CONTACT ? "Contact" : "Company";
        long id;
        try {
            id = Params.id(entityId);
        } catch (Bitrix24RestError e) {
            throw Bitrix24RestError.badRequest("ENTITY_ID is not defined or invalid");
        }
        boolean exists = entityTypeId == OWNER_CONTACT ? contacts.containsKey(id) : companies.containsKey(id);
        if (!exists) {
            throw Bitrix24RestError.badRequest(kind + " with ID " + id + " is not found");
        }
        return id;
    }

    private static String presetName(int entityTypeId) {
        return entityTypeId == OWNER_CONTACT ? "Физ. лицо" : "Организация";
    }

    /** A small non-negative integer given as number or string; -1 for anything else. */
    private static int smallInt(Object value) {
        String text = Params.str(value);
        return text != null && text.trim().matches("\\d{1,9}") ? Integer.parseInt(text.trim()) : -1;
    }

    // ---- timeline ------------------------------------------------------------------------------------------

    /** {@code crm.timeline.comment.add} on a deal, contact or company; returns the new comment ID. */
    public String addTimelineComment(String entityType, String entityId, String comment, String authorId) {
        String type = entityType == null ? "" : entityType.trim().toLowerCase();
        synchronized (lock) {
            long ownerId;
            try {
                ownerId = Params.id(entityId);
            } catch (Bitrix24RestError e) {
                throw ownerNotFound();
            }
            boolean exists = switch (type) {
                case "deal" -> deals.containsKey(ownerId);
                case "contact" -> contacts.containsKey(ownerId);
                case "company" -> companies.containsKey(ownerId);
                default -> false;
            };
            if (!exists) {
                throw ownerNotFound();
            }
            if (comment == null || comment.isBlank()) {
                throw new Bitrix24RestError(400, "INVALID_ARG_VALUE", "Empty comment message");
            }
            long id = nextCommentId++;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ID", id);
            entry.put("CREATED", time.now());
            entry.put("ENTITY_ID", ownerId);
            entry.put("ENTITY_TYPE", type);
            entry.put("AUTHOR_ID", authorId);
            entry.put("COMMENT", comment);
            comments.add(entry);
            return Long.toString(id);
        }
    }

    /** All timeline comments, oldest first, as {@code crm.timeline.comment.list} returns them. */
    public List<Map<String, Object>> timelineComments() {
        synchronized (lock) {
            List<Map<String, Object>> rendered = new ArrayList<>();
            for (Map<String, Object> entry : comments) {
                Map<String, Object> copy = new LinkedHashMap<>();
                copy.put("ID", entry.get("ID").toString());
                copy.put("CREATED", time.format((Instant) entry.get("CREATED")));
                copy.put("ENTITY_ID", entry.get("ENTITY_ID").toString());
                copy.put("ENTITY_TYPE", entry.get("ENTITY_TYPE"));
                copy.put("AUTHOR_ID", entry.get("AUTHOR_ID"));
                copy.put("COMMENT", entry.get("COMMENT"));
                rendered.add(copy);
            }
            return rendered;
        }
    }

    public List<Map<String, Object>> dealTimelineComments(String dealId) {
        String id = Long.toString(Params.id(dealId));
        return timelineComments().stream()
                .filter(c -> c.get("ENTITY_TYPE").equals("deal") && c.get("ENTITY_ID").equals(id))
                .toList();
    }

    private static Bitrix24RestError ownerNotFound() {
        return new Bitrix24RestError(400, "OWNER_NOT_FOUND", "Owner entity not found");
    }

    // ---- internals -----------------------------------------------------------------------------------------

    private int categoryForNewDeal(Map<String, ?> fields) {
        String requested = Params.str(fields.get("CATEGORY_ID"));
        int categoryId;
        if (requested != null && !requested.isBlank()) {
            if (!requested.trim().matches("\\d{1,9}")) {
                throw Bitrix24RestError.badRequest("Invalid CATEGORY_ID '" + requested + "'");
            }
            categoryId = Integer.parseInt(requested.trim());
        } else {
            Matcher prefix = CATEGORY_PREFIX.matcher(String.valueOf(Params.str(fields.get("STAGE_ID"))));
            categoryId = prefix.find() ? Integer.parseInt(prefix.group(1)) : 0;
        }
        if (pipelines.stream().noneMatch(p -> p.id() == categoryId)) {
            throw Bitrix24RestError.badRequest("Category with ID " + categoryId + " not found");
        }
        return categoryId;
    }

    private Stage firstStage(int categoryId) {
        return stages.stream().filter(s -> s.categoryId() == categoryId)
                .min(Comparator.comparingInt(Stage::sort)).orElseThrow();
    }

    private Stage requireStage(int categoryId, String statusId) {
        return stages.stream()
                .filter(s -> s.categoryId() == categoryId && s.statusId().equalsIgnoreCase(statusId.trim()))
                .findFirst()
                .orElseThrow(() -> Bitrix24RestError.badRequest("Stage '" + statusId
                        + "' does not belong to the deal's pipeline " + categoryId
                        + " (expected a STATUS_ID of " + (categoryId == 0 ? "DEAL_STAGE" : "DEAL_STAGE_" + categoryId)
                        + ")"));
    }

    private void setStage(long dealId, Map<String, Object> deal, Stage stage, String actorId, Instant now,
                          int historyType) {
        deal.put("STAGE_ID", stage.statusId());
        deal.put("STAGE_SEMANTIC_ID", stage.semanticId());
        deal.put("CLOSED", stage.semantics() == null ? "N" : "Y");
        deal.put("MOVED_TIME", now);
        deal.put("MOVED_BY_ID", actorId);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("ID", nextHistoryId++);
        entry.put("TYPE_ID", historyType);
        entry.put("OWNER_ID", dealId);
        entry.put("CREATED_TIME", now);
        entry.put("CATEGORY_ID", stage.categoryId());
        entry.put("STAGE_SEMANTIC_ID", stage.semanticId());
        entry.put("STAGE_ID", stage.statusId());
        stageHistory.add(entry);
    }

    private void applyChanges(Map<String, Object> deal, Map<String, Object> changes) {
        changes.forEach((key, value) -> {
            if (key.startsWith("UF_CRM_")) {
                dealUserFields.add(key);
            }
            deal.put(key, value);
        });
    }

    /** CONTACT_IDS replaces the links; the legacy CONTACT_ID makes that contact the primary one. */
    private List<Long> contactIdsFrom(Map<String, ?> fields, List<Long> current) {
        List<Long> result = new ArrayList<>(current);
        if (fields.containsKey("CONTACT_IDS")) {
            result.clear();
            for (Object value : Params.list(fields.get("CONTACT_IDS"))) {
                long contactId = contactId(value);
                if (contactId > 0 && !result.contains(contactId)) {
                    result.add(contactId);
                }
            }
        }
        if (fields.containsKey("CONTACT_ID")) {
            long contactId = contactId(fields.get("CONTACT_ID"));
            result.remove(contactId);
            if (contactId > 0) {
                result.add(0, contactId);
            }
        }
        return result;
    }

    private static long contactId(Object value) {
        String text = Params.str(value);
        if (text == null || text.isBlank()) {
            return 0;
        }
        if (!text.trim().matches("\\d{1,18}")) {
            throw Bitrix24RestError.badRequest("Invalid contact ID '" + text + "'");
        }
        return Long.parseLong(text.trim());
    }

    private Map<String, Object> renderDeal(long id, Map<String, Object> deal) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        for (String key : DealFieldCatalog.RENDERED) {
            rendered.put(key, renderValue(deal.get(key)));
        }
        List<Long> linked = dealContacts.getOrDefault(id, List.of());
        rendered.put("CONTACT_ID", linked.isEmpty() ? null : linked.get(0).toString());
        for (String code : dealUserFields) {
            Object value = deal.get(code);
            rendered.put(code, value instanceof List<?> list ? new ArrayList<>(list) : value);
        }
        return rendered;
    }

    private Object renderValue(Object value) {
        if (value instanceof Instant instant) {
            return time.format(instant);
        }
        if (value instanceof LocalDate date) {
            return time.formatDate(date);
        }
        return value;
    }

    private Map<String, Object> newPlainEntity(long id, List<String> fields, String actorId) {
        Instant now = time.now();
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("ID", Long.toString(id));
        fields.forEach(field -> entity.put(field, null));
        entity.put("OPENED", "Y");
        entity.put("ASSIGNED_BY_ID", actorId);
        entity.put("CREATED_BY_ID", actorId);
        entity.put("MODIFY_BY_ID", actorId);
        entity.put("DATE_CREATE", now);
        entity.put("DATE_MODIFY", now);
        return entity;
    }

    private void applyPlainFields(Map<String, Object> entity, Map<String, ?> fields, List<String> writable) {
        fields.forEach((key, value) -> {
            if (MULTI_FIELDS.contains(key)) {
                List<Map<String, Object>> entries = multiField(key, value);
                if (!entries.isEmpty()) {
                    entity.put(key, entries);
                }
            } else if (key.startsWith("UF_CRM_")) {
                entity.put(key, DealFieldCatalog.userFieldValue(value));
            } else if (key.equals("BIRTHDATE")) {
                String text = Params.str(value);
                entity.put(key, text == null || text.isBlank() ? null : time.parseDate(text));
            } else if (writable.contains(key)) {
                entity.put(key, Params.str(value));
            }
        });
        entity.put("HAS_PHONE", entity.containsKey("PHONE") ? "Y" : "N");
        entity.put("HAS_EMAIL", entity.containsKey("EMAIL") ? "Y" : "N");
        entity.put("HAS_IMOL", "N");
    }

    private List<Map<String, Object>> multiField(String typeId, Object value) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object item : Params.list(value)) {
            Map<String, Object> given = Params.map(item);
            String text = given == null ? Params.str(item) : Params.str(given.get("VALUE"));
            if (text == null || text.isBlank()) {
                continue;
            }
            String valueType = given == null ? null : Params.str(given.get("VALUE_TYPE"));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ID", Long.toString(nextMultiFieldId++));
            entry.put("VALUE_TYPE", valueType == null || valueType.isBlank() ? "WORK" : valueType);
            entry.put("VALUE", text);
            entry.put("TYPE_ID", typeId);
            entries.add(entry);
        }
        return entries;
    }

    private Map<String, Object> renderPlainEntity(Map<String, Object> entity) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        entity.forEach((key, value) -> {
            if (value instanceof List<?> list && MULTI_FIELDS.contains(key)) {
                List<Map<String, Object>> copies = new ArrayList<>();
                list.forEach(entry -> copies.add(new LinkedHashMap<>(Params.map(entry))));
                rendered.put(key, copies);
            } else {
                rendered.put(key, renderValue(value));
            }
        });
        return rendered;
    }

    private void publish(String event, long dealId) {
        for (DealEventListener listener : listeners) {
            try {
                listener.onDealEvent(event, Long.toString(dealId));
            } catch (RuntimeException e) {
                log.warn("Bitrix24 sandbox: deal event listener failed for {}: {}", event, e.toString());
            }
        }
    }
}
