package io.dealflow.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealParties;
import io.dealflow.mapping.MappingProperties.ContactValues;
import io.dealflow.mapping.TaskClassification.TaskKind;
import org.springframework.stereotype.Component;

/**
 * Fills a HubEx task from the deal card: the notes from a template over deal fields, the primary contact (or,
 * without one, the company) as contact person, the deal ID as erpID, and - where configured - deadline,
 * estimated cost, task type, work type and criticality.
 */
@Component
public class DealToTaskMapper {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z0-9_]+)}");

    private final MappingProperties properties;
    private final TaskClassification classification;
    private final Map<String, String> taskFields;

    public DealToTaskMapper(MappingProperties properties, TaskClassification classification) {
        this.properties = properties;
        this.classification = classification;
        this.taskFields = HubexTaskFields.canonical(properties.getTaskFields());
    }

    public TaskDraft map(DealParties parties) {
        Deal deal = parties.deal();
        Optional<JsonNode> contact = parties.contact();
        Optional<JsonNode> company = parties.company();
        String person = contact.map(DealToTaskMapper::fullName).filter(n -> !n.isBlank())
                .orElseGet(() -> company.map(c -> c.path("TITLE").asText("")).orElse(""));
        String phone = pick(properties.getContactPhones(), DealParties.multiField(contact, "PHONE"),
                DealParties.multiField(company, "PHONE"));
        String email = pick(properties.getContactEmails(), DealParties.multiField(contact, "EMAIL"),
                DealParties.multiField(company, "EMAIL"));
        TaskKind kind = classification.kindOf(deal.categoryId(), deal.stageId());
        return new TaskDraft(String.valueOf(deal.id()), notes(deal), notesHtml(deal), person, phone, email,
                kind.taskTypeId(), kind.workTypeId(), criticality(deal).orElse(null), deadline(deal).orElse(null),
                estimatedCost(deal).orElse(null), asset(deal).orElse(properties.getDefaultAssetId()),
                customer(parties).orElse(null), place(deal).or(() -> requisitePlace(parties)).orElse(null),
                attributes(deal), otherFields(deal));
    }

    /** Whether the deal must be read with the addresses of its contact's and company's requisites. */
    public boolean needsRequisiteAddresses() {
        return properties.isRequisiteAddressFallback();
    }

    /** The actual address (TYPE_ID 1) of the first requisite that has one, contact before company. */
    private Optional<TaskDraft.Place> requisitePlace(DealParties parties) {
        if (!properties.isRequisiteAddressFallback()) {
            return Optional.empty();
        }
        return parties.requisiteAddresses().stream()
                .sorted(Comparator.comparing(a -> !"1".equals(a.path("TYPE_ID").asText())))
                .map(DealAddress::fromRequisite).flatMap(Optional::stream).findFirst();
    }

    private Optional<TaskDraft.Customer> customer(DealParties parties) {
        if (properties.getCompanyPolicy() == MappingProperties.CompanyPolicy.LEAVE_EMPTY) {
            return Optional.empty();
        }
        return parties.company().filter(c -> !c.path("TITLE").asText("").isBlank()).map(c -> new TaskDraft.Customer(
                c.path("ID").asLong(parties.deal().companyId()), c.path("TITLE").asText().strip(),
                first(DealParties.multiField(parties.company(), "PHONE")),
                first(DealParties.multiField(parties.company(), "EMAIL"))));
    }

    private Optional<TaskDraft.Place> place(Deal deal) {
        String field = properties.getAddressField();
        return field.isBlank() ? Optional.empty() : DealAddress.parse(deal.text(field));
    }

    private Optional<Integer> asset(Deal deal) {
        String field = properties.getAssetField();
        if (field.isBlank() || deal.text(field).isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(deal.text(field).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Map<Integer, String> attributes(Deal deal) {
        Map<Integer, String> values = new LinkedHashMap<>();
        properties.getAttributes().forEach((attributeId, field) -> {
            String value = deal.text(field).strip();
            if (!value.isEmpty()) {
                values.put(attributeId, value);
            }
        });
        return values;
    }

    private Map<String, Object> otherFields(Deal deal) {
        Map<String, Object> values = new LinkedHashMap<>();
        taskFields.forEach((taskField, dealField) -> {
            String text = deal.text(dealField).strip();
            if (!text.isEmpty()) {
                HubexTaskFields.convert(taskField, text, properties).ifPresent(v -> values.put(taskField, v));
            }
        });
        return values;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    /** What the configured mapping cannot make sense of: an operator has to fix the deal. */
    public List<String> problems(DealParties parties) {
        Deal deal = parties.deal();
        List<String> problems = new ArrayList<>();
        String deadlineField = properties.getDeadlineField();
        if (!deadlineField.isBlank() && !deal.text(deadlineField).isBlank() && deadline(deal).isEmpty()) {
            problems.add("Срок в поле " + deadlineField + " не распознан: «" + deal.text(deadlineField)
                    + "» (the deadline is not a date)");
        }
        String criticalityField = properties.getCriticalityField();
        if (!criticalityField.isBlank() && !deal.text(criticalityField).isBlank() && criticality(deal).isEmpty()) {
            problems.add("Неизвестная критичность «" + deal.text(criticalityField) + "» в поле " + criticalityField
                    + " (no row in the criticality table of task-classification.dmn)");
        }
        String assetField = properties.getAssetField();
        if (!assetField.isBlank() && !deal.text(assetField).isBlank() && asset(deal).isEmpty()) {
            problems.add("Объект в поле " + assetField + " не распознан: «" + deal.text(assetField)
                    + "» (expected a HubEx asset ID)");
        }
        String addressField = properties.getAddressField();
        if (!addressField.isBlank() && !deal.text(addressField).isBlank() && place(deal).isEmpty()) {
            problems.add("Адрес в поле " + addressField + " не распознан: «" + deal.text(addressField)
                    + "» (the address has no text)");
        }
        taskFields.forEach((taskField, dealField) -> {
            String text = deal.text(dealField).strip();
            if (!text.isEmpty() && HubexTaskFields.convert(taskField, text, properties).isEmpty()) {
                problems.add("Поле сделки " + dealField + " не подходит для " + taskField + ": «" + text
                        + "» (expected " + HubexTaskFields.DIRECT.get(taskField).name().toLowerCase() + ")");
            }
        });
        String costField = properties.getEstimatedCostField();
        if (!costField.isBlank() && !deal.text(costField).isBlank() && amount(deal).isEmpty()) {
            problems.add("Сумма в поле " + costField + " не распознана: «" + deal.text(costField)
                    + "» (the estimated cost is not a number)");
        }
        return problems;
    }

    private String notes(Deal deal) {
        return BbCode.toPlainText(fill(deal)).replaceAll("\n{3,}", "\n\n").strip();
    }

    private String notesHtml(Deal deal) {
        StringBuilder paragraphs = new StringBuilder();
        for (String paragraph : fill(deal).split("\n\\s*\n")) {
            if (!paragraph.isBlank()) {
                paragraphs.append("<p>").append(BbCode.toHtml(paragraph.strip())).append("</p>");
            }
        }
        return paragraphs.toString();
    }

    /** The notes template (BB-code) with each {FIELD} replaced by the deal's value; COMMENTS is BB-code too. */
    private String fill(Deal deal) {
        Matcher matcher = PLACEHOLDER.matcher(properties.getNotesTemplate());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(deal.text(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Optional<String> deadline(Deal deal) {
        String field = properties.getDeadlineField();
        if (field.isBlank()) {
            return Optional.empty();
        }
        return DealDates.toHubexDeadline(deal.text(field), properties.getDeadlineFieldKind(),
                properties.getDeadlineTime(), properties.getPortalTimeZone());
    }

    /** A positive amount; zero (Bitrix24's "no amount") sends none. */
    private Optional<BigDecimal> estimatedCost(Deal deal) {
        return amount(deal).filter(cost -> cost.signum() > 0);
    }

    private Optional<BigDecimal> amount(Deal deal) {
        String field = properties.getEstimatedCostField();
        if (field.isBlank() || deal.text(field).isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(deal.text(field).split("\\|")[0].trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<Integer> criticality(Deal deal) {
        String field = properties.getCriticalityField();
        if (field.isBlank() || deal.text(field).isBlank()) {
            return Optional.empty();
        }
        return classification.criticalityOf(deal.text(field));
    }

    static String fullName(JsonNode contact) {
        return Stream.of("LAST_NAME", "NAME", "SECOND_NAME")
                .map(key -> contact.path(key).asText("").trim())
                .filter(part -> !part.isEmpty() && !part.equals("null"))
                .collect(Collectors.joining(" "));
    }

    private static String pick(ContactValues which, List<String> preferred, List<String> fallback) {
        if (which == ContactValues.ALL) {
            LinkedHashSet<String> all = new LinkedHashSet<>(preferred);
            all.addAll(fallback);
            return String.join(", ", all);
        }
        return !preferred.isEmpty() ? preferred.get(0) : fallback.isEmpty() ? "" : fallback.get(0);
    }
}
