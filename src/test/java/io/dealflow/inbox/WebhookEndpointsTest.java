package io.dealflow.inbox;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.hubex.HubexProperties;
import org.junit.jupiter.api.AfterEach;
import io.dealflow.metrics.DealFlowMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Both webhook endpoints: what they accept, what they refuse, and that a refusal stores nothing. They are filters,
 * which MockMvc runs as the container would; no controller of the application is loaded.
 */
@WebMvcTest(useDefaultFilters = false)
@ActiveProfiles("test")
@EnableConfigurationProperties({Bitrix24Properties.class, HubexProperties.class, WebhookProperties.class})
@Import({WebhookGuardRegistration.class, Bitrix24WebhookEndpoint.class, HubexWebhookEndpoint.class})
class WebhookEndpointsTest {

    private static final String VALID = "event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711"
            + "&auth%5Bdomain%5D=acme.bitrix24.ru&auth%5Bmember_id%5D=a223c6b3710f85df22e9377d6c4f7553"
            + "&auth%5Bapplication_token%5D=test-app-token";

    @Autowired MockMvc mvc;
    @Autowired Bitrix24Properties bitrix24Properties;
    @MockitoBean DealEventInbox dealEvents;
    @MockitoBean TaskEventInbox taskEvents;
    @MockitoBean DealFlowMetrics metrics;

    @AfterEach
    void anyPortal() {
        bitrix24Properties.setExpectedDomain("");
        bitrix24Properties.setExpectedMemberId("");
    }

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

    @Test
    void acceptsEventsOfTheExpectedPortal() throws Exception {
        bitrix24Properties.setExpectedDomain("ACME.bitrix24.ru ");
        bitrix24Properties.setExpectedMemberId("a223c6b3710f85df22e9377d6c4f7553");

        mvc.perform(bitrix24(VALID)).andExpect(status().isOk());

        verify(dealEvents).record(4711L, "ONCRMDEALUPDATE", "acme.bitrix24.ru");
    }

    @Test
    void refusesEventsOfAnotherPortalWithAReasonAndStoresNothing() throws Exception {
        bitrix24Properties.setExpectedDomain("acme.bitrix24.ru");
        mvc.perform(bitrix24(VALID.replace("acme.bitrix24.ru", "evil.bitrix24.ru")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("auth[domain] is not the portal in"
                        + " dealflow.bitrix24.expected-domain"));
        mvc.perform(bitrix24(VALID.replace("&auth%5Bdomain%5D=acme.bitrix24.ru", "")))
                .andExpect(status().isForbidden());

        bitrix24Properties.setExpectedDomain("");
        bitrix24Properties.setExpectedMemberId("0000c6b3710f85df22e9377d6c4f7553");
        mvc.perform(bitrix24(VALID)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("auth[member_id] is not the portal in"
                        + " dealflow.bitrix24.expected-member-id"));
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
    }

    @Test
    void theTokenIsCheckedBeforeThePortal() throws Exception {
        bitrix24Properties.setExpectedDomain("acme.bitrix24.ru");

        mvc.perform(bitrix24(VALID.replace("test-app-token", "guess").replace("acme", "evil")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void refusesABodyOverTheLimitUnreadAndStoresNothing() throws Exception {
        String padding = "&pad=" + "x".repeat(64 * 1024);
        mvc.perform(bitrix24(VALID + padding)).andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.error").value("the body is larger than 65536 bytes"
                        + " (dealflow.webhooks.max-body-size)"));
        mvc.perform(hubex("test-hubex-token", "{\"id\":5129,\"pad\":\"" + "x".repeat(64 * 1024) + "\"}"))
                .andExpect(status().isPayloadTooLarge());
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
        verify(taskEvents, never()).record(any());
    }

    @Test
    void refusesUndecodableRequestsWithAReason() throws Exception {
        mvc.perform(bitrix24(VALID + "&broken=%E0%A4%A"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("the form or the query string is not valid URL encoding"));
        mvc.perform(post("/webhooks/bitrix24").contentType("application/x-www-form-urlencoded; charset=no-such-set")
                        .content(VALID))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/webhooks/bitrix24").header("Content-Type", "not a media type").content(VALID))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/webhooks/bitrix24").content(VALID)).andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString(
                        "application/x-www-form-urlencoded")));
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
    }

    @Test
    void decodesAFormInTheCharsetItDeclares() throws Exception {
        byte[] windows1251 = ("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=4711&auth%5Bdomain%5D=%EF%EE%F0%F2%E0%EB"
                + "&auth%5Bapplication_token%5D=test-app-token").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        mvc.perform(post("/webhooks/bitrix24").contentType("application/x-www-form-urlencoded; charset=windows-1251")
                .content(windows1251)).andExpect(status().isOk());

        verify(dealEvents).record(4711L, "ONCRMDEALUPDATE", "портал");
    }

    @Test
    void answersJsonWhateverTheCallerAccepts() throws Exception {
        mvc.perform(bitrix24(VALID).accept(MediaType.TEXT_HTML)).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("accepted"));
        mvc.perform(hubex("test-hubex-token", "{\"id\":5129}").accept(MediaType.IMAGE_PNG))
                .andExpect(status().isOk());
    }

    @Test
    void aDatabaseThatCannotStoreTheEventGives503AndNo500() throws Exception {
        doThrow(new DataAccessResourceFailureException("connection refused")).when(dealEvents)
                .record(anyLong(), anyString(), any());
        mvc.perform(bitrix24(VALID)).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("the event could not be stored; please send it again"));

        doThrow(new IllegalStateException("unexpected")).when(taskEvents).record(any());
        mvc.perform(hubex("test-hubex-token", "{\"id\":5129}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("the request could not be processed"));
    }

    @Test
    void storesThePortalDomainWithoutControlCharacters() throws Exception {
        mvc.perform(bitrix24(VALID.replace("acme.bitrix24.ru", "acme%00.bitrix24.ru%0A"))).andExpect(status().isOk());

        verify(dealEvents).record(4711L, "ONCRMDEALUPDATE", "acme.bitrix24.ru");
    }

    @Test
    void hubexWebhookStoresEachTaskOnceAndRefusesFloods() throws Exception {
        mvc.perform(hubex("test-hubex-token", "[{\"id\":5129},{\"taskID\":5129},{\"id\":5130}]"))
                .andExpect(status().isOk());
        verify(taskEvents).record(List.of(5129L, 5130L));

        String flood = IntStream.rangeClosed(1, 101).mapToObj(i -> "{\"id\":" + i + "}")
                .collect(Collectors.joining(",", "[", "]"));
        mvc.perform(hubex("test-hubex-token", flood)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("the payload names more than")));
        verify(taskEvents, org.mockito.Mockito.times(1)).record(any());
    }

    @Test
    void anotherMethodThanPostIsRefusedWith405AndStoresNothing() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/webhooks/bitrix24"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                        .string("Allow", "POST"))
                .andExpect(jsonPath("$.error").value("the webhook takes POST only, not GET"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .put("/webhooks/hubex").param("token", "test-hubex-token")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"id\":5129}"))
                .andExpect(status().isMethodNotAllowed());
        verify(dealEvents, never()).record(anyLong(), anyString(), any());
        verify(taskEvents, never()).record(any());
    }
}
