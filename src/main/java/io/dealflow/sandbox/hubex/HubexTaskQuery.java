package io.dealflow.sandbox.hubex;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;

/**
 * The {@code GET /WORK/Tasks} filters the simulator understands. Like HubEx, it ignores every other query
 * parameter silently, so a misspelled filter returns unfiltered data.
 */
public record HubexTaskQuery(String erpId, Boolean completed, Boolean closed, Boolean deleted,
                             Instant completionFrom, Instant completionTill,
                             Instant lastModifiedFrom, Instant lastModifiedTill,
                             Integer taskStageId, Integer taskTypeId, Integer assignedTo) {

    public static HubexTaskQuery all() {
        return new HubexTaskQuery(null, null, null, null, null, null, null, null, null, null, null);
    }

    public static HubexTaskQuery byErpId(String erpId) {
        return new HubexTaskQuery(erpId, null, null, null, null, null, null, null, null, null, null);
    }

    /** Query names bind case-insensitively; a value of the wrong type is HubEx's 409 InvalidData. */
    static HubexTaskQuery fromParameters(Map<String, String> parameters) {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(parameters);
        return new HubexTaskQuery(p.get("erpID"), bool(p, "isCompleted"), bool(p, "isClosed"), bool(p, "isDeleted"),
                instant(p, "completionFrom"), instant(p, "completionTill"),
                instant(p, "lastModifiedFrom"), instant(p, "lastModifiedTill"),
                integer(p, "taskStageID"), integer(p, "taskTypeID"), integer(p, "assignedTo"));
    }

    public boolean matches(HubexTask task) {
        return (erpId == null || erpId.equals(task.erpId()))
                && (completed == null || completed == (task.completed() != null))
                && (closed == null || closed == (task.closed() != null))
                && (deleted == null || deleted == task.isDeleted())
                && within(task.completed(), completionFrom, completionTill)
                && within(task.lastModified(), lastModifiedFrom, lastModifiedTill)
                && (taskStageId == null || taskStageId == task.stageId())
                && (taskTypeId == null || taskTypeId == task.taskTypeId())
                && (assignedTo == null || assignedTo.equals(task.assignedToId()));
    }

    private static boolean within(Instant value, Instant from, Instant till) {
        if (from == null && till == null) {
            return true;
        }
        return value != null && (from == null || !value.isBefore(from)) && (till == null || !value.isAfter(till));
    }

    /** A boolean query parameter; HubEx answers a wrong type with 409 InvalidData. */
    static Boolean bool(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw wrongType(name);
    }

    private static Integer integer(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw wrongType(name);
        }
    }

    private static Instant instant(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return HubexTime.parse(value);
        } catch (DateTimeParseException e) {
            throw wrongType(name);
        }
    }

    private static HubexApiException wrongType(String name) {
        return new HubexApiException(HttpStatus.CONFLICT, "InvalidData", "The value of " + name + " is not valid",
                Map.of("parameter", name));
    }
}
