package io.dealflow.process;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.delegate.DefaultDelegateInterceptor;
import org.springframework.stereotype.Component;

/**
 * Log context and business-step lines for every process ({@link ProcessLogContext}, {@link BusinessStepLog}).
 * The pattern in application.yml ({@code logging.pattern.correlation}) prints the context.
 */
@Component
public class ProcessLogging extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        // Camunda's own context: off by default for the business key, which costs a look-up
        configuration.setLoggingContextBusinessKey(ProcessLogContext.DEAL_ID);
        configuration.setLoggingContextProcessInstanceId(ProcessLogContext.PROCESS_INSTANCE_ID);
        configuration.setDelegateInterceptor(new ProcessLogContext(configuration.getDelegateInterceptor() != null
                ? configuration.getDelegateInterceptor() : new DefaultDelegateInterceptor()));
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new BusinessStepLog());
        configuration.setCustomPostBPMNParseListeners(listeners);
    }
}
