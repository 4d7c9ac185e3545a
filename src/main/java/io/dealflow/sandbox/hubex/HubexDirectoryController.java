package io.dealflow.sandbox.hubex;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simulated tenant's dictionaries and its webhook registration (MSG service). */
@RestController
@RequestMapping("/sandbox/hubex/fsm")
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexDirectoryController {

    private final HubexSimulatorStore store;
    private final HubexCallGuard guard;
    private final HubexTaskViews views;

    public HubexDirectoryController(HubexSimulatorStore store, HubexCallGuard guard) {
        this.store = store;
        this.guard = guard;
        this.views = new HubexTaskViews(store);
    }

    @GetMapping("/WORK/TaskTypes")
    public ResponseEntity<Object> taskTypes(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(keyed(store.directory().taskTypes(),
                HubexTaskType::id, type -> Map.of("name", type.name(), "isDefault", type.isDefault()))));
    }

    @GetMapping("/WORK/TaskTypes/{taskTypeId}/route")
    public ResponseEntity<Object> route(HttpServletRequest request, @PathVariable int taskTypeId) {
        return guard.authorized(request, () -> {
            HubexTaskType type = store.directory().taskType(taskTypeId).orElseThrow(() -> new HubexApiException(
                    HttpStatus.NOT_FOUND, "NoDataFound", "Task type " + taskTypeId + " not found"));
            HubexStage start = store.directory().stage(type.startStageId()).orElseThrow();
            HubexStage finish = store.directory().stage(type.finishStageId()).orElseThrow();
            return ResponseEntity.ok(Map.of(
                    "startTaskStage", Map.of("id", start.id(), "name", start.name()),
                    "startTaskStatus", Map.of("id", start.statusId(), "name", start.statusName()),
                    "finishTaskStage", Map.of("id", finish.id(), "name", finish.name())));
        });
    }

    @GetMapping("/WORK/RequestMethods")
    public ResponseEntity<Object> requestMethods(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(keyed(store.directory().requestMethods().entrySet(),
                Map.Entry::getKey, method -> Map.of("name", method.getValue()))));
    }

    @GetMapping("/WORK/TaskStatuses")
    public ResponseEntity<Object> taskStatuses(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(keyed(store.directory().stages(),
                HubexStage::statusId, stage -> Map.of("name", stage.statusName(), "color", stage.color(),
                        "sortOrder", stage.statusId()))));
    }

    @GetMapping("/TSTG/TaskStages")
    public ResponseEntity<Object> taskStages(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(store.directory().stages().stream()
                .map(stage -> Map.of("id", stage.id(), "name", stage.name(), "color", stage.color())).toList()));
    }

    @GetMapping("/ADM/Users")
    public ResponseEntity<Object> users(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(keyed(store.directory().users(), HubexUser::id,
                views::user)));
    }

    @GetMapping("/COMMON/Currencies")
    public ResponseEntity<Object> currencies(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(Map.of(
                String.valueOf(HubexDirectory.CURRENCY_RUB_ID), Map.of("name", store.directory().currencyName(),
                        "shortName", store.directory().currencyName(),
                        "asciiCode", store.directory().currencyAsciiCode()))));
    }

    @GetMapping("/MSG/Webhooks")
    public ResponseEntity<Object> webhooks(HttpServletRequest request) {
        return guard.authorized(request, () -> {
            HubexWebhookState.Status status = store.webhook().status();
            return ResponseEntity.ok(Map.of(String.valueOf(status.id()), JsonFields.object()
                    .put("id", status.id())
                    .put("name", status.name())
                    .put("isActive", status.isActive())
                    .put("callsRemaining", status.callsRemaining())
                    .put("lastCall", JsonFields.object()
                            .put("completed", HubexTime.withoutOffset(status.lastCallCompleted()))
                            .put("exception", status.lastCallException()))
                    .build()));
        });
    }

    @GetMapping("/MSG/Webhooks/{webhookId}")
    public ResponseEntity<Object> webhook(HttpServletRequest request, @PathVariable int webhookId) {
        return guard.authorized(request, () -> {
            HubexWebhookState.Status status = existingWebhook(webhookId);
            return ResponseEntity.ok(JsonFields.object()
                    .put("id", status.id())
                    .put("name", status.name())
                    .put("isActive", status.isActive())
                    .put("callsRemaining", status.callsRemaining())
                    .put("events", List.of(event(HubexTaskEvent.Kind.TASK_CHANGED),
                            event(HubexTaskEvent.Kind.TASK_COMPLETED)))
                    .put("lastCall", JsonFields.object()
                            .put("started", HubexTime.withoutOffset(status.lastCallStarted()))
                            .put("completed", HubexTime.withoutOffset(status.lastCallCompleted()))
                            .put("exception", status.lastCallException()))
                    .build());
        });
    }

    @PutMapping("/MSG/Webhooks/activate/{webhookId}")
    public ResponseEntity<Object> activateWebhook(HttpServletRequest request, @PathVariable int webhookId) {
        return guard.authorized(request, () -> {
            existingWebhook(webhookId);
            store.webhook().activate();
            return ResponseEntity.accepted().build();
        });
    }

    private HubexWebhookState.Status existingWebhook(int webhookId) {
        HubexWebhookState.Status status = store.webhook().status();
        if (status.id() != webhookId) {
            throw new HubexApiException(HttpStatus.NOT_FOUND, "NoDataFound", "Webhook " + webhookId + " not found");
        }
        return status;
    }

    private static Map<String, Object> event(HubexTaskEvent.Kind kind) {
        return Map.of("id", kind.eventId(), "name", kind.code());
    }

    private static <T> Map<String, Object> keyed(Iterable<T> items, Function<T, Integer> id,
                                                 Function<T, Object> value) {
        return JsonFields.keyed(items, id, value);
    }
}
