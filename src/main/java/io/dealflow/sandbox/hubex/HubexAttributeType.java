package io.dealflow.sandbox.hubex;

import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * The custom-field types the simulated tenant uses. The IDs are the simulator's own; HubEx documents the codes
 * only by example ({@code "String"}).
 */
public enum HubexAttributeType {
    STRING(1, "String", "Строка"),
    BOOLEAN(2, "Boolean", "Логическое");

    private final int id;
    private final String code;
    private final String displayName;

    HubexAttributeType(int id, String code, String displayName) {
        this.id = id;
        this.code = code;
        this.displayName = displayName;
    }

    public int id() { return id; }
    public String code() { return code; }
    public String displayName() { return displayName; }

    /**
     * The stored form of a value: any text for String, {@code "true"}/{@code "false"} (any case) for Boolean.
     * The empty string is kept as is; the store reads it as "clear the field".
     *
     * @throws HubexApiException 400 InvalidData for a value the type does not accept
     */
    String normalize(int attributeId, String value) {
        if (this != BOOLEAN || value.isEmpty()) {
            return value;
        }
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return lower;
        }
        throw new HubexApiException(HttpStatus.BAD_REQUEST, "InvalidData",
                "Attribute " + attributeId + " takes true or false", Map.of("parameter", "value",
                        "attributeID", String.valueOf(attributeId)));
    }
}
