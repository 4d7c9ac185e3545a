package io.dealflow.benchmark.noop;

import static io.dealflow.process.ProcessConstants.*;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dealflow.mapping.TaskDraft;
import io.dealflow.process.CycleRegistry;
import io.dealflow.process.TaskDraftVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The benchmark's baseline: under the profile {@value #PROFILE} every delegate of the deal service cycle is
 * replaced by a no-op bean of the same name that sets the variables the diagram needs, so the same BPMN runs with
 * the same jobs, variables and history, but without a single Bitrix24 or HubEx call. Throughput with the real
 * delegates divided by this one is the share of the work that is DealFlow's own (engine, inboxes, database).
 *
 * <p>Lives in the test sources only: the packaged jar does not contain it, so the profile does nothing in a
 * production installation. The benchmark puts just this package on a node's classpath. As a second guard, the
 * swap refuses to start unless Bitrix24 and HubEx are on this machine (the simulators).
 *
 * <p>The no-op HubEx task of a cycle has the deal's ID as its task ID: the benchmark then announces its
 * "completion" by calling {@code /webhooks/hubex} with that ID itself.
 */
@Configuration(proxyBeanMethods = false)
@Profile(NoopDelegates.PROFILE)
public class NoopDelegates {

    public static final String PROFILE = "benchmark-noop";

    /** Bean name of each delegate the diagrams use, and its no-op stand-in. */
    static final Map<String, Class<? extends JavaDelegate>> REPLACEMENTS = replacements();

    private static Map<String, Class<? extends JavaDelegate>> replacements() {
        Map<String, Class<? extends JavaDelegate>> map = new LinkedHashMap<>();
        map.put("loadDealDelegate", LoadDeal.class);
        map.put("createHubexTaskDelegate", CreateTask.class);
        map.put("updateDealDelegate", Nothing.class);
        map.put("addTimelineCommentDelegate", Nothing.class);
        map.put("readHubexTaskDelegate", ReadTask.class);
        map.put("readTaskResultDelegate", ReadResult.class);
        map.put("cancelHubexTaskDelegate", Nothing.class);
        return map;
    }

    @Bean
    static BeanDefinitionRegistryPostProcessor noopDelegateSwap(Environment environment) {
        requireLocal(environment, "dealflow.bitrix24.webhook-url");
        requireLocal(environment, "dealflow.hubex.base-url");
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                REPLACEMENTS.forEach((name, type) -> {
                    if (!registry.containsBeanDefinition(name)) {
                        throw new IllegalStateException("profile " + PROFILE + ": DealFlow has no bean '" + name
                                + "' to replace; the list of delegates in NoopDelegates is out of date");
                    }
                    registry.removeBeanDefinition(name);
                    RootBeanDefinition noop = new RootBeanDefinition(type);
                    noop.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
                    registry.registerBeanDefinition(name, noop);
                });
            }
        };
    }

    /** The no-op delegates must never run against a real portal or tenant. */
    static void requireLocal(Environment environment, String key) {
        String url = environment.getProperty(key, "");
        String host = url.isBlank() ? null : URI.create(url.trim()).getHost();
        boolean local;
        try {
            local = host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            local = false;
        }
        if (!local) {
            throw new IllegalStateException("The profile " + PROFILE + " replaces DealFlow's delegates with no-ops"
                    + " for the benchmark; it only runs against the simulators on this machine, but " + key
                    + " points elsewhere");
        }
    }

    /** The variables "Load deal" keeps, from the start variables instead of Bitrix24. */
    public static class LoadDeal implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            String dealId = (String) execution.getVariable(VAR_DEAL_ID);
            TaskDraftVariables.write(execution, TaskDraft.basic(dealId, "[b]Сделка #" + dealId + "[/b]",
                    "<b>Сделка #" + dealId + "</b>", "Ирина Петрова", "+79001234567", "i.petrova@example.ru"));
        }
    }

    /** Registers a task with the deal's ID, as the real creation does, and creates nothing. */
    public static class CreateTask implements JavaDelegate {
        private final CycleRegistry cycles;

        public CreateTask(CycleRegistry cycles) {
            this.cycles = cycles;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String dealId = (String) execution.getVariable(VAR_DEAL_ID);
            cycles.attachTask(execution.getProcessInstanceId(), Long.parseLong(dealId));
            execution.setVariable(VAR_HUBEX_TASK_ID, dealId);
            execution.setVariable(VAR_HUBEX_TASK_NUMBER, "N-" + dealId);
        }
    }

    /** Every task change is a completion. */
    public static class ReadTask implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(VAR_TASK_COMPLETED, true);
            execution.setVariable(VAR_TASK_CANCELLED, false);
            execution.setVariable(VAR_TASK_DELETED, false);
            execution.setVariable(VAR_TASK_STAGE, "Выполнена");
            execution.setVariable(VAR_TASK_DEADLINE, "2030-01-01T12:00:00Z");
            execution.setVariable(VAR_TASK_COMPLETED_AT, "2030-01-01T11:00:00Z");
            execution.setVariable(VAR_TASK_ACTUAL_COST, "1500");
            execution.setVariable(VAR_TASK_COST_CURRENCY, "RUB");
            execution.setVariable(VAR_EXECUTOR_NAME, "Техник");
        }
    }

    public static class ReadResult implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(VAR_TASK_COST, "1500");
            execution.setVariable(VAR_EXECUTOR_COMMENT, "Работы выполнены");
        }
    }

    public static class Nothing implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            // the call this stands for is what the baseline leaves out
        }
    }
}
