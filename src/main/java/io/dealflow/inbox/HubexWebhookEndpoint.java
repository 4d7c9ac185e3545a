package io.dealflow.inbox;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.hubex.HubexProperties;
import io.dealflow.inbox.WebhookAnswers.Answer;
import io.dealflow.metrics.DealFlowMetrics;
import org.springframework.stereotype.Component;

/**
 * Receives HubEx webhook calls. HubEx switches a webhook off after 10 failed calls, so the call is answered as
 * soon as the task ID is stored; {@link TaskEventCorrelator} tells the waiting process. {@link WebhookEndpoints}
 * calls it for {@code POST /webhooks/hubex}, with the body {@link WebhookRequestGuard} has read.
 */
@Component
public class HubexWebhookEndpoint {

    /** HubEx names one task per call; a payload naming hundreds is not HubEx's and must not flood the inbox. */
    static final int MAX_TASKS_PER_CALL = 100;

    private final HubexProperties properties;
    private final TaskEventInbox inbox;
    private final ObjectMapper objectMapper;
    private final DealFlowMetrics metrics;

    public HubexWebhookEndpoint(HubexProperties properties, TaskEventInbox inbox, ObjectMapper objectMapper,
                                  DealFlowMetrics metrics) {
        this.properties = properties;
        this.inbox = inbox;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
    }

    Answer receive(WebhookRequest request) {
        long started = System.nanoTime();
        try {
            return store(request.getParameter("token"), request.bodyText());
        } finally {
            metrics.webhookAcknowledged(DealFlowMetrics.HUBEX, System.nanoTime() - started);
        }
    }

    private Answer store(String token, String body) {
        if (!SecretTokens.matches(properties.getWebhookToken(), token)) {
            metrics.eventRejected(DealFlowMetrics.HUBEX, "unauthorized");
            return WebhookAnswers.answer(401, Map.of("error",
                    "the token query parameter does not match dealflow.hubex.webhook-token"));
        }
        if (body == null || body.isBlank()) {
            return badRequest("the body is empty; expected JSON naming a task");
        }
        JsonNode payload;
        try {
            payload = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            return badRequest("the body is not valid JSON");
        }
        List<Long> taskIds = HubexTaskIds.find(payload).stream().distinct().toList();
        if (taskIds.isEmpty()) {
            return badRequest("no task ID in the payload (looked for taskID, id, task.id, data.taskID)");
        }
        if (taskIds.size() > MAX_TASKS_PER_CALL) {
            return WebhookAnswers.answer(400, Map.of("error",
                    "the payload names more than " + MAX_TASKS_PER_CALL + " tasks; HubEx reports one per call"));
        }
        inbox.record(taskIds);
        metrics.eventsReceived(DealFlowMetrics.HUBEX, taskIds.size());
        return WebhookAnswers.answer(200, Map.of("status", "accepted", "taskIds", taskIds));
    }

    private Answer badRequest(String reason) {
        metrics.eventRejected(DealFlowMetrics.HUBEX, "bad_request");
        return WebhookAnswers.answer(400, Map.of("error", reason));
    }
}
