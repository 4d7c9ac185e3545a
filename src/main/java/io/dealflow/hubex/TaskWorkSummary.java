package io.dealflow.hubex;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the cost and the executor's words from a task's completed works and chat. */
public final class TaskWorkSummary {

    private TaskWorkSummary() {
    }

    /** The act total: the sum of work-type cost × quantity over the completed works; empty when there are none. */
    public static Optional<BigDecimal> costOfWorks(JsonNode completedWorks) {
        if (!completedWorks.isArray() || completedWorks.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode work : completedWorks) {
            BigDecimal cost = work.path("workType").path("cost").decimalValue();
            BigDecimal quantity = work.hasNonNull("quantity") ? work.path("quantity").decimalValue() : BigDecimal.ONE;
            total = total.add(cost.multiply(quantity));
        }
        return Optional.of(total);
    }

    /** The notes of the completed works, one per line. */
    public static Optional<String> notesOfWorks(JsonNode completedWorks) {
        List<String> notes = new ArrayList<>();
        completedWorks.forEach(work -> {
            String note = work.path("notes").asText("").trim();
            if (!note.isEmpty()) {
                notes.add(note);
            }
        });
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", notes));
    }

    /** The latest chat message written by a technician. */
    public static Optional<String> latestTechnicianMessage(JsonNode conversations) {
        if (!conversations.isArray()) {
            return Optional.empty();
        }
        return StreamSupport.stream(conversations.spliterator(), false)
                .filter(m -> m.path("author").path("isTechnician").asBoolean(false))
                .filter(m -> !m.path("message").asText("").isBlank())
                .max(Comparator.comparing((JsonNode m) -> m.path("created").asText(""))
                        .thenComparing(m -> m.path("id").asLong()))
                .map(m -> m.path("message").asText().trim());
    }
}
