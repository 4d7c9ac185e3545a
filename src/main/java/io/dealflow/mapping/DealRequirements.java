package io.dealflow.mapping;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.bitrix24.DealParties;
import org.springframework.stereotype.Component;

/**
 * Checks a deal against {@code dealflow.requirements}: what is missing is a business error for an operator to
 * fix in Bitrix24 ("Fix the deal" in Tasklist), not an incident. Each problem is one line an operator
 * understands, in Russian with the English meaning in brackets.
 */
@Component
public class DealRequirements {

    private final RequirementsProperties properties;

    public DealRequirements(RequirementsProperties properties) {
        this.properties = properties;
    }

    /**
     * What the deal lacks, in the order of the settings; empty when it is complete. The phone and e-mail are
     * checked on the draft, i.e. after the contact-to-company fallback: what counts is what the HubEx task gets.
     */
    public List<String> problems(DealParties parties, TaskDraft draft) {
        List<String> problems = new ArrayList<>();
        if (properties.isRequireContactPhone() && isBlank(draft.contactPhone())) {
            problems.add(parties.contact().isEmpty() && parties.company().isEmpty()
                    ? "Нет телефона контакта: у сделки нет ни контакта, ни компании (contact phone is missing:"
                            + " the deal has no contact and no company)"
                    : "Нет телефона контакта (contact phone is missing)");
        }
        if (properties.isRequireContactEmail() && isBlank(draft.contactEmail())) {
            problems.add(parties.contact().isEmpty() && parties.company().isEmpty()
                    ? "Нет e-mail контакта: у сделки нет ни контакта, ни компании (contact e-mail is missing:"
                            + " the deal has no contact and no company)"
                    : "Нет e-mail контакта (contact e-mail is missing)");
        }
        for (String configured : properties.getRequiredDealFields()) {
            String field = configured == null ? "" : configured.trim();
            if (!field.isEmpty() && isEmpty(parties.deal().fields().get(field))) {
                problems.add("Пустое поле сделки " + field + " (deal field " + field + " is empty)");
            }
        }
        return problems;
    }

    /** Absent, null, blank text, or a multiple field / money / file value with nothing in it. */
    static boolean isEmpty(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return true;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!isEmpty(item)) {
                    return false;
                }
            }
            return true;
        }
        if (value.isObject()) {
            return value.isEmpty();
        }
        String text = value.asText("").trim();
        // an empty money field reads "|RUB"
        return text.isEmpty() || text.matches("\\|[A-Z]{3}");
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
