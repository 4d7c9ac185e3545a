package io.dealflow.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.dealflow.inbox.TriggerProperties;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the analysts' folders - processes/ (BPMN, DMN) and forms/ (Camunda Forms) - as one deployment with fixed
 * resource names ("processes/deal-service-cycle.bpmn"), whether DealFlow runs from a jar or from target/classes.
 * Unchanged files create no new version. Runs before the job executor starts.
 */
@Component
public class ProcessDeployer implements ApplicationRunner {

    static final String DEPLOYMENT_NAME = "dealflow";
    private static final Logger log = LoggerFactory.getLogger(ProcessDeployer.class);
    private static final String[] PATTERNS = {"classpath*:processes/**/*.bpmn", "classpath*:processes/**/*.dmn",
            "classpath*:forms/**/*.form"};

    private final RepositoryService repositoryService;
    private final TriggerProperties trigger;

    public ProcessDeployer(RepositoryService repositoryService, TriggerProperties trigger) {
        this.repositoryService = repositoryService;
        this.trigger = trigger;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        DeploymentBuilder deployment = repositoryService.createDeployment()
                .name(DEPLOYMENT_NAME)
                .source("DealFlow")
                // false: when anything changed, deploy everything again, so that a BPMN and the forms it binds
                // with formRefBinding="deployment" always share one deployment
                .enableDuplicateFiltering(false);
        List<String> names = new ArrayList<>();
        for (String pattern : PATTERNS) {
            for (Resource resource : resolver.getResources(pattern)) {
                String name = resourceName(resource);
                try (InputStream in = resource.getInputStream()) {
                    deployment.addInputStream(name, new ByteArrayInputStream(in.readAllBytes()));
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("No BPMN found under processes/ - the build did not package it");
        }
        var result = deployment.deployWithResult();
        log.info("Deployed {} from processes/ and forms/ (deployment {})", names, result.getId());
        checkConfiguredProcesses();
    }

    /** A pipeline configured to run a process that does not exist would keep its deal events forever. */
    private void checkConfiguredProcesses() {
        trigger.getProcesses().forEach((pipeline, key) -> {
            if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).count() == 0) {
                throw new IllegalStateException("dealflow.trigger.processes." + pipeline + ": no process «" + key
                        + "» in processes/ (the process id of a .bpmn file)");
            }
        });
    }

    /** The path from the top-level folder on, e.g. processes/deal-service-cycle.bpmn. */
    static String resourceName(Resource resource) throws IOException {
        String url = resource.getURL().toString();
        for (String folder : new String[] {"/processes/", "/forms/"}) {
            int at = url.lastIndexOf(folder);
            if (at >= 0) {
                return url.substring(at + 1);
            }
        }
        throw new IllegalStateException("Unexpected resource location: " + resource.getFilename());
    }
}
