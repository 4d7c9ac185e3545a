package io.dealflow.sandbox.hubex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Custom fields: their definitions (COMMON) and a task's values (WORK). */
@RestController
@RequestMapping("/sandbox/hubex/fsm")
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexAttributesController {

    private final HubexSimulatorStore store;
    private final HubexCallGuard guard;
    private final HubexTaskViews views;

    public HubexAttributesController(HubexSimulatorStore store, HubexCallGuard guard) {
        this.store = store;
        this.guard = guard;
        this.views = new HubexTaskViews(store);
    }

    /** Filters {@code isDeleted} and {@code isRelevantFor…}; other parameters are ignored, as HubEx does. */
    @GetMapping("/COMMON/Attributes")
    public ResponseEntity<Object> attributes(HttpServletRequest request, @RequestParam Map<String, String> query,
                                             @RequestHeader(value = "Range", required = false) String range) {
        return guard.authorized(request, () -> {
            Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            p.putAll(query);
            Boolean deleted = HubexTaskQuery.bool(p, "isDeleted");
            Boolean task = HubexTaskQuery.bool(p, "isRelevantForTask");
            Boolean asset = HubexTaskQuery.bool(p, "isRelevantForAsset");
            Boolean completedWork = HubexTaskQuery.bool(p, "isRelevantForCompletedWork");
            Boolean company = HubexTaskQuery.bool(p, "isRelevantForCompany");
            List<HubexAttribute> matching = store.directory().attributes().stream()
                    .filter(a -> deleted == null || deleted == a.isDeleted())
                    .filter(a -> task == null || task == a.relevantForTask())
                    .filter(a -> asset == null || asset == a.relevantForAsset())
                    .filter(a -> completedWork == null || completedWork == a.relevantForCompletedWork())
                    .filter(a -> company == null || company == a.relevantForCompany())
                    .toList();
            return HubexPaging.page(matching, query, range,
                    page -> JsonFields.keyed(page, HubexAttribute::id, HubexAttributesController::definition));
        });
    }

    /**
     * Body {@code [{taskID, data: [{attributeID, value}]}]}. Swagger types {@code value} as a string; the wiki
     * sends {@code true}, so booleans and numbers are taken as their text.
     */
    @PostMapping("/WORK/TaskAttributes")
    public ResponseEntity<Object> mergeTaskAttributes(HttpServletRequest request,
                                                      @RequestBody(required = false) String body) {
        return guard.authorized(request, () -> {
            Map<Integer, Map<Integer, String>> valuesByTask = new LinkedHashMap<>();
            for (HubexJsonBody action : HubexJsonBody.parseArray(body)) {
                Integer taskId = action.integer("taskID");
                if (taskId == null) {
                    throw HubexApiException.invalidData("taskID", "taskID is required");
                }
                Map<Integer, String> values = valuesByTask.computeIfAbsent(taskId, id -> new LinkedHashMap<>());
                for (HubexJsonBody item : action.objects("data")) {
                    Integer attributeId = item.integer("attributeID");
                    String value = item.text("value");
                    if (attributeId == null || value == null) {
                        throw HubexApiException.invalidData(attributeId == null ? "attributeID" : "value",
                                "attributeID and value are required");
                    }
                    values.put(attributeId, value);
                }
            }
            store.mergeTaskAttributes(valuesByTask);
            return ResponseEntity.accepted().build();
        });
    }

    /** The fields that have a value; {@code isForActualTaskStageOnly} is accepted and ignored. */
    @GetMapping("/WORK/Tasks/{taskId}/attributes")
    public ResponseEntity<Object> taskAttributes(HttpServletRequest request, @PathVariable String taskId) {
        return guard.authorized(request, () -> ResponseEntity.ok(
                views.attributes(store.getTask(HubexSimulatorController.taskId(taskId)))));
    }

    /** {@code COMMON.Attributes} value: {@code relevantFor} is the simulator's rendering of the four flags. */
    private static Map<String, Object> definition(HubexAttribute attribute) {
        return JsonFields.object()
                .put("name", attribute.name())
                .put("type", JsonFields.object().put("id", attribute.type().id()).put("code", attribute.type().code())
                        .put("name", attribute.type().displayName()))
                .put("relevantFor", JsonFields.object()
                        .put("task", attribute.relevantForTask())
                        .put("asset", attribute.relevantForAsset())
                        .put("completedWork", attribute.relevantForCompletedWork())
                        .put("company", attribute.relevantForCompany()))
                .put("deleted", HubexTime.withoutOffset(attribute.deleted()))
                .build();
    }
}
