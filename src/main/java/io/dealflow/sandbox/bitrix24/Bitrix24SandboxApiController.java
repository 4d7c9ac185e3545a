package io.dealflow.sandbox.bitrix24;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dealflow.sandbox.FaultInjector;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A JSON API for people and tests to drive the simulated portal the way its users would: create a deal with
 * contact and company (each optionally with an actual address on a requisite), drag it to another stage, look at
 * it, script failures and change the rate limit.
 */
@RestController
@RequestMapping("/sandbox/api/bitrix24")
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24SandboxApiController {

    private static final Pattern CATEGORY_PREFIX = Pattern.compile("^C(\\d+):");

    private final Bitrix24SimulatorStore store;
    private final Bitrix24EventSender events;
    private final LeakyBucket bucket;
    private final FaultInjector faults;

    public Bitrix24SandboxApiController(Bitrix24SimulatorStore store, Bitrix24EventSender events,
                                        @Qualifier("bitrix24LeakyBucket") LeakyBucket bucket,
                                        @Qualifier("bitrix24Faults") FaultInjector faults) {
        this.store = store;
        this.events = events;
        this.bucket = bucket;
        this.faults = faults;
    }

    /** Rejected input: answered as 400 {"error": reason}. */
    static class BadInput extends RuntimeException {
        BadInput(String reason) {
            super(reason);
        }
    }

    @PostMapping("/deals")
    public ResponseEntity<String> createDeal(@RequestBody(required = false) String json) {
        Map<String, Object> body = object(json);
        String stageId = text(body, "stageId");
        int categoryId = categoryOf(body, stageId);
        if (store.pipelines().stream().noneMatch(p -> p.id() == categoryId)) {
            throw new BadInput("categoryId " + categoryId + " is not a pipeline");
        }
        if (stageId != null && store.stages().stream()
                .noneMatch(s -> s.categoryId() == categoryId && s.statusId().equals(stageId))) {
            throw new BadInput("stageId " + stageId + " is not a stage of pipeline " + categoryId);
        }
        Map<String, Object> fields = nested(body, "fields");
        Map<String, Object> company = nested(body, "company");
        Map<String, Object> contact = nested(body, "contact");
        Address companyAddress = address(company, "company");
        Address contactAddress = address(contact, "contact");
        String companyId = null;
        String existingCompany = text(body, "companyId");
        if (existingCompany != null && !company.isEmpty()) {
            throw new BadInput("give either company (a new one) or companyId (an existing one), not both");
        }
        if (existingCompany != null) {
            // a repeat customer: the deal and its contact belong to a company the portal already has
            try {
                store.getCompany(existingCompany);
            } catch (Bitrix24RestError | IllegalArgumentException e) {
                throw new BadInput("companyId " + existingCompany + " is not a company of the portal");
            }
            companyId = existingCompany;
        } else if (!company.isEmpty()) {
            companyId = store.createCompany(text(company, "title"), strings(company, "phones"),
                    strings(company, "emails"));
            if (companyAddress != null) {
                companyAddress.addTo(store, Bitrix24SimulatorStore.OWNER_COMPANY, companyId);
            }
        }
        String contactId = null;
        if (!contact.isEmpty()) {
            Map<String, Object> contactFields = new LinkedHashMap<>();
            contactFields.put("NAME", text(contact, "name"));
            contactFields.put("LAST_NAME", text(contact, "lastName"));
            contactFields.put("PHONE", strings(contact, "phones"));
            contactFields.put("EMAIL", strings(contact, "emails"));
            contactFields.put("COMPANY_ID", companyId);
            contactId = store.addContact(contactFields, Bitrix24SimulatorStore.MANAGER_USER_ID);
            if (contactAddress != null) {
                contactAddress.addTo(store, Bitrix24SimulatorStore.OWNER_CONTACT, contactId);
            }
        }
        String dealId = store.createDeal(text(body, "title"), text(body, "comments"), categoryId, stageId,
                contactId, companyId, fields);
        return json(HttpStatus.CREATED, store.getDeal(dealId));
    }

    @PostMapping("/deals/{id}/stage")
    public ResponseEntity<String> moveDeal(@PathVariable String id, @RequestBody(required = false) String json) {
        String stageId = text(object(json), "stageId");
        if (stageId == null || stageId.isBlank()) {
            throw new BadInput("stageId is required");
        }
        if (store.findDeal(id).isEmpty()) {
            return notFound(id);
        }
        store.moveDealToStage(id, stageId);
        return json(HttpStatus.OK, store.getDeal(id));
    }

    /**
     * Delivers an event for the deal again (body {@code {event, times}}, default one ONCRMDEALUPDATE), as
     * Bitrix24 sometimes sends one change twice.
     */
    @PostMapping("/deals/{id}/events")
    public ResponseEntity<String> resendEvent(@PathVariable String id, @RequestBody(required = false) String json) {
        Map<String, Object> body = object(json);
        String event = text(body, "event");
        event = event == null ? Bitrix24SimulatorStore.EVENT_DEAL_UPDATE : event;
        if (!event.equals(Bitrix24SimulatorStore.EVENT_DEAL_ADD) && !event.equals(Bitrix24SimulatorStore.EVENT_DEAL_UPDATE)
                && !event.equals(Bitrix24SimulatorStore.EVENT_DEAL_DELETE)) {
            throw new BadInput("event must be ONCRMDEALADD, ONCRMDEALUPDATE or ONCRMDEALDELETE");
        }
        int times = integer(body, "times", 1);
        if (times < 1 || times > 100) {
            throw new BadInput("times must be between 1 and 100");
        }
        if (store.findDeal(id).isEmpty()) {
            return notFound(id);
        }
        for (int i = 0; i < times; i++) {
            events.resend(event, id);
        }
        return json(HttpStatus.ACCEPTED, Map.of("event", event, "dealId", id, "times", times));
    }

    @GetMapping("/deals/{id}")
    public ResponseEntity<String> getDeal(@PathVariable String id) {
        return store.findDeal(id).map(deal -> {
            Map<String, Object> view = new LinkedHashMap<>(deal);
            view.put("timelineComments", store.dealTimelineComments(id));
            return json(HttpStatus.OK, view);
        }).orElseGet(() -> notFound(id));
    }

    @DeleteMapping("/deals/{id}")
    public ResponseEntity<String> deleteDeal(@PathVariable String id) {
        return store.deleteDeal(id) ? ResponseEntity.noContent().build() : notFound(id);
    }

    @GetMapping("/stages")
    public ResponseEntity<String> stages() {
        List<Map<String, Object>> pipelines = new ArrayList<>();
        for (Bitrix24SimulatorStore.Pipeline pipeline : store.pipelines()) {
            List<Map<String, Object>> stages = new ArrayList<>();
            store.stages().stream().filter(s -> s.categoryId() == pipeline.id()).forEach(stage -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("statusId", stage.statusId());
                view.put("name", stage.name());
                view.put("sort", stage.sort());
                view.put("semantics", stage.semantics());
                stages.add(view);
            });
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("categoryId", pipeline.id());
            view.put("name", pipeline.name());
            view.put("entityId", pipeline.id() == 0 ? "DEAL_STAGE" : "DEAL_STAGE_" + pipeline.id());
            view.put("stages", stages);
            pipelines.add(view);
        }
        return json(HttpStatus.OK, pipelines);
    }

    /**
     * Body {@code {operation, status, body, times, delayMillis, afterExecution, probability}}; status 0 only
     * delays the call. {@code afterExecution}: the call runs, then its answer is delayed or replaced.
     * {@code probability} (0 < p <= 1): the share of matching calls that are hit, until {@code times} were.
     */
    @PostMapping("/faults")
    public ResponseEntity<String> addFault(@RequestBody(required = false) String json) {
        Map<String, Object> body = object(json);
        String operation = text(body, "operation");
        if (operation == null || operation.isBlank()) {
            throw new BadInput("operation is required, e.g. \"crm.deal.get\" or \"batch\"");
        }
        int status = integer(body, "status", 0);
        if (status != 0 && (status < 100 || status > 599)) {
            throw new BadInput("status must be 0 (delay only) or an HTTP status");
        }
        int times = integer(body, "times", 1);
        int delayMillis = integer(body, "delayMillis", 0);
        if (times < 1 || delayMillis < 0) {
            throw new BadInput("times must be at least 1 and delayMillis not negative");
        }
        double probability = body.containsKey("probability") ? decimal(body, "probability") : 1.0;
        if (!(probability > 0 && probability <= 1)) {
            throw new BadInput("probability must be above 0 and at most 1");
        }
        Object after = body.getOrDefault("afterExecution", false);
        if (!(after instanceof Boolean)) {
            throw new BadInput("afterExecution must be true or false");
        }
        Object responseBody = body.get("body");
        String text = responseBody == null || responseBody instanceof String
                ? (String) responseBody : Bitrix24Json.write(responseBody);
        FaultInjector.Fault fault = new FaultInjector.Fault(operation, status, text, delayMillis, (Boolean) after,
                probability, new AtomicInteger(times));
        faults.add(fault);
        return json(HttpStatus.CREATED, view(fault));
    }

    /** The faults still armed, with the uses left, and how many calls faults have hit so far. */
    @GetMapping("/faults")
    public ResponseEntity<String> listFaults() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("pending", faults.pending().stream().map(Bitrix24SandboxApiController::view).toList());
        view.put("injected", faults.injectedCount());
        return json(HttpStatus.OK, view);
    }

    private static Map<String, Object> view(FaultInjector.Fault fault) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("operation", fault.operationContains());
        view.put("status", fault.status());
        view.put("body", fault.body());
        view.put("times", fault.remaining().get());
        view.put("delayMillis", fault.delayMillis());
        view.put("afterExecution", fault.afterExecution());
        view.put("probability", fault.probability());
        return view;
    }

    /** Whether deal changes are delivered, the share lost on purpose, and the delivery counters. */
    @GetMapping("/events")
    public ResponseEntity<String> eventDelivery() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deliver", events.isDeliverEvents());
        view.put("dropRate", events.drops().rate());
        view.put("delivered", events.deliveredCount());
        view.put("failed", events.failedCount());
        view.put("dropped", events.droppedCount());
        return json(HttpStatus.OK, view);
    }

    /** Body {@code {deliver, dropRate}}: switches event delivery on or off, loses a share of the deliveries. */
    @PutMapping("/events")
    public ResponseEntity<String> changeEventDelivery(@RequestBody(required = false) String json) {
        Map<String, Object> body = object(json);
        if (!body.containsKey("deliver") && !body.containsKey("dropRate")) {
            throw new BadInput("deliver or dropRate is required");
        }
        if (body.containsKey("dropRate")) {
            double rate = decimal(body, "dropRate");
            if (!(rate >= 0 && rate <= 1)) {
                throw new BadInput("dropRate must be between 0 and 1");
            }
            events.drops().setRate(rate);
        }
        if (body.containsKey("deliver")) {
            if (!(body.get("deliver") instanceof Boolean deliver)) {
                throw new BadInput("deliver must be true or false");
            }
            events.setDeliverEvents(deliver);
        }
        return eventDelivery();
    }

    @DeleteMapping("/faults")
    public ResponseEntity<String> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    /** Body {@code {bucketSize, drainPerSecond}}; bucketSize 0 switches the limit off. */
    @PutMapping("/limit")
    public ResponseEntity<String> setLimit(@RequestBody(required = false) String json) {
        Map<String, Object> body = object(json);
        if (!body.containsKey("bucketSize")) {
            throw new BadInput("bucketSize is required");
        }
        int bucketSize = integer(body, "bucketSize", 0);
        double drain = body.containsKey("drainPerSecond") ? decimal(body, "drainPerSecond") : bucket.drainPerSecond();
        if (drain < 0) {
            throw new BadInput("drainPerSecond must not be negative");
        }
        bucket.configure(bucketSize, drain);
        return json(HttpStatus.OK,
                Map.of("bucketSize", bucket.bucketSize(), "drainPerSecond", bucket.drainPerSecond()));
    }

    @GetMapping("/stats")
    public ResponseEntity<String> stats() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("requests", store.requestCount());
        view.put("requestsByMethod", store.requestCounts());
        view.put("commandsByMethod", store.commandCounts());
        view.put("refusedByLimit", bucket.refusedCount());
        view.put("eventsDelivered", events.deliveredCount());
        view.put("eventsFailed", events.failedCount());
        view.put("eventsDropped", events.droppedCount());
        view.put("faultsInjected", faults.injectedCount());
        return json(HttpStatus.OK, view);
    }

    /** Back to the seeded portal: no deals, no faults, empty counters and bucket. */
    @PostMapping("/reset")
    public ResponseEntity<String> reset() {
        store.reset();
        faults.clear();
        faults.resetCount();
        events.resetDeliveries();
        bucket.configure(bucket.bucketSize(), bucket.drainPerSecond());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler({BadInput.class, Bitrix24RestError.class})
    public ResponseEntity<String> badInput(RuntimeException e) {
        return json(HttpStatus.BAD_REQUEST, Map.of("error", e.getMessage()));
    }

    private ResponseEntity<String> notFound(String id) {
        return json(HttpStatus.NOT_FOUND, Map.of("error", "deal " + id + " not found"));
    }

    private static ResponseEntity<String> json(HttpStatus status, Object body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Bitrix24Json.write(body));
    }

    private static Map<String, Object> object(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Bitrix24Json.readObject(json);
        } catch (Bitrix24RestError e) {
            throw new BadInput("body must be a JSON object");
        }
    }

    private static int categoryOf(Map<String, Object> body, String stageId) {
        if (body.containsKey("categoryId")) {
            return integer(body, "categoryId", 0);
        }
        Matcher prefix = CATEGORY_PREFIX.matcher(stageId == null ? "" : stageId);
        return prefix.find() ? Integer.parseInt(prefix.group(1)) : 0;
    }

    /** {@code contact.address} / {@code company.address}: becomes a requisite with an actual (TYPE_ID 1) address. */
    private record Address(String address1, String city, String postalCode, String country) {

        void addTo(Bitrix24SimulatorStore store, int ownerType, String ownerId) {
            store.addActualAddress(ownerType, ownerId, address1, city, postalCode, country);
        }
    }

    /** Reads and checks an owner's {@code address} before anything is created; null when there is none. */
    private static Address address(Map<String, Object> owner, String ownerName) {
        if (owner.get("address") == null) {
            return null;
        }
        if (!(owner.get("address") instanceof Map<?, ?>)) {
            throw new BadInput(ownerName + ".address must be a JSON object");
        }
        Map<String, Object> address = nested(owner, "address");
        Address parsed = new Address(text(address, "address1"), text(address, "city"), text(address, "postalCode"),
                text(address, "country"));
        if (blank(parsed.address1()) && blank(parsed.city())) {
            throw new BadInput(ownerName + ".address needs address1 or city");
        }
        return parsed;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Map<String, Object> nested(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new BadInput(key + " must be a JSON object");
        }
        return Params.map(value);
    }

    private static String text(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value != null && !(value instanceof String)) {
            throw new BadInput(key + " must be a string");
        }
        return (String) value;
    }

    private static List<String> strings(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new BadInput(key + " must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static int integer(Map<String, Object> body, String key, int fallback) {
        Object value = body.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return new BigDecimal(value.toString().trim()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new BadInput(key + " must be an integer");
        }
    }

    private static double decimal(Map<String, Object> body, String key) {
        try {
            return new BigDecimal(String.valueOf(body.get(key)).trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw new BadInput(key + " must be a number");
        }
    }
}
