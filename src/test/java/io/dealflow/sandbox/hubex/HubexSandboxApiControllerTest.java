package io.dealflow.sandbox.hubex;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class HubexSandboxApiControllerTest {

    private static final String API = "/sandbox/api/hubex";

    private HubexSimulatorFixture fx;
    private int taskId;

    @BeforeEach
    void setUp() {
        fx = new HubexSimulatorFixture();
        taskId = fx.store.createTask(NewHubexTask.of(10, "deal-7", "Сделка 7"), null).id();
    }

    @Test
    void aTechnicianFinishesATask() throws Exception {
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"actualCost": 12500, "comment": "Заменён фильтр",
                                 "works": [{"name": "Замена фильтра", "cost": 3000, "quantity": 2, "notes": "два"}]}
                                """))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(taskId))
                .andExpect(jsonPath("$.taskStage.id").value(7))
                .andExpect(jsonPath("$.assignedTo.id").value(171));

        HubexTask task = fx.store.getTask(taskId);
        assertThat(task.completed()).isNotNull();
        assertThat(task.actualCost()).isEqualTo(12500.0);
        assertThat(task.assignedToId()).isEqualTo(HubexDirectory.TECHNICIAN_KULIBIN_ID);
        assertThat(task.conversation()).singleElement().satisfies(message -> {
            assertThat(message.message()).isEqualTo("Заменён фильтр");
            assertThat(message.authorId()).isEqualTo(171);
            assertThat(message.isExternal()).isFalse();
        });
        assertThat(task.completedWorks()).singleElement().satisfies(work -> {
            assertThat(work.workTypeName()).isEqualTo("Замена фильтра");
            assertThat(work.cost()).isEqualTo(3000.0);
            assertThat(work.quantity()).isEqualTo(2.0);
        });
    }

    @Test
    void refusesBadInputWithAReason() throws Exception {
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"technicianId\": 100}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").isString());
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"works\": [{\"cost\": 10}]}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/stage").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stageId\": 42}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/stage").contentType(MediaType.APPLICATION_JSON)
                        .content("not json"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(get(API + "/tasks/999")).andExpect(status().isNotFound());
        assertThat(fx.store.getTask(taskId).completed()).isNull();
    }

    @Test
    void movesATaskToAnyStage() throws Exception {
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/stage").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stageId\": 9}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.taskStage.name").value("Отменена"));
    }

    @Test
    void scriptsFaultsAndReportsStats() throws Exception {
        fx.mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"operation\": \"GET /fsm/WORK/Tasks\", \"status\": 503, \"times\": 2}"))
                .andExpect(status().isOk());
        assertThat(fx.faults.take("GET /fsm/WORK/Tasks")).isPresent();
        fx.mvc.perform(delete(API + "/faults")).andExpect(status().isNoContent());
        assertThat(fx.faults.take("GET /fsm/WORK/Tasks")).isEmpty();
        fx.mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON).content("{\"status\": 500}"))
                .andExpect(status().isBadRequest());

        fx.mvc.perform(get(API + "/stats"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks").value(1))
                .andExpect(jsonPath("$.webhook.callsRemaining").value(10));
        fx.mvc.perform(get(API + "/tasks")).andExpect(jsonPath("$[0].id").value(taskId));
    }

    @Test
    void listsTheSeededCustomersAndFields() throws Exception {
        fx.store.createLocation(NewHubexLocation.of("Тверская, 1, Москва", "55.757:37.615"));

        fx.mvc.perform(get(API + "/locations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(3)))
                .andExpect(jsonPath("$[0].id").value(5957))
                .andExpect(jsonPath("$[2].address").value("Тверская, 1, Москва"))
                .andExpect(jsonPath("$[2].coordinate").value("55.757:37.615"));
        fx.mvc.perform(get(API + "/companies"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(19))
                .andExpect(jsonPath("$[0].name").value("ООО Ромашка"))
                .andExpect(jsonPath("$[0].tin").value("1655000000"));
        fx.mvc.perform(get(API + "/assets"))
                .andExpect(jsonPath("$[1].id").value(1021))
                .andExpect(jsonPath("$[1].companyId").value(19));
        fx.mvc.perform(get(API + "/attributes"))
                .andExpect(jsonPath("$[1].id").value(13))
                .andExpect(jsonPath("$[1].type").value("String"));
        assertThat(fx.store.requestCount()).isZero();
    }

    @Test
    void aTechnicianFillsACustomField() throws Exception {
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attributeId\": 13, \"value\": \"Заменён фильтр\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(taskId))
                .andExpect(jsonPath("$.attribute[0].attribute.id").value(13))
                .andExpect(jsonPath("$.attribute[0].value").value("Заменён фильтр"));
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attributeId\": 16, \"value\": true}"))
                .andExpect(status().isOk());

        assertThat(fx.store.taskAttributes(taskId)).containsEntry(13, "Заменён фильтр").containsEntry(16, "true");
        assertThat(fx.store.getTask(taskId).completed()).isNull();
    }

    @Test
    void refusesBadCustomFields() throws Exception {
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attributeId\": 77, \"value\": \"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").isString());
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"value\": \"x\"}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attributeId\": 13}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attributeId\": 13, \"value\": [\"x\"]}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(post(API + "/tasks/999/attributes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attributeId\": 13, \"value\": \"x\"}"))
                .andExpect(status().isNotFound());
        assertThat(fx.store.taskAttributes(taskId)).isEmpty();
    }

    @Test
    void completionMayFillCustomFields() throws Exception {
        fx.mvc.perform(post(API + "/tasks/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": \"Готово\", \"attributes\": {\"13\": \"Заменён фильтр\", \"16\": false}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.taskStage.id").value(7))
                .andExpect(jsonPath("$.attribute[0].value").value("Заменён фильтр"))
                .andExpect(jsonPath("$.attribute[1].value").value("false"));
    }

    @Test
    void aCompletionWithABadCustomFieldChangesNothing() throws Exception {
        for (String attributes : new String[] {"{\"77\": \"x\"}", "{\"abc\": \"x\"}", "{\"16\": \"может быть\"}",
                "{\"13\": null}"}) {
            fx.mvc.perform(post(API + "/tasks/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"comment\": \"Готово\", \"attributes\": " + attributes + "}"))
                    .andExpect(status().isBadRequest());
        }

        HubexTask task = fx.store.getTask(taskId);
        assertThat(task.completed()).isNull();
        assertThat(task.conversation()).isEmpty();
        assertThat(task.assignedToId()).isNull();
        assertThat(task.attributes()).isEmpty();
    }

    @Test
    void scriptsProbableAndAfterExecutionFaultsAndLosesWebhooks() throws Exception {
        fx.mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"operation\": \"POST /fsm/WORK/Tasks\", \"status\": 0, \"delayMillis\": 2000,"
                                + " \"afterExecution\": true, \"probability\": 0.5, \"times\": 3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.afterExecution").value(true))
                .andExpect(jsonPath("$.probability").value(0.5));
        fx.mvc.perform(get(API + "/faults"))
                .andExpect(jsonPath("$.pending", hasSize(1)))
                .andExpect(jsonPath("$.pending[0].times").value(3))
                .andExpect(jsonPath("$.injected").value(0));
        fx.mvc.perform(post(API + "/faults").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"operation\": \"GET /x\", \"probability\": 0}"))
                .andExpect(status().isBadRequest());

        fx.mvc.perform(put(API + "/webhooks").contentType(MediaType.APPLICATION_JSON).content("{\"dropRate\": 0.3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dropRate").value(0.3))
                .andExpect(jsonPath("$.dropped").value(0));
        assertThat(fx.sender.drops().rate()).isEqualTo(0.3);
        fx.mvc.perform(put(API + "/webhooks").contentType(MediaType.APPLICATION_JSON).content("{\"dropRate\": 2}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(put(API + "/webhooks").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        fx.mvc.perform(get(API + "/stats")).andExpect(jsonPath("$.webhooksDropped").value(0))
                .andExpect(jsonPath("$.faultsInjected").value(0));
    }
}
