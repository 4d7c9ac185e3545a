package io.dealflow.process;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.DealGateway;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Bitrix24: update deal". Input parameter {@code fields}: a JSON object of deal fields to write, usually computed
 * by an expression such as {@code ${dealWriteback.completionFields(execution)}}. Writing absolute values makes
 * the call safe to repeat. An empty object writes nothing.
 */
@Component
public class UpdateDealDelegate implements JavaDelegate {

    private final DealGateway deals;
    private final ObjectMapper objectMapper;

    public UpdateDealDelegate(DealGateway deals, ObjectMapper objectMapper) {
        this.deals = deals;
        this.objectMapper = objectMapper;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String json = LongText.get(execution, ProcessConstants.INPUT_FIELDS);
        if (json == null) {
            throw new IllegalStateException("The task '" + execution.getCurrentActivityName()
                    + "' needs the input parameter 'fields' (a JSON object of deal fields)");
        }
        Map<String, Object> fields;
        try {
            fields = objectMapper.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The input parameter 'fields' of '" + execution.getCurrentActivityName()
                    + "' is not a JSON object: " + e.getOriginalMessage());
        }
        if (!fields.isEmpty()) {
            deals.updateDeal(Long.parseLong((String) execution.getVariable(ProcessConstants.VAR_DEAL_ID)), fields);
        }
    }
}
