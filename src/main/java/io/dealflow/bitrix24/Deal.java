package io.dealflow.bitrix24;

import com.fasterxml.jackson.databind.JsonNode;

/** A deal as crm.deal.get returns it: upper-case keys, every value a string. */
public record Deal(JsonNode fields) {

    public long id() {
        return fields.path("ID").asLong();
    }

    public String title() {
        return text("TITLE");
    }

    public String stageId() {
        return text("STAGE_ID");
    }

    public int categoryId() {
        return fields.path("CATEGORY_ID").asInt(0);
    }

    /** When the deal last changed stage: with the stage it identifies one entry into that stage. */
    public String movedTime() {
        return text("MOVED_TIME");
    }

    public String comments() {
        return text("COMMENTS");
    }

    /** The primary contact, or 0. */
    public long contactId() {
        return fields.path("CONTACT_ID").asLong(0);
    }

    /** The company, or 0 (Bitrix24 sends "0" when there is none). */
    public long companyId() {
        return fields.path("COMPANY_ID").asLong(0);
    }

    public String text(String field) {
        JsonNode value = fields.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
