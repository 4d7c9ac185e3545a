package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Company and location look-ups: remembered link, then search, then create - and remember. */
class HubexReferencesTest {

    private final HubexClient hubex = mock(HubexClient.class);
    private final HubexLinks links = mock(HubexLinks.class);
    private final HubexReferences references = new HubexReferences(hubex, links);

    @Test
    void aRememberedCompanyCostsNoHubexCall() {
        when(links.company(88)).thenReturn(Optional.of(19L));

        assertThat(references.company(88, "ООО «Насосы»", null, null, true, 3)).contains(19L);
        verify(hubex, never()).findCompanies(anyString());
        verify(hubex, never()).createCompany(any());
    }

    @Test
    void aCompanyWithTheSameNameIsReusedAndRemembered() throws Exception {
        when(links.company(88)).thenReturn(Optional.empty());
        when(hubex.findCompanies("ООО «Насосы»")).thenReturn(Map.of(
                21L, json("{\"name\":\"ООО «Насосы и трубы»\"}"), 22L, json("{\"name\":\"ооо  «насосы»\"}")));

        assertThat(references.company(88, "ООО «Насосы»", null, null, true, 3)).contains(22L);
        verify(links).linkCompany(88, 22);
        verify(hubex, never()).createCompany(any());
    }

    @Test
    void aMissingCompanyIsCreatedAsACustomerWhenAllowed() {
        when(links.company(88)).thenReturn(Optional.empty());
        when(hubex.findCompanies(anyString())).thenReturn(Map.of());
        when(hubex.createCompany(any())).thenReturn(31L);

        assertThat(references.company(88, "ООО «Насосы»", "+78431112233", null, true, 3)).contains(31L);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(hubex).createCompany(body.capture());
        assertThat(body.getValue()).containsEntry("name", "ООО «Насосы»").containsEntry("registrationTypeID", 3)
                .containsEntry("isEmployer", true).containsEntry("phone", "+78431112233")
                .containsEntry("erpID", "b24-company-88").doesNotContainKey("email");
        verify(links).linkCompany(88, 31);
    }

    @Test
    void aMissingCompanyIsNotCreatedWhenOnlyExistingOnesMayBeUsed() {
        when(links.company(88)).thenReturn(Optional.empty());
        when(hubex.findCompanies(anyString())).thenReturn(Map.of());

        assertThat(references.company(88, "ООО «Насосы»", null, null, false, 3)).isEmpty();
        verify(hubex, never()).createCompany(any());
        verify(links, never()).linkCompany(anyLong(), anyLong());
    }

    @Test
    void anAddressIsFoundOrCreatedWithItsCoordinatesAndRemembered() throws Exception {
        when(links.location("b24:3301")).thenReturn(Optional.empty());
        when(hubex.findLocations("ул. Ленина, 1")).thenReturn(Map.of(5L, json("{\"address\":\"ул. Ленина, 10\"}")));
        when(hubex.createLocation(any())).thenReturn(77L);

        assertThat(references.location("b24:3301", "ул. Ленина, 1", "55.79:49.12")).isEqualTo(77L);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(hubex).createLocation(body.capture());
        assertThat(body.getValue()).containsEntry("address", "ул. Ленина, 1").containsEntry("coordinate", "55.79:49.12");
        verify(links).linkLocation("b24:3301", 77);

        when(hubex.findLocations("ул. Ленина, 10")).thenReturn(Map.of(5L, json("{\"address\":\"ул. Ленина, 10\"}")));
        when(links.location("text:ул. ленина, 10")).thenReturn(Optional.empty());
        assertThat(references.location("text:ул. ленина, 10", "ул. Ленина, 10", null)).isEqualTo(5L);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
