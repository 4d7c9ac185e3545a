package io.dealflow.process;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * What a cycle does at the edges of a deal's life ({@code dealflow.lifecycle.*}). Referenced from the BPMN as
 * {@code ${leftStagePolicy.value}}: the policy for a deal that is deleted, lost or leaves the service stage while
 * the cycle waits for its HubEx task.
 */
@Component("leftStagePolicy")
@ConfigurationProperties(prefix = "dealflow.lifecycle")
public class LifecycleProperties {

    /** {@code cancel-task}: move the HubEx task to dealflow.hubex.cancel-stage-id; {@code operator}: ask in Tasklist. */
    public enum DealLeftStage {
        CANCEL_TASK, OPERATOR;

        /** The value the diagrams compare with: {@code cancel-task} or {@code operator}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private DealLeftStage dealLeftStage = DealLeftStage.CANCEL_TASK;

    public DealLeftStage getDealLeftStage() { return dealLeftStage; }
    public void setDealLeftStage(DealLeftStage dealLeftStage) { this.dealLeftStage = dealLeftStage; }

    /** {@code cancel-task} or {@code operator}, for {@code ${leftStagePolicy.value}} in the diagrams. */
    public String getValue() {
        return dealLeftStage.value();
    }
}
