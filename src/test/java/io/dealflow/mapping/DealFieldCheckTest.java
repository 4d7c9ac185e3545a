package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.Bitrix24Exception;
import io.dealflow.bitrix24.Bitrix24Properties;
import io.dealflow.bitrix24.DealGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Configured deal fields are checked against the portal's crm.deal.fields at startup. */
class DealFieldCheckTest {

    private final DealGateway deals = mock(DealGateway.class);
    private final WritebackProperties writeback = new WritebackProperties();
    private final MappingProperties mapping = new MappingProperties();
    private final RequirementsProperties requirements = new RequirementsProperties();
    private final Bitrix24Properties bitrix24 = new Bitrix24Properties();

    @BeforeEach
    void portalFields() throws Exception {
        when(deals.dealFields()).thenReturn(new ObjectMapper().readTree(
                "{\"ID\": {}, \"CLOSEDATE\": {}, \"OPPORTUNITY\": {}, \"UF_CRM_HUBEX_TASK\": {}, \"UF_CRM_COST\": {}}"));
    }

    private DealFieldCheck check() {
        return new DealFieldCheck(deals, writeback, mapping, requirements, bitrix24);
    }

    @Test
    void acceptsFieldsThePortalHas() {
        writeback.setTaskNumberField("UF_CRM_HUBEX_TASK");
        writeback.setCostField("OPPORTUNITY");
        mapping.setDeadlineField("CLOSEDATE");

        assertThatCode(check()::checkConfiguredFields).doesNotThrowAnyException();
    }

    @Test
    void namesEverySettingWhoseFieldThePortalDoesNotHave() {
        writeback.setTaskNumberField("UF_CRM_HUBEX_TASK");
        writeback.setCommentField("UF_CRM_COMENT");
        mapping.setAttributes(Map.of(15, "UF_CRM_CONTRACT"));
        requirements.setRequiredDealFields(List.of("UF_CRM_ADDRESS"));

        assertThatThrownBy(check()::checkConfiguredFields)
                .hasMessageContaining("dealflow.writeback.comment-field: the portal has no deal field UF_CRM_COMENT")
                .hasMessageContaining("dealflow.mapping.attributes.15: the portal has no deal field UF_CRM_CONTRACT")
                .hasMessageContaining("dealflow.requirements.required-deal-fields[0]")
                .hasMessageNotContaining("UF_CRM_HUBEX_TASK");
    }

    @Test
    void doesNotBlockTheStartWhenThePortalIsUnreachable() {
        writeback.setCommentField("UF_CRM_COMENT");
        when(deals.dealFields()).thenThrow(new Bitrix24Exception(Bitrix24Exception.Kind.UNAVAILABLE, "crm.deal.fields",
                "", "Bitrix24 crm.deal.fields failed: no answer"));

        assertThatCode(check()::checkConfiguredFields).doesNotThrowAnyException();
    }

    @Test
    void asksNothingWhenSwitchedOffOrNothingIsConfigured() {
        check().checkConfiguredFields();
        bitrix24.setCheckFieldsAtStartup(false);
        writeback.setCommentField("UF_CRM_COMENT");
        check().checkConfiguredFields();

        verify(deals, never()).dealFields();
    }
}
