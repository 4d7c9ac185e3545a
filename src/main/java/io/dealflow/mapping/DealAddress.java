package io.dealflow.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.dealflow.mapping.TaskDraft.Place;

/** Bitrix24's address field value: {@code text|lat;lon|locationAddressId}, any part possibly empty. */
public final class DealAddress {

    private DealAddress() {
    }

    public static Optional<Place> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", -1);
        String text = parts[0].strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String coordinate = null;
        if (parts.length > 1) {
            String[] latLon = parts[1].split(";", -1);
            if (latLon.length == 2 && !latLon[0].isBlank() && !latLon[1].isBlank()) {
                coordinate = latLon[0].strip() + ":" + latLon[1].strip();
            }
        }
        String bitrixId = parts.length > 2 ? parts[2].strip() : "";
        String key = bitrixId.isEmpty() ? "text:" + normalize(text) : "b24:" + bitrixId;
        return Optional.of(new Place(key, text, coordinate));
    }

    /** A crm.address.list entry (components, no formatted string) as one line, house first. */
    public static Optional<Place> fromRequisite(com.fasterxml.jackson.databind.JsonNode address) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("ADDRESS_1", "ADDRESS_2", "CITY", "REGION", "PROVINCE", "POSTAL_CODE",
                "COUNTRY")) {
            String value = address.path(field).isNull() ? "" : address.path(field).asText("").strip();
            if (!value.isEmpty()) {
                parts.add(value);
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String text = String.join(", ", parts);
        String locationId = address.path("LOC_ADDR_ID").isNull() ? "" : address.path("LOC_ADDR_ID").asText("");
        String key = locationId.isBlank() || locationId.equals("0") ? "text:" + normalize(text) : "b24:" + locationId;
        return Optional.of(new Place(key, text, null));
    }

    static String normalize(String text) {
        String collapsed = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        return collapsed.length() > 480 ? collapsed.substring(0, 480) : collapsed;
    }
}
