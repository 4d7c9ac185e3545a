package io.dealflow.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fields of HubEx's Task.AddData (reference: hubex-api.md §7.1) that a deal field can fill directly through
 * dealflow.mapping.task-fields, with the type their value must have. Fields with settings of their own (notes,
 * contacts, deadline, cost, criticality, company, location, asset, task and work type) are not listed here.
 */
final class HubexTaskFields {

    enum Kind { DATETIME, INTEGER, TEXT }

    static final Map<String, Kind> DIRECT = new TreeMap<>(Map.ofEntries(
            Map.entry("requestedStartDateTime", Kind.DATETIME),
            Map.entry("requestedFinishDateTime", Kind.DATETIME),
            Map.entry("faultTimestamp", Kind.DATETIME),
            Map.entry("estimatedTimeConsumptionMinutes", Kind.INTEGER),
            Map.entry("estimatedCostCurrencyID", Kind.INTEGER),
            Map.entry("contractID", Kind.INTEGER),
            Map.entry("serviceLevelAgreementID", Kind.INTEGER),
            Map.entry("parentID", Kind.INTEGER),
            Map.entry("payerCompanyID", Kind.INTEGER),
            Map.entry("payeeCompanyID", Kind.INTEGER),
            Map.entry("requestedByUserID", Kind.INTEGER),
            Map.entry("assetSchemaID", Kind.INTEGER),
            Map.entry("taskTemplateID", Kind.TEXT),
            Map.entry("number", Kind.TEXT)));

    private HubexTaskFields() {
    }

    /**
     * The configured map with HubEx's spelling of each field (environment variables arrive in lower case);
     * refuses a field HubEx does not have, or one with a setting of its own.
     */
    static Map<String, String> canonical(Map<String, String> configured) {
        Map<String, String> result = new TreeMap<>();
        configured.forEach((field, dealField) -> result.put(canonicalName(field), dealField));
        return result;
    }

    private static String canonicalName(String field) {
        return DIRECT.keySet().stream().filter(known -> known.equalsIgnoreCase(field.trim())).findFirst()
                .orElseThrow(() -> unknown(field));
    }

    private static IllegalStateException unknown(String field) {
        return new IllegalStateException("dealflow.mapping.task-fields." + field + ": not a task field this"
                + " setting can fill; it takes " + DIRECT.keySet() + " (notes, contacts, deadline, cost,"
                + " criticality, company, location, asset and the types have settings of their own)");
    }

    /** The value in the type HubEx expects; empty when the deal's text does not fit it. */
    static Optional<Object> convert(String field, String text, MappingProperties properties) {
        return switch (DIRECT.get(field)) {
            case DATETIME -> DealDates.toHubexDeadline(text, properties.getDeadlineFieldKind(),
                    properties.getDeadlineTime(), properties.getPortalTimeZone()).map(v -> (Object) v);
            case INTEGER -> {
                try {
                    yield Optional.of(Long.parseLong(text.trim()));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            case TEXT -> Optional.of(text);
        };
    }
}
