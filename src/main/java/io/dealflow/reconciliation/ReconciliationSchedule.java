package io.dealflow.reconciliation;

import java.time.Duration;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The timer of processes/reconciliation.bpmn: {@code ${reconciliationSchedule.cycle}} is {@code R/<interval>}.
 * The timer is one job in the shared database, so one node runs each reconciliation, however many nodes there are.
 * With {@code dealflow.reconciliation.enabled=false} the timer is suspended at startup (and activated again when
 * it is switched back on).
 */
@Component("reconciliationSchedule")
public class ReconciliationSchedule {

    public static final String PROCESS_KEY = "reconciliation";
    private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);

    private final ReconciliationProperties properties;
    private final RepositoryService repositoryService;
    private final ManagementService managementService;

    public ReconciliationSchedule(ReconciliationProperties properties, RepositoryService repositoryService,
                                  ManagementService managementService) {
        this.properties = properties;
        this.repositoryService = repositoryService;
        this.managementService = managementService;
        Duration interval = properties.getInterval();
        if (interval == null || interval.isNegative() || interval.toSeconds() < 1) {
            throw new IllegalStateException("dealflow.reconciliation.interval must be at least 1s, got " + interval);
        }
        if (properties.getMaxPages() < 1) {
            throw new IllegalStateException("dealflow.reconciliation.max-pages must be at least 1");
        }
        if (properties.getHubexPageSize() < 1 || properties.getHubexPageSize() > 1000) {
            throw new IllegalStateException("dealflow.reconciliation.hubex-page-size must be between 1 and 1000");
        }
    }

    /** The timer cycle, e.g. R/PT5M: repeat forever, one interval apart. */
    public String getCycle() {
        return "R/" + properties.getInterval();
    }

    public boolean isEnabled() {
        return properties.isEnabled();
    }

    /** After ProcessDeployer (an ApplicationRunner) has deployed the process. */
    @EventListener(ApplicationReadyEvent.class)
    public void applyEnabled() {
        ProcessDefinition definition = repositoryService.createProcessDefinitionQuery()
                .processDefinitionKey(PROCESS_KEY).latestVersion().singleResult();
        if (definition == null) {
            return;
        }
        for (JobDefinition timer : managementService.createJobDefinitionQuery()
                .processDefinitionId(definition.getId()).list()) {
            if (!"timer-start-event".equals(timer.getJobType())) {
                continue;
            }
            if (properties.isEnabled() && timer.isSuspended()) {
                managementService.activateJobDefinitionById(timer.getId(), true);
            } else if (!properties.isEnabled() && !timer.isSuspended()) {
                managementService.suspendJobDefinitionById(timer.getId(), true);
            }
        }
        log.info(properties.isEnabled() ? "Reconciliation runs every {} (dealflow.reconciliation.interval)"
                : "Reconciliation is switched off (dealflow.reconciliation.enabled=false); interval {}",
                properties.getInterval());
    }
}
