package io.dealflow.sandbox.hubex;

import java.time.Duration;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The simulated HubEx tenant: tasks with their chats, completed works and custom-field values, the customers'
 * companies, locations and assets, the webhook registration and the request counters. Every change happens under the store's lock; events go out after it is released so that a
 * slow listener never blocks the tenant.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexSimulatorStore {

    private static final int FIRST_TASK_ID = 5001;
    private static final int FIRST_WORK_TYPE_ID = 1;

    private final HubexDirectory directory = new HubexDirectory();
    private final HubexWebhookState webhook = new HubexWebhookState();
    private final HubexCatalog catalog = new HubexCatalog(directory);
    private final ApplicationEventPublisher events;

    private final Map<Integer, HubexTask> tasks = new TreeMap<>();
    private final Set<String> usedConcurrencyStamps = new HashSet<>();
    private final Map<String, Integer> workTypeIdsByName = new HashMap<>();
    private int nextTaskId;
    private int nextTaskNumber;
    private int nextMessageId;
    private int nextCompletedWorkId;
    private int nextWorkTypeId;

    private final AtomicInteger requestTotal = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByOperation = new ConcurrentHashMap<>();
    private volatile String lastApplicationId;

    public HubexSimulatorStore(ApplicationEventPublisher events) {
        this.events = events;
        reset();
    }

    public HubexDirectory directory() {
        return directory;
    }

    public HubexWebhookState webhook() {
        return webhook;
    }

    /**
     * Forgets every task, stamp, counter, webhook failure and added company or location: the tenant as it was
     * seeded.
     */
    public synchronized void reset() {
        tasks.clear();
        catalog.reset();
        usedConcurrencyStamps.clear();
        workTypeIdsByName.clear();
        nextTaskId = FIRST_TASK_ID;
        nextTaskNumber = 1;
        nextMessageId = 1;
        nextCompletedWorkId = 1;
        nextWorkTypeId = FIRST_WORK_TYPE_ID;
        webhook.reset();
        resetCounters();
        lastApplicationId = null;
    }

    // ---- tasks: reads ----

    /** All tasks, deleted ones included, oldest first. */
    public synchronized List<HubexTask> listTasks() {
        return tasks.values().stream().map(HubexTask::copy).toList();
    }

    /** Matching tasks newest first, HubEx's default order (creation date, descending). */
    public synchronized List<HubexTask> findTasks(HubexTaskQuery query) {
        return tasks.values().stream().filter(query::matches)
                .sorted(Comparator.comparingInt(HubexTask::id).reversed()).map(HubexTask::copy).toList();
    }

    public synchronized Optional<HubexTask> findTask(int taskId) {
        return Optional.ofNullable(tasks.get(taskId)).map(HubexTask::copy);
    }

    /** @throws HubexApiException 404 TaskNotFound */
    public synchronized HubexTask getTask(int taskId) {
        return existing(taskId).copy();
    }

    /** How many tasks carry this erpID: more than one means a deal got a duplicate task. */
    public synchronized int countTasksWithErpId(String erpId) {
        return (int) tasks.values().stream().filter(task -> erpId.equals(task.erpId())).count();
    }

    // ---- tasks: changes ----

    /**
     * Creates a task in its type's start stage.
     *
     * @param concurrencyStamp the caller's idempotency GUID, or null; a stamp seen before is refused with 409
     * @throws HubexApiException 400 InvalidData for an unknown type, request method, company, location or asset;
     *                           409 AlreadyDone
     */
    public HubexTask createTask(NewHubexTask data, String concurrencyStamp) {
        synchronized (this) {
            HubexTaskType type = data.taskTypeId() == null ? directory.defaultTaskType()
                    : directory.taskType(data.taskTypeId()).orElseThrow(() -> HubexApiException.invalidData(
                            "taskTypeID", "Task type " + data.taskTypeId() + " does not exist"));
            if (directory.requestMethod(data.requestMethodId()).isEmpty()) {
                throw HubexApiException.invalidData("requestMethodID",
                        "Request method " + data.requestMethodId() + " does not exist");
            }
            requireLink("companyID", data.companyId(), id -> catalog.company(id).isPresent(), "Company");
            requireLink("locationID", data.locationId(), id -> catalog.location(id).isPresent(), "Location");
            requireLink("assetID", data.assetId(), id -> catalog.asset(id).isPresent(), "Asset");
            String stamp = concurrencyStamp == null ? UUID.randomUUID().toString() : concurrencyStamp;
            if (!usedConcurrencyStamps.add(stamp.toLowerCase(Locale.ROOT))) {
                throw new HubexApiException(HttpStatus.CONFLICT, "AlreadyDone",
                        "A request with this concurrency stamp was already processed",
                        Map.of("concurrencyStamp", stamp));
            }
            int id = nextTaskId++;
            String number = "0207%09d".formatted(nextTaskNumber++);
            Instant created = HubexTime.now();
            // like a tenant's SLA rule: a task created without a deadline gets one a day after creation
            NewHubexTask withSla = data.deadline() != null ? data : data.withDeadline(created.plus(Duration.ofDays(1)));
            HubexTask task = new HubexTask(id, number, type.id(), type.startStageId(), stamp, created, withSla);
            tasks.put(id, task);
            return task.copy();
        }
    }

    /** Makes a technician the executor; a task still in its start stage moves on to «Назначена». */
    public HubexTask assignTechnician(int taskId, int userId) {
        HubexUser user = directory.user(userId).filter(HubexUser::isTechnician).orElseThrow(
                () -> HubexApiException.invalidData("userID", "User " + userId + " is not a technician"));
        return update(taskId, (task, now) -> {
            requireOpen(task);
            task.assign(user.id(), now);
            if (task.stageId() == typeOf(task).startStageId()) {
                task.moveTo(HubexDirectory.STAGE_ASSIGNED, now);
            }
            return HubexTaskEvent.Kind.TASK_CHANGED;
        });
    }

    public HubexChatMessage addChatMessage(int taskId, int authorId, String text, boolean isExternal) {
        if (directory.user(authorId).isEmpty()) {
            throw HubexApiException.invalidData("userID", "User " + authorId + " does not exist");
        }
        if (text == null || text.isBlank()) {
            throw HubexApiException.invalidData("message", "message is required");
        }
        HubexTask task = update(taskId, (current, now) -> {
            requireNotDeleted(current);
            current.addMessage(new HubexChatMessage(nextMessageId++, current.id(), now, text, isExternal, authorId));
            return HubexTaskEvent.Kind.TASK_CHANGED;
        });
        return task.conversation().get(task.conversation().size() - 1);
    }

    /** Adds a completed-work line; work types are created on first use of a name. */
    public HubexCompletedWork addCompletedWork(int taskId, String workTypeName, double cost, double quantity,
                                               String notes) {
        if (workTypeName == null || workTypeName.isBlank()) {
            throw HubexApiException.invalidData("workTypeID", "A work type name is required");
        }
        if (cost < 0 || quantity <= 0) {
            throw HubexApiException.invalidData("quantity", "cost must be >= 0 and quantity > 0");
        }
        HubexTask task = update(taskId, (current, now) -> {
            requireNotDeleted(current);
            int workTypeId = workTypeIdsByName.computeIfAbsent(workTypeName, name -> nextWorkTypeId++);
            current.addCompletedWork(new HubexCompletedWork(nextCompletedWorkId++, workTypeId, workTypeName, cost,
                    quantity, notes, now.minusSeconds(3600), now, now));
            return null;
        });
        return task.completedWorks().get(task.completedWorks().size() - 1);
    }

    public HubexTask setActualCost(int taskId, double actualCost) {
        if (actualCost < 0) {
            throw HubexApiException.invalidData("actualCost", "actualCost must be >= 0");
        }
        return update(taskId, (task, now) -> {
            requireNotDeleted(task);
            task.setActualCost(actualCost, now);
            return null;
        });
    }

    /**
     * Moves a task to any stage, as a person in the HubEx web app may. Reaching the type's finish stage
     * completes the task; reaching «Закрыта» closes it.
     */
    public HubexTask moveToStage(int taskId, int stageId) {
        requireStage(stageId);
        return update(taskId, (task, now) -> {
            requireNotDeleted(task);
            return enterStage(task, stageId, now);
        });
    }

    /** Moves a task only along its life cycle (a stage listed by {@code stages/next}), as the API requires. */
    public HubexTask followTransition(int taskId, int stageId) {
        requireStage(stageId);
        return update(taskId, (task, now) -> {
            requireNotDeleted(task);
            if (!directory.stage(task.stageId()).orElseThrow().nextStageIds().contains(stageId)) {
                throw new HubexApiException(HttpStatus.CONFLICT, "InvalidTaskStage",
                        "Task " + taskId + " cannot move from stage " + task.stageId() + " to " + stageId,
                        Map.of("taskStageID", String.valueOf(stageId)));
            }
            return enterStage(task, stageId, now);
        });
    }

    public HubexTask completeTask(int taskId) {
        return completeTask(taskId, null, null);
    }

    /**
     * Sets {@code timesheet.completed} and moves the task to its finish stage («Выполнена»); with a closing time
     * it also closes the task.
     *
     * @throws HubexApiException 409 AlreadyDone when completed before, 409 TaskClosed on a closed or cancelled task
     */
    public HubexTask completeTask(int taskId, Instant completedAt, Instant closedAt) {
        return update(taskId, (task, now) -> {
            requireOpen(task);
            if (task.completed() != null) {
                throw new HubexApiException(HttpStatus.CONFLICT, "AlreadyDone", "Task " + taskId
                        + " is already completed", Map.of("taskID", String.valueOf(taskId)));
            }
            task.markCompleted(completedAt == null ? now : completedAt, now);
            task.moveTo(typeOf(task).finishStageId(), now);
            if (closedAt != null) {
                task.markClosed(closedAt, now);
                task.moveTo(HubexDirectory.STAGE_CLOSED, now);
            }
            return HubexTaskEvent.Kind.TASK_COMPLETED;
        });
    }

    /** Soft delete: the task stays readable with {@code deleted} set. */
    public HubexTask deleteTask(int taskId) {
        return update(taskId, (task, now) -> {
            requireNotDeleted(task);
            task.markDeleted(now);
            return null;
        });
    }

    // ---- tasks: custom fields ----

    /** A task's custom-field values by attribute ID. @throws HubexApiException 404 TaskNotFound */
    public synchronized Map<Integer, String> taskAttributes(int taskId) {
        return Map.copyOf(existing(taskId).attributes());
    }

    /**
     * Sets one custom field, as a technician filling the task card would; an empty value clears it. Like
     * completed works, this fires no webhook event.
     *
     * @throws HubexApiException 404 TaskNotFound, 400 InvalidData for an unknown or non-task field or a value
     *                           its type refuses, 409 TaskDeleted
     */
    public synchronized HubexTask setTaskAttribute(int taskId, int attributeId, String value) {
        if (value == null) {
            throw HubexApiException.invalidData("value", "value is required");
        }
        mergeTaskAttributes(Map.of(taskId, Map.of(attributeId, value)));
        return getTask(taskId);
    }

    /**
     * {@code POST /WORK/TaskAttributes}: merges values into tasks, all or nothing. Values replace earlier ones of
     * the same field; fields not mentioned keep theirs.
     */
    public synchronized void mergeTaskAttributes(Map<Integer, Map<Integer, String>> valuesByTask) {
        Map<HubexTask, Map<Integer, String>> checked = new LinkedHashMap<>();
        valuesByTask.forEach((taskId, values) -> {
            HubexTask task = existing(taskId);
            requireNotDeleted(task);
            Map<Integer, String> normalized = new LinkedHashMap<>();
            values.forEach((attributeId, value) -> {
                if (value == null) {
                    throw HubexApiException.invalidData("value", "value is required");
                }
                normalized.put(attributeId, directory.taskAttribute(attributeId).type().normalize(attributeId,
                        value));
            });
            checked.put(task, normalized);
        });
        Instant now = HubexTime.now();
        checked.forEach((task, values) -> task.mergeAttributes(values, now));
    }

    // ---- companies, locations, assets ----

    /** All companies, in ID order. */
    public synchronized List<HubexCompany> companies() {
        return catalog.companies(null);
    }

    /** Companies whose name or ИНН contains the text, ignoring case; blank text means all. */
    public synchronized List<HubexCompany> findCompanies(String searchText) {
        return catalog.companies(searchText);
    }

    public synchronized Optional<HubexCompany> findCompany(int companyId) {
        return catalog.company(companyId);
    }

    /** @throws HubexApiException 400 InvalidData for a missing name or an unknown registration type */
    public synchronized HubexCompany createCompany(NewHubexCompany company) {
        return catalog.company(catalog.createCompanies(List.of(company)).get(0)).orElseThrow();
    }

    /** {@code POST /ES/Companies}: adds every company or none and answers their IDs in order. */
    public synchronized List<Integer> createCompanies(List<NewHubexCompany> companies) {
        return catalog.createCompanies(companies);
    }

    /** All locations, in ID order. */
    public synchronized List<HubexLocation> locations() {
        return catalog.locations(null);
    }

    /** Locations whose address or description contains the text, ignoring case; blank text means all. */
    public synchronized List<HubexLocation> findLocations(String searchText) {
        return catalog.locations(searchText);
    }

    public synchronized Optional<HubexLocation> findLocation(int locationId) {
        return catalog.location(locationId);
    }

    /** @throws HubexApiException 400 InvalidData without an address, 409 PossibleDuplication */
    public synchronized HubexLocation createLocation(NewHubexLocation location) {
        return catalog.location(catalog.createLocations(List.of(location)).get(0)).orElseThrow();
    }

    /** {@code POST /ES/Locations}: adds every location or none and answers their IDs in order. */
    public synchronized List<Integer> createLocations(List<NewHubexLocation> locations) {
        return catalog.createLocations(locations);
    }

    /** All assets, in ID order. */
    public synchronized List<HubexAsset> assets() {
        return catalog.assets(null);
    }

    /** Assets whose name contains the text, ignoring case; blank text means all. */
    public synchronized List<HubexAsset> findAssets(String searchText) {
        return catalog.assets(searchText);
    }

    public synchronized Optional<HubexAsset> findAsset(int assetId) {
        return catalog.asset(assetId);
    }

    // ---- request statistics ----

    /** Counts one incoming call under its concrete operation and, when different, its route template. */
    void recordRequest(String operation, String routeOperation, String applicationId) {
        requestTotal.incrementAndGet();
        requestsByOperation.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
        if (routeOperation != null && !routeOperation.equals(operation)) {
            requestsByOperation.computeIfAbsent(routeOperation, key -> new AtomicInteger()).incrementAndGet();
        }
        if (applicationId != null) {
            lastApplicationId = applicationId;
        }
    }

    public int requestCount() {
        return requestTotal.get();
    }

    /**
     * Calls of one operation: a concrete one ({@code "GET /fsm/WORK/Tasks/5001"}) or a route template
     * ({@code "GET /fsm/WORK/Tasks/{id}"}).
     */
    public int requestCount(String operation) {
        AtomicInteger count = requestsByOperation.get(operation);
        return count == null ? 0 : count.get();
    }

    public Map<String, Integer> requestCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        requestsByOperation.forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    public void resetCounters() {
        requestTotal.set(0);
        requestsByOperation.clear();
    }

    /** The X-Application-ID header of the latest call that sent one. */
    public Optional<String> lastApplicationId() {
        return Optional.ofNullable(lastApplicationId);
    }

    // ---- internals ----

    @FunctionalInterface
    private interface TaskChange {
        /** Changes the task and says which webhook event, if any, the change fires. */
        HubexTaskEvent.Kind apply(HubexTask task, Instant now);
    }

    private HubexTask update(int taskId, TaskChange change) {
        HubexTask snapshot;
        HubexTaskEvent event = null;
        synchronized (this) {
            HubexTask task = existing(taskId);
            Instant now = HubexTime.now();
            HubexTaskEvent.Kind kind = change.apply(task, now);
            snapshot = task.copy();
            if (kind != null) {
                event = new HubexTaskEvent(kind, task.id(), task.number(), task.stageId(), now);
            }
        }
        if (event != null) {
            events.publishEvent(event);
        }
        return snapshot;
    }

    private HubexTaskEvent.Kind enterStage(HubexTask task, int stageId, Instant now) {
        if (stageId == task.stageId()) {
            return null;
        }
        if (stageId == typeOf(task).finishStageId() && task.completed() == null) {
            task.markCompleted(now, now);
            task.moveTo(stageId, now);
            return HubexTaskEvent.Kind.TASK_COMPLETED;
        }
        if (stageId == HubexDirectory.STAGE_CLOSED && task.closed() == null) {
            task.markClosed(now, now);
        }
        task.moveTo(stageId, now);
        return HubexTaskEvent.Kind.TASK_CHANGED;
    }

    private HubexTask existing(int taskId) {
        HubexTask task = tasks.get(taskId);
        if (task == null) {
            throw HubexApiException.taskNotFound(taskId);
        }
        return task;
    }

    private HubexTaskType typeOf(HubexTask task) {
        return directory.taskType(task.taskTypeId()).orElseThrow();
    }

    private static void requireLink(String parameter, Integer id, IntPredicate exists,
                                    String what) {
        if (id != null && !exists.test(id)) {
            throw HubexApiException.invalidData(parameter, what + " " + id + " does not exist");
        }
    }

    private void requireStage(int stageId) {
        if (directory.stage(stageId).isEmpty()) {
            throw HubexApiException.invalidData("taskStageID", "Stage " + stageId + " does not exist");
        }
    }

    private static void requireNotDeleted(HubexTask task) {
        if (task.isDeleted()) {
            throw new HubexApiException(HttpStatus.CONFLICT, "TaskDeleted", "Task " + task.id() + " is deleted",
                    Map.of("taskID", String.valueOf(task.id())));
        }
    }

    private static void requireOpen(HubexTask task) {
        requireNotDeleted(task);
        if (task.stageId() == HubexDirectory.STAGE_CLOSED || task.stageId() == HubexDirectory.STAGE_CANCELLED) {
            throw new HubexApiException(HttpStatus.CONFLICT, "TaskClosed", "Task " + task.id() + " is closed",
                    Map.of("taskID", String.valueOf(task.id())));
        }
    }
}
