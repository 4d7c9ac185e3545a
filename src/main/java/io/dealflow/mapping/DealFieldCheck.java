package io.dealflow.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.bitrix24.DealGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Bitrix24 silently ignores unknown fields in crm.deal.update: a typo in a configured field code would lose every
 * write-back without a trace. So the configured deal fields are checked against crm.deal.fields once the service
 * is up; an unknown one stops the start with a message naming the setting.
 */
@Component
public class DealFieldCheck {

    private static final Logger log = LoggerFactory.getLogger(DealFieldCheck.class);

    private final DealGateway deals;
    private final WritebackProperties writeback;
    private final MappingProperties mapping;
    private final RequirementsProperties requirements;
    private final boolean enabled;

    public DealFieldCheck(DealGateway deals, WritebackProperties writeback, MappingProperties mapping,
                          RequirementsProperties requirements, Bitrix24Properties bitrix24) {
        this.deals = deals;
        this.writeback = writeback;
        this.mapping = mapping;
        this.requirements = requirements;
        this.enabled = bitrix24.isCheckFieldsAtStartup();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void checkConfiguredFields() {
        Map<String, String> configured = configuredFields();
        if (!enabled || configured.isEmpty()) {
            return;
        }
        JsonNode known;
        try {
            known = deals.dealFields();
        } catch (Bitrix24Exception e) {
            if (e.retryable()) {
                log.warn("Could not check the configured deal fields against Bitrix24 ({}); continuing",
                        e.getMessage());
                return;
            }
            throw e;
        }
        List<String> unknown = new ArrayList<>();
        configured.forEach((setting, field) -> {
            if (!known.has(field)) {
                unknown.add(setting + ": the portal has no deal field " + field);
            }
        });
        if (!unknown.isEmpty()) {
            throw new io.dealflow.SettingsRefusedException("DealFlow cannot start, Bitrix24 would ignore these fields:\n  - "
                    + String.join("\n  - ", unknown));
        }
        log.info("Configured deal fields exist on the portal: {}", configured.values());
    }

    /** Setting name → deal field code, for every configured field. */
    Map<String, String> configuredFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "dealflow.writeback.task-number-field", writeback.getTaskNumberField());
        put(fields, "dealflow.writeback.deadline-field", writeback.getDeadlineField());
        put(fields, "dealflow.writeback.cost-field", writeback.getCostField());
        put(fields, "dealflow.writeback.comment-field", writeback.getCommentField());
        put(fields, "dealflow.writeback.completed-at-field", writeback.getCompletedAtField());
        put(fields, "dealflow.writeback.executor-field", writeback.getExecutorField());
        put(fields, "dealflow.writeback.task-link-field", writeback.getTaskLinkField());
        writeback.getAttributes().forEach((id, field) -> put(fields, "dealflow.writeback.attributes." + id, field));
        put(fields, "dealflow.mapping.deadline-field", mapping.getDeadlineField());
        put(fields, "dealflow.mapping.estimated-cost-field", mapping.getEstimatedCostField());
        put(fields, "dealflow.mapping.criticality-field", mapping.getCriticalityField());
        put(fields, "dealflow.mapping.address-field", mapping.getAddressField());
        put(fields, "dealflow.mapping.asset-field", mapping.getAssetField());
        mapping.getAttributes().forEach((id, field) -> put(fields, "dealflow.mapping.attributes." + id, field));
        List<String> required = requirements.getRequiredDealFields();
        for (int i = 0; i < required.size(); i++) {
            put(fields, "dealflow.requirements.required-deal-fields[" + i + "]", required.get(i));
        }
        return fields;
    }

    private static void put(Map<String, String> fields, String setting, String field) {
        if (field != null && !field.isBlank()) {
            fields.put(setting, field.trim());
        }
    }
}
