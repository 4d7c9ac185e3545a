package io.dealflow.bitrix24;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A deal with its primary contact and its company (either may be absent), and the addresses of their requisites
 * when they were asked for (crm.address.list entries, contact's first).
 */
public record DealParties(Deal deal, Optional<JsonNode> contact, Optional<JsonNode> company,
                          List<JsonNode> requisiteAddresses) {

    public DealParties(Deal deal, Optional<JsonNode> contact, Optional<JsonNode> company) {
        this(deal, contact, company, List.of());
    }

    /** Values of a multi-field (PHONE, EMAIL) of a contact or company: arrays of {ID, VALUE_TYPE, VALUE, TYPE_ID}. */
    public static List<String> multiField(Optional<JsonNode> entity, String field) {
        List<String> values = new ArrayList<>();
        entity.map(e -> e.path(field)).filter(JsonNode::isArray).ifPresent(array -> array.forEach(item -> {
            String value = item.path("VALUE").asText("").trim();
            if (!value.isEmpty()) {
                values.add(value);
            }
        }));
        return values;
    }
}
