package io.dealflow.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dealflow.metrics.DealFlowMetrics;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Counts how service cycles end, for every process - also those analysts model later - without touching the
 * BPMN: a cycle is a process instance with a business key (the deal ID; the reconciliation has none).
 *
 * <ul>
 *   <li>An instance that ends on its own path (an end event) is heard by an end listener added to every process
 *   definition at parse time: {@code dealflow.cycles.completed} when its HubEx task was completed
 *   ({@code hubexTaskCompleted}), with the time from that change reaching DealFlow to the end
 *   ({@code dealflow.latency.completion.to.deal}); otherwise {@code dealflow.cycles.cancelled} with the end event's
 *   ID as the reason.</li>
 *   <li>An instance an operator deletes (Cockpit's Cancel, REST) may skip custom listeners, so it is heard from
 *   the history event instead: {@code dealflow.cycles.cancelled{reason=deleted}}.</li>
 * </ul>
 *
 * The plugin is a Spring bean: Camunda's starter applies every ProcessEnginePlugin bean.
 */
@Component
public class CycleEndMetrics extends AbstractProcessEnginePlugin {

    static final String DELETED = "deleted";

    private final DealFlowMetrics metrics;
    private final CycleRegistry cycles;

    public CycleEndMetrics(DealFlowMetrics metrics, CycleRegistry cycles) {
        this.metrics = metrics;
        this.cycles = cycles;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> parseListeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        parseListeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                processDefinition.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) this::ended);
            }

            private void ended(DelegateExecution execution) {
                onEnd(execution);
            }
        });
        configuration.setCustomPostBPMNParseListeners(parseListeners);

        List<HistoryEventHandler> historyHandlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        historyHandlers.add(new HistoryEventHandler() {
            @Override
            public void handleEvent(HistoryEvent event) {
                onHistoryEvent(event);
            }

            @Override
            public void handleEvents(List<HistoryEvent> events) {
                events.forEach(this::handleEvent);
            }
        });
        configuration.setCustomHistoryEventHandlers(historyHandlers);
    }

    /** The process instance left its last activity on its own path (or was deleted with listeners on). */
    void onEnd(DelegateExecution execution) {
        if (execution.getProcessBusinessKey() == null || execution.isCanceled()) {
            return; // not a cycle, or a deletion: counted from the history event
        }
        String process = keyOf(execution.getProcessDefinitionId());
        if (Boolean.TRUE.equals(execution.getVariable(ProcessConstants.VAR_TASK_COMPLETED))) {
            metrics.cycleCompleted(process);
            cycles.taskEventReceivedAt(execution.getProcessInstanceId()).ifPresent(receivedAt ->
                    metrics.completionToDealUpdated(Duration.between(receivedAt, Instant.now())));
        } else {
            String endEvent = execution.getCurrentActivityId();
            metrics.cycleCancelled(process, endEvent == null ? "ended" : endEvent);
        }
    }

    /** The end of an instance that reached no end event: it was deleted. */
    void onHistoryEvent(HistoryEvent event) {
        if (event instanceof HistoricProcessInstanceEventEntity instance
                && HistoryEventTypes.PROCESS_INSTANCE_END.getEventName().equals(event.getEventType())
                && instance.getBusinessKey() != null
                && !HistoricProcessInstance.STATE_COMPLETED.equals(instance.getState())
                && instance.getEndActivityId() == null) {
            // deleted from outside: no end event reached (the engine reports it INTERNALLY_TERMINATED here)
            metrics.cycleCancelled(instance.getProcessDefinitionKey(), DELETED);
        }
    }

    /** {@code deal-service-cycle:3:abc} → {@code deal-service-cycle}. */
    static String keyOf(String processDefinitionId) {
        int colon = processDefinitionId == null ? -1 : processDefinitionId.indexOf(':');
        return colon < 0 ? String.valueOf(processDefinitionId) : processDefinitionId.substring(0, colon);
    }
}
