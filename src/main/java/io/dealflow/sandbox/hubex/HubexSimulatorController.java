package io.dealflow.sandbox.hubex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HubEx REST API as DealFlow uses it: token exchange and the WORK task methods, in HubEx's wire formats.
 * Point {@code dealflow.hubex.base-url} at {@code http://localhost:PORT/sandbox/hubex/fsm}.
 */
@RestController
@RequestMapping("/sandbox/hubex/fsm")
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexSimulatorController {

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final HubexSimulatorStore store;
    private final HubexAccessTokens tokens;
    private final HubexCallGuard guard;
    private final HubexTaskViews views;

    public HubexSimulatorController(HubexSimulatorStore store, HubexAccessTokens tokens, HubexCallGuard guard) {
        this.store = store;
        this.tokens = tokens;
        this.guard = guard;
        this.views = new HubexTaskViews(store);
    }

    @PostMapping("/AUTHZ/AccessTokens")
    public ResponseEntity<Object> accessToken(HttpServletRequest request, @RequestBody(required = false) String body) {
        return guard.anonymous(request, () -> {
            HubexJsonBody data = HubexJsonBody.parseOptional(body);
            if (!tokens.isValidServiceToken(data.text("serviceToken"))
                    && !tokens.isValidRefreshToken(data.text("refreshJwt"))) {
                return HubexErrors.response(HttpStatus.UNAUTHORIZED, "InvalidServiceToken",
                        "The service token is missing, unknown or expired");
            }
            HubexAccessTokens.IssuedToken token = tokens.issue();
            return ResponseEntity.ok(JsonFields.object()
                    .put("access_token", token.accessToken())
                    .put("expires_in", token.expiresInSeconds())
                    .put("jwtValidTill", HubexTime.withZ(token.validTill()))
                    .put("refresh_token", token.refreshToken())
                    .build());
        });
    }

    @PostMapping("/WORK/Tasks")
    public ResponseEntity<Object> createTask(HttpServletRequest request, @RequestBody(required = false) String body,
                                             @RequestHeader(value = "X-Concurrency-Stamp", required = false)
                                             String stamp) {
        return guard.authorized(request, () -> {
            if (stamp != null && (stamp.length() > 255 || !GUID.matcher(stamp.trim()).matches())) {
                throw HubexApiException.invalidData("X-Concurrency-Stamp", "X-Concurrency-Stamp must be a GUID");
            }
            NewHubexTask data = NewHubexTask.fromAddData(HubexJsonBody.parse(body));
            HubexTask task = store.createTask(data, stamp == null ? null : stamp.trim());
            return ResponseEntity.status(HttpStatus.CREATED).body(JsonFields.object()
                    .put("id", task.id())
                    .put("number", task.number())
                    .put("concurrencyStamp", task.concurrencyStamp())
                    .build());
        });
    }

    @GetMapping("/WORK/Tasks")
    public ResponseEntity<Object> listTasks(HttpServletRequest request, @RequestParam Map<String, String> query,
                                            @RequestHeader(value = "Range", required = false) String range) {
        return guard.authorized(request, () -> HubexPaging.page(
                store.findTasks(HubexTaskQuery.fromParameters(query)), query, range, this::keyedById));
    }

    @RequestMapping(path = "/WORK/Tasks", method = RequestMethod.HEAD)
    public ResponseEntity<Object> countTasks(HttpServletRequest request, @RequestParam Map<String, String> query) {
        return guard.authorized(request,
                () -> HubexPaging.count(store.findTasks(HubexTaskQuery.fromParameters(query)).size()));
    }

    @GetMapping("/WORK/Tasks/{taskId}")
    public ResponseEntity<Object> getTask(HttpServletRequest request, @PathVariable String taskId) {
        return guard.authorized(request, () -> ResponseEntity.ok(views.detail(store.getTask(taskId(taskId)))));
    }

    @DeleteMapping("/WORK/Tasks/{taskId}")
    public ResponseEntity<Object> deleteTask(HttpServletRequest request, @PathVariable String taskId) {
        return guard.authorized(request, () -> {
            store.deleteTask(taskId(taskId));
            return ResponseEntity.accepted().build();
        });
    }

    @GetMapping("/WORK/Tasks/{taskId}/conversations")
    public ResponseEntity<Object> conversations(HttpServletRequest request, @PathVariable String taskId) {
        return guard.authorized(request, () -> ResponseEntity.ok(store.getTask(taskId(taskId)).conversation()
                .stream().map(views::chatMessage).toList()));
    }

    @PostMapping("/WORK/Tasks/{taskId}/conversation")
    public ResponseEntity<Object> postMessage(HttpServletRequest request, @PathVariable String taskId,
                                              @RequestBody(required = false) String body) {
        return guard.authorized(request, () -> {
            HubexJsonBody data = HubexJsonBody.parse(body);
            Integer userId = data.integer("userID");
            Boolean isExternal = data.bool("isExternal");
            HubexChatMessage message = store.addChatMessage(taskId(taskId),
                    userId == null ? HubexDirectory.API_USER_ID : userId, data.text("message"),
                    Boolean.TRUE.equals(isExternal));
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(List.of(Map.of("id", message.id(), "taskID", message.taskId())));
        });
    }

    @GetMapping("/WORK/Tasks/{taskId}/completedWorks")
    public ResponseEntity<Object> completedWorks(HttpServletRequest request, @PathVariable String taskId) {
        return guard.authorized(request, () -> ResponseEntity.ok(store.getTask(taskId(taskId)).completedWorks()
                .stream().map(views::completedWork).toList()));
    }

    @PutMapping("/WORK/Tasks/{taskId}/complete")
    public ResponseEntity<Object> complete(HttpServletRequest request, @PathVariable String taskId,
                                           @RequestBody(required = false) String body) {
        return guard.authorized(request, () -> {
            HubexJsonBody data = HubexJsonBody.parseOptional(body);
            store.completeTask(taskId(taskId), data.instant("completed"), data.instant("closed"));
            return ResponseEntity.accepted().build();
        });
    }

    @GetMapping("/WORK/Tasks/{taskId}/stages/next")
    public ResponseEntity<Object> nextStages(HttpServletRequest request, @PathVariable String taskId) {
        return guard.authorized(request, () -> {
            HubexTask task = store.getTask(taskId(taskId));
            int finishStageId = store.directory().taskType(task.taskTypeId()).orElseThrow().finishStageId();
            Map<String, Object> next = new LinkedHashMap<>();
            int sortOrder = 0;
            for (int stageId : store.directory().stage(task.stageId()).orElseThrow().nextStageIds()) {
                HubexStage stage = store.directory().stage(stageId).orElseThrow();
                next.put(String.valueOf(stageId), JsonFields.object()
                        .put("name", stage.name())
                        .put("isFinishStage", stageId == finishStageId)
                        .put("isPositiveResult", stageId != HubexDirectory.STAGE_CANCELLED)
                        .put("taskStatus", Map.of("id", stage.statusId(), "name", stage.statusName()))
                        .put("sortOrder", sortOrder++)
                        .build());
            }
            return ResponseEntity.ok(next);
        });
    }

    @PostMapping("/WORK/TaskStagingHistory")
    public ResponseEntity<Object> changeStage(HttpServletRequest request, @RequestBody(required = false) String body) {
        return guard.authorized(request, () -> {
            HubexJsonBody data = HubexJsonBody.parse(body);
            Integer taskId = data.integer("taskID");
            Integer stageId = data.integer("taskStageID");
            if (taskId == null || stageId == null) {
                throw HubexApiException.invalidData(taskId == null ? "taskID" : "taskStageID",
                        "taskID and taskStageID are required");
            }
            HubexTask task = store.followTransition(taskId, stageId);
            int finishStageId = store.directory().taskType(task.taskTypeId()).orElseThrow().finishStageId();
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of(
                    "stageId", task.stageId(), "isFinalStage", task.stageId() == finishStageId, "errors", List.of()));
        });
    }

    private Map<String, Object> keyedById(List<HubexTask> tasks) {
        Map<String, Object> byId = new LinkedHashMap<>();
        tasks.forEach(task -> byId.put(String.valueOf(task.id()), views.listItem(task)));
        return byId;
    }

    /** ASP.NET's int route constraint: anything else is no route at all, hence 404. */
    static int taskId(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new HubexApiException(HttpStatus.NOT_FOUND, "NoDataFound", "No such resource");
        }
    }
}
