package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The conventions every diagram in processes/ keeps, so that analysts' edits stay operable. */
class ProcessModelRulesTest {

    static Stream<Path> diagrams() throws IOException {
        return Files.list(Path.of("processes")).filter(p -> p.toString().endsWith(".bpmn")).sorted();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void serviceTasksAreThinDelegatesBehindASavePointWithARetryCycle(Path diagram) {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        List<String> problems = new ArrayList<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            if (task.getCamundaDelegateExpression() == null || task.getCamundaClass() != null
                    || task.getCamundaExpression() != null) {
                problems.add(task.getId() + " must use camunda:delegateExpression only");
            }
            if (!task.isCamundaAsyncBefore()) {
                problems.add(task.getId() + " calls a remote system and needs asyncBefore (a save point)");
            }
            String cycle = task.getExtensionElements() == null ? null : task.getExtensionElements()
                    .getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list().stream()
                    .map(CamundaFailedJobRetryTimeCycle::getTextContent).findFirst().orElse(null);
            if (cycle == null || !cycle.trim().matches("\\$\\{retryProfile\\.(bitrix24|hubex)}")) {
                problems.add(task.getId() + " needs the retry profile of its system as failedJobRetryTimeCycle:"
                        + " ${retryProfile.bitrix24} or ${retryProfile.hubex}");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void processesKeepTheirHistoryForABoundedTime(Path diagram) {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        for (Process process : model.getModelElementsByType(Process.class)) {
            assertThat(process.getCamundaHistoryTimeToLiveString()).as(process.getId()).isNotBlank();
            assertThat(process.isExecutable()).as(process.getId()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void tasksAndEventsAreNamedAndDecisionsLabelled(Path diagram) {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        List<String> problems = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if ((node instanceof Activity || node instanceof Event) && isBlank(node.getName())) {
                problems.add(node.getId() + " has no name");
            }
        }
        for (ExclusiveGateway gateway : model.getModelElementsByType(ExclusiveGateway.class)) {
            if (gateway.getOutgoing().size() > 1) {
                for (SequenceFlow flow : gateway.getOutgoing()) {
                    if (isBlank(flow.getName())) {
                        problems.add(flow.getId() + " leaves decision " + gateway.getId() + " without a label");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void everyElementHasAShapeSoTheDiagramOpensInModeler(Path diagram) {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        List<String> drawn = model.getModelElementsByType(BpmnShape.class).stream()
                .map(shape -> shape.getBpmnElement().getId()).toList();
        List<String> undrawn = model.getModelElementsByType(FlowNode.class).stream()
                .map(FlowNode::getId).filter(id -> !drawn.contains(id)).toList();
        assertThat(undrawn).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void theHubexTaskAndTheWaitForItsChangesCommitTogether(Path diagram) {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        for (ServiceTask create : model.getModelElementsByType(ServiceTask.class)) {
            if (!"${createHubexTaskDelegate}".equals(create.getCamundaDelegateExpression())) {
                continue;
            }
            assertThat(create.isCamundaAsyncAfter()).as(create.getId() + " must not be asyncAfter").isFalse();
            assertThat(reachesWaitWithoutSavePoint(create)).as("from " + create.getId()
                    + " a path without async continuations must reach the receive task waiting for the task's"
                    + " changes, so that a completion cannot arrive before the wait exists").isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void everyUserTaskShowsAFormThatIsDeployedWithIt(Path diagram) throws IOException {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        List<String> problems = new ArrayList<>();
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            String formRef = task.getCamundaFormRef();
            if (formRef == null || !"deployment".equals(task.getCamundaFormRefBinding())) {
                problems.add(task.getId() + " needs camunda:formRef with camunda:formRefBinding=\"deployment\"");
                continue;
            }
            Path form = Path.of("forms", formRef + ".form");
            if (!Files.exists(form)) {
                problems.add(task.getId() + " shows form " + formRef + ", but " + form + " does not exist");
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(form.toFile());
            if (!formRef.equals(json.path("id").asText()) || !json.path("schemaVersion").isInt()
                    || !json.path("components").isArray()) {
                problems.add(form + " must have the id " + formRef + ", a schemaVersion and components");
            }
        }
        assertThat(problems).isEmpty();
    }

    private static boolean reachesWaitWithoutSavePoint(FlowNode start) {
        java.util.Deque<FlowNode> next = new java.util.ArrayDeque<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        start.getOutgoing().forEach(flow -> next.add(flow.getTarget()));
        while (!next.isEmpty()) {
            FlowNode node = next.poll();
            if (!seen.add(node.getId()) || node.isCamundaAsyncBefore()) {
                continue;
            }
            if (node instanceof org.camunda.bpm.model.bpmn.instance.ReceiveTask) {
                return true;
            }
            if (node instanceof SubProcess subProcess) {
                // entering an embedded subprocess starts its start event in the same transaction
                subProcess.getChildElementsByType(StartEvent.class).forEach(next::add);
            }
            if (!node.isCamundaAsyncAfter()) {
                node.getOutgoing().forEach(flow -> next.add(flow.getTarget()));
            }
        }
        return false;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
