package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dealflow.bitrix24.DealGateway;
import io.dealflow.bitrix24.StageDirectory;
import org.junit.jupiter.api.Test;

/** The trigger stages the reconciliation looks for in the stage history: configured IDs plus named stages. */
class TriggerStageIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode stages(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void configuredIdsPlusEveryStageNamedWithThePrefixInAnyPipeline() throws Exception {
        DealGateway gateway = mock(DealGateway.class);
        when(gateway.listPipelineIds()).thenReturn(List.of(0, 1, 3));
        when(gateway.listStages(0)).thenReturn(stages("""
                [{"STATUS_ID": "NEW", "NAME": "Новая"}, {"STATUS_ID": "UC_SRV", "NAME": "сервисная служба (выезд)"}]"""));
        when(gateway.listStages(1)).thenReturn(stages("""
                [{"STATUS_ID": "C1:NEW", "NAME": "Новая"}, {"STATUS_ID": "C1:UC_SERVICE", "NAME": " Сервисная служба"}]"""));
        when(gateway.listStages(3)).thenReturn(stages("[{\"STATUS_ID\": \"C3:WON\", \"NAME\": \"Выполнено\"}]"));
        TriggerProperties properties = new TriggerProperties();
        properties.setStageIds(List.of("C5:UC_EXTRA"));
        properties.setStageNamePrefix("Сервисная служба");
        TriggerStageMatcher matcher = new TriggerStageMatcher(properties, new StageDirectory(gateway));

        assertThat(matcher.triggerStageIds()).containsExactly("C5:UC_EXTRA", "UC_SRV", "C1:UC_SERVICE");
        matcher.triggerStageIds();
        verify(gateway, times(1)).listPipelineIds();
        verify(gateway, times(1)).listStages(1);
    }

    @Test
    void withoutAPrefixOnlyTheConfiguredIdsAndNoPortalCall() {
        DealGateway gateway = mock(DealGateway.class);
        TriggerProperties properties = new TriggerProperties();
        properties.setStageIds(List.of("C1:UC_SERVICE"));
        TriggerStageMatcher matcher = new TriggerStageMatcher(properties, new StageDirectory(gateway));

        assertThat(matcher.triggerStageIds()).containsExactly("C1:UC_SERVICE");
        verify(gateway, times(0)).listPipelineIds();
    }
}
