package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealParties;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/** What the process tests that drive a cycle job by job share: the jobs waiting at a step, a deal to load. */
final class CycleTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CycleTestSupport() {
    }

    static Job jobAt(ManagementService managementService, ProcessInstance pi, String activityId) {
        List<Job> jobs = jobsAt(managementService, pi, activityId);
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        return jobs.get(0);
    }

    static List<Job> jobsAt(ManagementService managementService, ProcessInstance pi, String activityId) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).list();
    }

    /** A deal of pipeline 1 in the service stage with a contact that has a phone, plus the given fields. */
    static DealParties dealWithContact(String dealId, Map<String, String> moreFields) {
        ObjectNode fields = JSON.createObjectNode().put("ID", dealId).put("TITLE", "Замена насоса")
                .put("CATEGORY_ID", "1").put("STAGE_ID", "C1:UC_SERVICE").put("COMMENTS", "Клиент просит утро")
                .put("CONTACT_ID", "214").put("COMPANY_ID", "0");
        moreFields.forEach(fields::put);
        return new DealParties(new Deal(fields), Optional.of(json("{\"ID\":\"214\",\"NAME\":\"Ирина\","
                + "\"LAST_NAME\":\"Петрова\",\"PHONE\":[{\"ID\":\"1\",\"VALUE_TYPE\":\"MOBILE\","
                + "\"VALUE\":\"+79001234567\",\"TYPE_ID\":\"PHONE\"}]}")), Optional.empty());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }
}
