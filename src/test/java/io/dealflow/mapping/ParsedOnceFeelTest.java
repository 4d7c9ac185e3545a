package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.dealflow.bitrix24.DealGateway;
import io.dealflow.hubex.HubexClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The engine's decision tables run on the FEEL engine that parses each text once (ADR 0018). */
@SpringBootTest
@ActiveProfiles("test")
class ParsedOnceFeelTest {

    @Autowired ProcessEngine processEngine;
    @Autowired DmnTaskClassification classification;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @Test
    void classifiesDealsWithoutParsingTheTablesAgain() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        ParsedOnceFeelEngine feel = (ParsedOnceFeelEngine) configuration.getDmnEngineConfiguration().getFeelEngine();

        classifyDeals();
        long parsed = feel.parses();
        classifyDeals();

        assertThat(parsed).isPositive();
        assertThat(feel.parses()).isEqualTo(parsed);
    }

    private void classifyDeals() {
        assertThat(classification.kindOf(1, "C1:UC_SERVICE").taskTypeId()).isEqualTo(10);
        assertThat(classification.kindOf(0, "UC_SERVICE").taskTypeId()).isEqualTo(11);
        assertThat(classification.criticalityOf("55")).contains(3);
        assertThat(classification.criticalityOf("57")).contains(1);
    }
}
