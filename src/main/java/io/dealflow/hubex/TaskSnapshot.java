package io.dealflow.hubex;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** What DealFlow reads from GET /fsm/WORK/Tasks/{id}: HubEx omits empty fields, so everything is optional. */
public record TaskSnapshot(JsonNode task) {

    /** Completed when HubEx stamped the completion (or closing) time, or the task sits in a final stage. */
    public boolean isCompleted(List<Integer> finalStageIds) {
        JsonNode timesheet = task.path("timesheet");
        return hasText(timesheet, "completed") || hasText(timesheet, "closed")
                || finalStageIds.contains(task.path("taskStage").path("id").asInt(-1));
    }

    /** Deleted, or in one of the stages that mean "cancelled". */
    public boolean isCancelled(List<Integer> cancelledStageIds) {
        return isDeleted() || cancelledStageIds.contains(task.path("taskStage").path("id").asInt(-1));
    }

    public boolean isDeleted() {
        return hasText(task, "deleted");
    }

    public String number() {
        return task.path("number").asText("");
    }

    public String stageName() {
        return task.path("taskStage").path("name").asText("");
    }

    /** UTC without offset, as HubEx sends timesheet values. */
    public Optional<String> deadline() {
        return text(task.path("timesheet"), "deadline");
    }

    public Optional<String> completedAt() {
        JsonNode timesheet = task.path("timesheet");
        return text(timesheet, "completed").or(() -> text(timesheet, "closed"));
    }

    public Optional<BigDecimal> actualCost() {
        JsonNode cost = task.get("actualCost");
        return cost == null || cost.isNull() || cost.asText().isBlank() ? Optional.empty()
                : Optional.of(cost.decimalValue());
    }

    public Optional<String> actualCostCurrency() {
        return text(task.path("actualCostCurrency"), "asciiCode");
    }

    public Optional<String> executorName() {
        JsonNode user = task.path("assignedTo");
        if (user.isMissingNode() || user.isNull()) {
            JsonNode list = task.path("listAssignedTo");
            user = list.isArray() && !list.isEmpty() ? list.get(0) : user;
        }
        String name = String.join(" ", List.of(user.path("lastName").asText(""), user.path("firstName").asText(""),
                user.path("middleName").asText(""))).trim().replaceAll(" +", " ");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** Custom field values by attribute ID ({@code attribute[]}: {attribute{id,name}, value}). */
    public Map<Integer, String> attributes() {
        Map<Integer, String> values = new LinkedHashMap<>();
        task.path("attribute").forEach(item -> {
            int id = item.path("attribute").path("id").asInt(0);
            JsonNode value = item.get("value");
            String text = value == null || value.isNull() ? ""
                    : value.isArray() ? String.join(", ", textsOf(value)) : value.asText();
            if (id > 0 && !text.isBlank()) {
                values.put(id, text);
            }
        });
        return values;
    }

    private static List<String> textsOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static boolean hasText(JsonNode node, String field) {
        return text(node, field).isPresent();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty()
                : Optional.of(value.asText());
    }
}
