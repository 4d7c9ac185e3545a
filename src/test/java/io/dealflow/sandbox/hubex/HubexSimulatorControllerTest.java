package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class HubexSimulatorControllerTest {

    private final HubexSimulatorFixture fx = new HubexSimulatorFixture();

    private ResultActions createTask(String erpId, String stamp) throws Exception {
        MockHttpServletRequestBuilder request = fx.authorized(post(HubexSimulatorFixture.TASKS))
                .contentType(MediaType.APPLICATION_JSON).content(HubexSimulatorFixture.taskBody(erpId));
        if (stamp != null) {
            request.header("X-Concurrency-Stamp", stamp);
        }
        return fx.mvc.perform(request);
    }

    @Test
    void exchangesTheServiceTokenCaseInsensitively() throws Exception {
        fx.mvc.perform(post("/sandbox/hubex/fsm/AUTHZ/AccessTokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ServiceToken\":\"" + HubexSimulatorFixture.SERVICE_TOKEN + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.access_token").isString())
                .andExpect(jsonPath("$.expires_in").value(1800))
                .andExpect(jsonPath("$.jwtValidTill", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")))
                .andExpect(jsonPath("$.refresh_token").isString());
    }

    @Test
    void refusesAWrongServiceTokenWithAnErrorModelArray() throws Exception {
        fx.mvc.perform(post("/sandbox/hubex/fsm/AUTHZ/AccessTokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"serviceToken\":\"wrong\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$[0].code").value("InvalidServiceToken"))
                .andExpect(jsonPath("$[0].message").isString())
                .andExpect(jsonPath("$[0].arguments").isMap())
                .andExpect(jsonPath("$[0].traceIdentifier").isString());
        fx.mvc.perform(post("/sandbox/hubex/fsm/AUTHZ/AccessTokens")).andExpect(status().isUnauthorized());
    }

    @Test
    void requiresAValidUnexpiredBearerTokenAndTheApplicationHeader() throws Exception {
        fx.mvc.perform(get(HubexSimulatorFixture.TASKS).header("X-Application-ID", "5"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$[0].code").value("Unauthorized"));
        fx.mvc.perform(get(HubexSimulatorFixture.TASKS).header("Authorization", "Bearer " + fx.token()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$[0].code").isString());
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS))).andExpect(status().isOk());
        assertThat(fx.store.lastApplicationId()).contains("5");

        fx.tokens.expireAllAccessTokens();

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS))).andExpect(status().isUnauthorized());
        fx.renewToken();
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS))).andExpect(status().isOk());
    }

    @Test
    void createsATaskAndRefusesARepeatedConcurrencyStamp() throws Exception {
        String stamp = UUID.randomUUID().toString();
        createTask("deal-1", stamp)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(5001))
                .andExpect(jsonPath("$.number").value("0207000000001"))
                .andExpect(jsonPath("$.concurrencyStamp").value(stamp));

        createTask("deal-1", stamp)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("AlreadyDone"));

        assertThat(fx.store.countTasksWithErpId("deal-1")).isEqualTo(1);
        assertThat(fx.store.requestCount("POST /fsm/WORK/Tasks")).isEqualTo(2);
    }

    @Test
    void refusesInvalidTaskData() throws Exception {
        fx.mvc.perform(fx.authorized(post(HubexSimulatorFixture.TASKS)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"taskTypeID\": 10}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].code").value("InvalidData"));
        fx.mvc.perform(fx.authorized(post(HubexSimulatorFixture.TASKS)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"taskTypeID\": 99, \"requestMethodID\": 4}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].arguments.parameter").value("taskTypeID"));
        createTask("deal-1", "not-a-guid").andExpect(status().isBadRequest());
        assertThat(fx.store.listTasks()).isEmpty();
    }

    @Test
    void bindsPropertyNamesCaseInsensitivelyAndIgnoresUnknownKeys() throws Exception {
        fx.mvc.perform(fx.authorized(post(HubexSimulatorFixture.TASKS)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"TaskTypeID\": 11, \"RequestMethodID\": 1, \"ERPID\": \"deal-9\", \"foo\": [1]}"))
                .andExpect(status().isCreated());
        HubexTask task = fx.store.listTasks().get(0);
        assertThat(task.taskTypeId()).isEqualTo(11);
        assertThat(task.erpId()).isEqualTo("deal-9");
    }

    @Test
    void filtersByErpIdIntoAMapKeyedByIdWithoutIdFields() throws Exception {
        createTask("deal-1", null);
        createTask("deal-2", null);

        JsonNode list = fx.body(fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS))
                        .param("erpID", "deal-2").param("isDeleted", "false").param("noSuchFilter", "x"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Content-Range"))
                .andReturn());

        assertThat(list.isObject()).isTrue();
        assertThat(list.size()).isEqualTo(1);
        JsonNode item = list.get("5002");
        assertThat(item.has("id")).isFalse();
        assertThat(item.get("erpID").asText()).isEqualTo("deal-2");
        assertThat(item.get("number").asText()).isEqualTo("0207000000002");
        assertThat(item.get("taskStage").get("id").asInt()).isEqualTo(1);
        assertThat(item.get("timesheet").get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void pagesWithAOneBasedRangeHeader() throws Exception {
        for (int i = 1; i <= 3; i++) {
            createTask("deal-" + i, null);
        }

        JsonNode page = fx.body(fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS))
                        .header("Range", "items=1-2"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "items=1-2/3"))
                .andReturn());
        assertThat(page.fieldNames()).toIterable().containsExactly("5003", "5002");

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS)).header("Range", "items=3-50"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "items=3-3/3"))
                .andExpect(jsonPath("$['5001'].number").value("0207000000001"));
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS)).header("Range", "items=0-1"))
                .andExpect(jsonPath("$.*", hasSize(1)));
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS)).param("offset", "1").param("fetch", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$['5002']").exists())
                .andExpect(jsonPath("$.*", hasSize(1)));
        fx.mvc.perform(fx.authorized(head(HubexSimulatorFixture.TASKS)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Range", "items=0-0/3"));
    }

    @Test
    void readsOneTaskInDetailWithoutIdAndNullFields() throws Exception {
        createTask("deal-1", null);

        JsonNode task = fx.body(fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001")))
                .andExpect(status().isOk()).andReturn());

        assertThat(task.has("id")).isFalse();
        assertThat(task.has("actualCost")).isFalse();
        assertThat(task.has("assignedTo")).isFalse();
        assertThat(task.get("taskType").get("name").asText()).isEqualTo("Заявка на обслуживание");
        assertThat(task.get("requestMethod").get("name").asText()).isEqualTo("Интеграция");
        assertThat(task.get("estimatedCost").asDouble()).isEqualTo(5000.0);
        assertThat(task.get("timesheet").get("deadline").asText()).isEqualTo("2026-09-01T15:00:00");
        assertThat(task.get("timesheet").has("completed")).isFalse();

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/999")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$[0].code").value("TaskNotFound"));
    }

    @Test
    void postsAndListsChatMessages() throws Exception {
        createTask("deal-1", null);

        fx.mvc.perform(fx.authorized(post(HubexSimulatorFixture.TASKS + "/5001/conversation"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"message\": \"Заявка создана из сделки\", \"isExternal\": false, \"attachments\": []}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$[0].id").value(1))
                .andExpect(jsonPath("$[0].taskID").value(5001));
        fx.store.addChatMessage(5001, HubexDirectory.TECHNICIAN_KULIBIN_ID, "Заменил фильтр", false);

        JsonNode messages = fx.body(fx.mvc.perform(
                        fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001/conversations")))
                .andExpect(status().isOk()).andReturn());
        assertThat(messages.isArray()).isTrue();
        assertThat(messages.get(1).get("message").asText()).isEqualTo("Заменил фильтр");
        assertThat(messages.get(1).get("author").get("isTechnician").asBoolean()).isTrue();
        assertThat(messages.get(1).get("author").get("lastName").asText()).isEqualTo("Кулибин");
    }

    @Test
    void movesAlongTheLifeCycleAndCompletes() throws Exception {
        createTask("deal-1", null);
        fx.store.addCompletedWork(5001, "Замена фильтра", 3000, 2, "Заменены два фильтра");

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001/stages/next")))
                .andExpect(jsonPath("$['3'].name").value("В работе"))
                .andExpect(jsonPath("$['3'].isFinishStage").value(false));
        fx.mvc.perform(fx.authorized(post("/sandbox/hubex/fsm/WORK/TaskStagingHistory"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"taskID\": 5001, \"taskStageID\": 3}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.stageId").value(3))
                .andExpect(jsonPath("$.isFinalStage").value(false))
                .andExpect(jsonPath("$.errors", hasSize(0)));
        fx.mvc.perform(fx.authorized(post("/sandbox/hubex/fsm/WORK/TaskStagingHistory"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"taskID\": 5001, \"taskStageID\": 1}"))
                .andExpect(status().isConflict());

        fx.mvc.perform(fx.authorized(put(HubexSimulatorFixture.TASKS + "/5001/complete"))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isAccepted());
        fx.mvc.perform(fx.authorized(put(HubexSimulatorFixture.TASKS + "/5001/complete")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$[0].code").value("AlreadyDone"));

        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001")))
                .andExpect(jsonPath("$.taskStage.id").value(7))
                .andExpect(jsonPath("$.timesheet.completed").isString());
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS + "/5001/completedWorks")))
                .andExpect(jsonPath("$[0].workType.name").value("Замена фильтра"))
                .andExpect(jsonPath("$[0].workType.cost").value(3000.0))
                .andExpect(jsonPath("$[0].quantity").value(2.0));
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS)).param("isCompleted", "true")
                        .param("completionFrom", "2020-01-01T00:00:00Z"))
                .andExpect(jsonPath("$['5001']").exists());
        fx.mvc.perform(fx.authorized(get(HubexSimulatorFixture.TASKS)).param("isCompleted", "maybe"))
                .andExpect(status().isConflict());
    }

    @Test
    void reportsTheWebhookRegistration() throws Exception {
        fx.mvc.perform(fx.authorized(get("/sandbox/hubex/fsm/MSG/Webhooks")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$['1'].isActive").value(true))
                .andExpect(jsonPath("$['1'].callsRemaining").value(10));
        fx.mvc.perform(fx.authorized(put("/sandbox/hubex/fsm/MSG/Webhooks/activate/1")))
                .andExpect(status().isAccepted());
    }
}
