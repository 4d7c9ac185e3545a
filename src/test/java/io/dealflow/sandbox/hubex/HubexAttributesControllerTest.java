package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class HubexAttributesControllerTest {

    private static final String ATTRIBUTES = "/sandbox/hubex/fsm/COMMON/Attributes";
    private static final String TASK_ATTRIBUTES = "/sandbox/hubex/fsm/WORK/TaskAttributes";

    private HubexSimulatorFixture fx;
    private int taskId;

    @BeforeEach
    void setUp() throws Exception {
        fx = new HubexSimulatorFixture();
        taskId = fx.store.createTask(NewHubexTask.of(10, "deal-1", "Сделка 1"), null).id();
    }

    private ResultActions merge(String body) throws Exception {
        return fx.mvc.perform(fx.authorized(post(TASK_ATTRIBUTES))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void listsTaskFieldDefinitionsAsAMapKeyedById() throws Exception {
        JsonNode all = fx.body(fx.mvc.perform(fx.authorized(get(ATTRIBUTES)))
                .andExpect(status().isOk()).andReturn());
        assertThat(all.fieldNames()).toIterable().containsExactly("12", "13", "14", "15", "16", "20");
        assertThat(all.get("12").get("deleted").asText()).isEqualTo("2025-03-01T00:00:00");

        JsonNode task = fx.body(fx.mvc.perform(fx.authorized(get(ATTRIBUTES))
                        .param("isRelevantForTask", "true").param("isDeleted", "false"))
                .andExpect(status().isOk()).andReturn());
        assertThat(task.fieldNames()).toIterable().containsExactly("13", "14", "15", "16");
        JsonNode comment = task.get("13");
        assertThat(comment.has("id")).isFalse();
        assertThat(comment.has("deleted")).isFalse();
        assertThat(comment.get("name").asText()).isEqualTo("Комментарий исполнителя");
        assertThat(comment.get("type").get("code").asText()).isEqualTo("String");
        assertThat(comment.get("type").get("id").isInt()).isTrue();
        assertThat(comment.get("type").get("name").asText()).isEqualTo("Строка");
        assertThat(comment.get("relevantFor").get("task").asBoolean()).isTrue();
        assertThat(task.get("16").get("type").get("code").asText()).isEqualTo("Boolean");
        assertThat(task.get("14").get("name").asText()).isEqualTo("Адрес объекта");
        assertThat(task.get("15").get("name").asText()).isEqualTo("Номер договора");

        fx.mvc.perform(fx.authorized(get(ATTRIBUTES)).param("isRelevantForTask", "false"))
                .andExpect(jsonPath("$.*", hasSize(1)))
                .andExpect(jsonPath("$['20'].relevantFor.asset").value(true));
        fx.mvc.perform(fx.authorized(get(ATTRIBUTES)).param("isDeleted", "true"))
                .andExpect(jsonPath("$.*", hasSize(1)))
                .andExpect(jsonPath("$['12']").exists());
        fx.mvc.perform(fx.authorized(get(ATTRIBUTES)).header("Range", "items=1-2"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "items=1-2/6"));
        fx.mvc.perform(fx.authorized(get(ATTRIBUTES)).param("isDeleted", "nope"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("InvalidData"));
    }

    @Test
    void mergedValuesComeBackInTheTaskAndItsAttributeList() throws Exception {
        merge("""
                [{"taskID": %d, "data": [{"attributeID": 13, "value": "Сделка Б24 #48213"},
                                         {"attributeID": 16, "value": true}]}]
                """.formatted(taskId))
                .andExpect(status().isAccepted());

        JsonNode task = fx.body(fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + taskId)))
                .andExpect(status().isOk()).andReturn());
        JsonNode attributes = task.get("attribute");
        assertThat(attributes.isArray()).isTrue();
        assertThat(attributes).hasSize(2);
        assertThat(attributes.get(0).get("attribute").get("id").asInt()).isEqualTo(13);
        assertThat(attributes.get(0).get("attribute").get("name").asText()).isEqualTo("Комментарий исполнителя");
        assertThat(attributes.get(0).get("attributeType").get("code").asText()).isEqualTo("String");
        assertThat(attributes.get(0).get("attributeType").get("name").asText()).isEqualTo("Строка");
        assertThat(attributes.get(0).get("value").asText()).isEqualTo("Сделка Б24 #48213");
        assertThat(attributes.get(1).get("value").isTextual()).isTrue();
        assertThat(attributes.get(1).get("value").asText()).isEqualTo("true");

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + taskId + "/attributes")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].attribute.id").value(13))
                .andExpect(jsonPath("$[1].attribute.name").value("Срочный выезд"))
                .andExpect(jsonPath("$[1].attributeType.code").value("Boolean"))
                .andExpect(jsonPath("$[1].value").value("true"));
        assertThat(fx.store.taskAttributes(taskId)).containsEntry(13, "Сделка Б24 #48213").containsEntry(16, "true");
    }

    @Test
    void laterValuesReplaceEarlierOnesAndOtherFieldsStay() throws Exception {
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 13, \"value\": \"первый\"}, {\"attributeID\": 15, \"value\": \"Д-1\"}]}]"
                .formatted(taskId)).andExpect(status().isAccepted());
        merge("""
                [{"taskID": %1$d, "data": [{"attributeID": 13, "value": "второй"}]},
                 {"taskID": %1$d, "data": [{"attributeID": 13, "value": "третий"}, {"attributeID": 14, "value": 42}]}]
                """.formatted(taskId)).andExpect(status().isAccepted());

        assertThat(fx.store.taskAttributes(taskId))
                .containsEntry(13, "третий").containsEntry(14, "42").containsEntry(15, "Д-1").hasSize(3);

        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 15, \"value\": \"\"}]}]".formatted(taskId))
                .andExpect(status().isAccepted());
        assertThat(fx.store.taskAttributes(taskId)).doesNotContainKey(15);
    }

    @Test
    void aTaskWithoutValuesOmitsTheAttributeArray() throws Exception {
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + taskId)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attribute").doesNotExist());
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/" + taskId + "/attributes")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void refusesUnknownTasksAndFieldsWithoutChangingAnything() throws Exception {
        merge("""
                [{"taskID": %d, "data": [{"attributeID": 13, "value": "x"}]},
                 {"taskID": 999, "data": [{"attributeID": 13, "value": "y"}]}]
                """.formatted(taskId))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value("TaskNotFound"))
                .andExpect(jsonPath("$[0].arguments.taskID").value("999"));
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 13, \"value\": \"x\"}, {\"attributeID\": 77, \"value\": \"y\"}]}]"
                .formatted(taskId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value("InvalidData"))
                .andExpect(jsonPath("$[0].arguments.attributeID").value("77"));
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 12, \"value\": \"deleted field\"}]}]".formatted(taskId))
                .andExpect(status().isBadRequest());
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 20, \"value\": \"asset field\"}]}]".formatted(taskId))
                .andExpect(status().isBadRequest());
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 16, \"value\": \"maybe\"}]}]".formatted(taskId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("value"));

        assertThat(fx.store.taskAttributes(taskId)).isEmpty();
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/999/attributes")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value("TaskNotFound"));
    }

    @Test
    void refusesMalformedBodies() throws Exception {
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 13}]}]".formatted(taskId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("value"));
        merge("[{\"taskID\": %d, \"data\": [{\"value\": \"x\"}]}]".formatted(taskId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("attributeID"));
        merge("[{\"data\": [{\"attributeID\": 13, \"value\": \"x\"}]}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("taskID"));
        merge("[{\"taskID\": %d}]".formatted(taskId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("data"));
        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 13, \"value\": {\"a\": 1}}]}]".formatted(taskId))
                .andExpect(status().isBadRequest());
        merge("{\"taskID\": %d}".formatted(taskId)).andExpect(status().isBadRequest());
        merge("[]").andExpect(status().isBadRequest());
        fx.mvc.perform(fx.authorized(post(TASK_ATTRIBUTES))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value("EmptyJson"));
        assertThat(fx.store.taskAttributes(taskId)).isEmpty();
    }

    @Test
    void aDeletedTaskRefusesNewValues() throws Exception {
        fx.store.deleteTask(taskId);

        merge("[{\"taskID\": %d, \"data\": [{\"attributeID\": 13, \"value\": \"x\"}]}]".formatted(taskId))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("TaskDeleted"));
    }

    @Test
    void requiresTheTokenAndApplicationHeaderAndCountsCalls() throws Exception {
        fx.mvc.perform(get(ATTRIBUTES).header("X-Application-ID", "5")).andExpect(status().isUnauthorized());
        fx.mvc.perform(post(TASK_ATTRIBUTES).header("Authorization", "Bearer " + fx.token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[{\"taskID\": %d, \"data\": [{\"attributeID\": 13, \"value\": \"x\"}]}]"
                                .formatted(taskId)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$[0].code").value("AccessDenied"));
        fx.mvc.perform(get(HubexSimulatorFixture.TASKS + "/" + taskId + "/attributes"))
                .andExpect(status().isUnauthorized());

        assertThat(fx.store.taskAttributes(taskId)).isEmpty();
        assertThat(fx.store.requestCount("GET /fsm/COMMON/Attributes")).isEqualTo(1);
        assertThat(fx.store.requestCount("POST /fsm/WORK/TaskAttributes")).isEqualTo(1);
        assertThat(fx.store.requestCount("GET /fsm/WORK/Tasks/" + taskId + "/attributes")).isEqualTo(1);
    }
}
