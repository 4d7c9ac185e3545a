package io.dealflow.inbox;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.metrics.DealFlowMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Both webhook endpoints: what they accept, what they refuse, and that a refusal stores nothing. */
@WebMvcTest(controllers = {Bitrix24WebhookController.class, HubexWebhookController.class})
@ActiveProfiles("test")
@EnableConfigurationProperties({Bitrix24Properties.class, HubexProperties.class})
class WebhookEndpointsTest {

    @Autowired MockMvc mvc;
    @MockitoBean DealEventInbox dealEvents;
    @MockitoBean TaskEventInbox taskEvents;
    @MockitoBean DealFlowMetrics metrics;

    @Test
    void storesADealUpdateAndAnswersAtOnce() throws Exception {
        mvc.perform(bitrix24("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711&ts=1767000123"
                        + "&auth%5Bdomain%5D=acme.bitrix24.ru&auth%5Bapplication_token%5D=test-app-token"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted"));
        verify(dealEvents).record(4711L, "ONCRMDEALUPDATE", "acme.bitrix24.ru");
        verify(metrics).eventsReceived(DealFlowMetrics.BITRIX24, 1);
        verify(metrics).webhookAcknowledged(eq(DealFlowMetrics.BITRIX24), anyLong());
    }

    @Test
    void storesADealDeletionSoThatAWaitingCycleLearnsOfIt() throws Exception {
        mvc.perform(bitrix24("event=ONCRMDEALDELETE&data%5BFIELDS%5D%5BID%5D=4711&ts=1767000123"
                        + "&auth%5Bdomain%5D=acme.bitrix24.ru&auth%5Bapplication_token%5D=test-app-token"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted"));
        verify(dealEvents).record(4711L, "ONCRMDEALDELETE", "acme.bitrix24.ru");
    }

    @Test
    void refusesAWrongApplicationTokenAndStoresNothing() throws Exception {
        mvc.perform(bitrix24("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711&auth%5Bapplication_token%5D=guess"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("application_token")));
        mvc.perform(bitrix24("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711"))
                .andExpect(status().isUnauthorized());
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
        verify(metrics, times(2)).eventRejected(DealFlowMetrics.BITRIX24, "unauthorized");
        verify(metrics, never()).eventsReceived(anyString(), anyInt());
    }

    @Test
    void refusesMalformedEventsWithAReasonAndStoresNothing() throws Exception {
        String token = "&auth%5Bapplication_token%5D=test-app-token";
        mvc.perform(bitrix24("data%5BFIELDS%5D%5BID%5D=4711" + token))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("the field 'event' is missing"));
        mvc.perform(bitrix24("event=ONCRMDEALUPDATE" + token))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("the field 'data[FIELDS][ID]' is missing"));
        mvc.perform(bitrix24("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=abc" + token))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("data[FIELDS][ID] must be a deal ID (a number)"));
        mvc.perform(bitrix24("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=-5" + token))
                .andExpect(status().isBadRequest());
        verify(metrics, times(4)).eventRejected(DealFlowMetrics.BITRIX24, "bad_request");
        mvc.perform(post("/webhooks/bitrix24").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"event\":\"ONCRMDEALUPDATE\"}"))
                .andExpect(status().isUnsupportedMediaType());
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
    }

    @Test
    void acknowledgesOtherEventTypesWithoutStoringThem() throws Exception {
        mvc.perform(bitrix24("event=ONCRMCONTACTUPDATE&data%5BFIELDS%5D%5BID%5D=7"
                        + "&auth%5Bapplication_token%5D=test-app-token"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ignored"));
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
    }

    @Test
    void hubexWebhookFindsTheTaskIdInTheUsualShapes() throws Exception {
        for (String body : List.of("{\"id\":5129}", "{\"taskID\":5129}", "{\"TaskID\":\"5129\"}",
                "{\"task\":{\"id\":5129,\"number\":\"0207\"}}", "{\"eventID\":3,\"data\":{\"taskId\":5129}}")) {
            mvc.perform(hubex("test-hubex-token", body)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.taskIds[0]").value(5129));
        }
        verify(taskEvents, org.mockito.Mockito.times(5)).record(List.of(5129L));
    }

    @Test
    void hubexWebhookRefusesWrongTokenAndPayloadsWithoutTask() throws Exception {
        mvc.perform(hubex("wrong", "{\"id\":5129}")).andExpect(status().isUnauthorized());
        mvc.perform(post("/webhooks/hubex").contentType(MediaType.APPLICATION_JSON).content("{\"id\":5129}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(hubex("test-hubex-token", "{\"name\":\"x\"}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("no task ID")));
        mvc.perform(hubex("test-hubex-token", "{not json")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("the body is not valid JSON"));
        mvc.perform(hubex("test-hubex-token", "")).andExpect(status().isBadRequest());
        verify(taskEvents, never()).record(any());
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder bitrix24(String form) {
        return post("/webhooks/bitrix24").contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder hubex(String token,
                                                                                                  String body) {
        return post("/webhooks/hubex").param("token", token).contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
