package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * The element templates in processes/.camunda/element-templates/ (what analysts build diagrams from in Camunda
 * Modeler) stay in step with the delegates and with the diagrams: each names a delegate bean that exists, applies to
 * the element type it configures, and every templated element of processes/*.bpmn is one the template can produce.
 */
class ElementTemplatesTest {

    private static final Path TEMPLATES = Path.of("processes", ".camunda", "element-templates");
    private static final Path PROCESSES = Path.of("processes");
    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    private static final Pattern BEAN_EXPRESSION = Pattern.compile("\\$\\{([a-z][A-Za-z0-9]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Template(Path file, JsonNode json) {
        String id() { return json.path("id").asText(); }

        List<String> appliesTo() {
            List<String> types = new ArrayList<>();
            json.path("appliesTo").forEach(type -> types.add(type.asText()));
            return types;
        }

        List<JsonNode> properties() {
            List<JsonNode> properties = new ArrayList<>();
            json.path("properties").forEach(properties::add);
            return properties;
        }

        /** The value of the hidden camunda:delegateExpression property, or null. */
        String delegateExpression() {
            return properties().stream()
                    .filter(p -> isBinding(p, "property", "camunda:delegateExpression"))
                    .map(p -> p.path("value").asText(null)).findFirst().orElse(null);
        }

        boolean isFixed(JsonNode property) {
            return "Hidden".equals(property.path("type").asText()) || !property.path("editable").asBoolean(true);
        }

        @Override
        public String toString() { return id() + " (" + file.getFileName() + ")"; }
    }

    static List<Template> templates() throws IOException {
        List<Template> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = JSON.readTree(file.toFile());
                if (json.isArray()) {
                    json.forEach(t -> templates.add(new Template(file, t)));
                } else {
                    templates.add(new Template(file, json));
                }
            }
        }
        return templates;
    }

    static List<BpmnModelInstance> diagrams() throws IOException {
        try (Stream<Path> files = Files.list(PROCESSES)) {
            return files.filter(p -> p.toString().endsWith(".bpmn")).sorted()
                    .map(p -> Bpmn.readModelFromFile(p.toFile())).toList();
        }
    }

    @Test
    void templatesAreDescribedVersionedAndUnique() throws IOException {
        List<Template> templates = templates();
        assertThat(templates).as("templates in " + TEMPLATES).isNotEmpty();
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Template template : templates) {
            JsonNode json = template.json();
            for (String field : List.of("$schema", "name", "id", "description")) {
                if (json.path(field).asText("").isBlank()) {
                    problems.add(template + " has no " + field);
                }
            }
            if (!template.id().startsWith("io.dealflow.")) {
                problems.add(template + ": ids start with io.dealflow.");
            }
            if (!json.path("version").isInt() || json.path("version").asInt() < 1) {
                problems.add(template + " needs an integer version >= 1");
            }
            if (!ids.add(template.id() + "@" + json.path("version").asInt())) {
                problems.add(template + ": id and version used twice");
            }
            for (JsonNode property : template.properties()) {
                if (!template.isFixed(property) && property.path("label").asText("").isBlank()) {
                    problems.add(template + ": editable property " + property.path("binding") + " has no label");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void delegateExpressionsNameExistingDelegateComponents() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Template template : templates()) {
            if (!template.appliesTo().contains("bpmn:ServiceTask")) {
                continue;
            }
            JsonNode delegate = template.properties().stream()
                    .filter(p -> isBinding(p, "property", "camunda:delegateExpression")).findFirst().orElse(null);
            if (delegate == null || !template.isFixed(delegate)) {
                problems.add(template + " must fix camunda:delegateExpression in a Hidden property");
                continue;
            }
            Matcher bean = BEAN_EXPRESSION.matcher(delegate.path("value").asText(""));
            if (!bean.matches()) {
                problems.add(template + ": delegate expression " + delegate.path("value") + " is not ${beanName}");
                continue;
            }
            String beanName = bean.group(1);
            String className = "io.dealflow.process." + Character.toUpperCase(beanName.charAt(0)) + beanName.substring(1);
            Class<?> type;
            try {
                type = Class.forName(className, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                problems.add(template + ": no delegate class " + className + " for ${" + beanName + "}");
                continue;
            }
            Component component = type.getAnnotation(Component.class);
            if (component == null) {
                problems.add(template + ": " + className + " is not a @Component");
            } else {
                String registeredAs = component.value().isEmpty()
                        ? Introspector.decapitalize(type.getSimpleName()) : component.value();
                if (!registeredAs.equals(beanName)) {
                    problems.add(template + ": " + className + " is the bean '" + registeredAs + "', not '"
                            + beanName + "'");
                }
            }
            if (!JavaDelegate.class.isAssignableFrom(type)) {
                problems.add(template + ": " + className + " is not a JavaDelegate");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void templatesApplyToTheElementTypeTheyConfigure() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Template template : templates()) {
            List<String> appliesTo = template.appliesTo();
            String elementType = template.json().path("elementType").path("value").asText(null);
            if (template.delegateExpression() != null) {
                if (!appliesTo.equals(List.of("bpmn:ServiceTask"))) {
                    problems.add(template + " sets a delegate and must apply to [bpmn:ServiceTask], not " + appliesTo);
                }
                if (!isFixedTrue(template, "camunda:asyncBefore")) {
                    problems.add(template + " must fix camunda:asyncBefore = true (a save point before the call)");
                }
            } else if (template.json().path("metadata").has("messageName")) {
                if (!appliesTo.equals(List.of("bpmn:ReceiveTask"))) {
                    problems.add(template + " waits for a message and must apply to [bpmn:ReceiveTask], not "
                            + appliesTo);
                }
            } else {
                problems.add(template + " neither sets a delegate nor names the message it waits for "
                        + "(metadata.messageName)");
            }
            if (elementType != null && !appliesTo.contains(elementType)) {
                problems.add(template + ": elementType " + elementType + " is not in appliesTo " + appliesTo);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theWaitTemplateWaitsForTheMessageTheCorrelatorSends() throws IOException {
        List<String> messages = templates().stream()
                .map(t -> t.json().path("metadata").path("messageName").asText(null))
                .filter(m -> m != null).toList();
        assertThat(messages).contains(ProcessConstants.MESSAGE_TASK_CHANGED);
    }

    @Test
    void everyDelegateUsedInADiagramHasATemplate() throws IOException {
        Set<String> templated = new HashSet<>();
        templates().forEach(t -> templated.add(t.delegateExpression()));
        List<String> problems = new ArrayList<>();
        for (BpmnModelInstance diagram : diagrams()) {
            for (ServiceTask task : diagram.getModelElementsByType(ServiceTask.class)) {
                if (!templated.contains(task.getCamundaDelegateExpression())) {
                    problems.add(task.getId() + " uses " + task.getCamundaDelegateExpression()
                            + ", for which no element template exists in " + TEMPLATES);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTemplatedElementInTheDiagramsCouldBeProducedByItsTemplate() throws IOException {
        List<Template> templates = templates();
        Map<String, Template> byDelegate = new HashMap<>();
        Map<String, Template> byMessage = new HashMap<>();
        Map<String, Template> byId = new HashMap<>();
        for (Template template : templates) {
            byId.put(template.id(), template);
            if (template.delegateExpression() != null) {
                byDelegate.put(template.delegateExpression(), template);
            }
            String message = template.json().path("metadata").path("messageName").asText(null);
            if (message != null) {
                byMessage.put(message, template);
            }
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (BpmnModelInstance diagram : diagrams()) {
            for (FlowNode node : diagram.getModelElementsByType(FlowNode.class)) {
                String linked = node.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate");
                Template template = null;
                if (linked != null && linked.startsWith("io.dealflow.")) {
                    template = byId.get(linked);
                    if (template == null) {
                        problems.add(node.getId() + " is linked to the unknown template " + linked);
                        continue;
                    }
                } else if (node instanceof ServiceTask task) {
                    template = byDelegate.get(task.getCamundaDelegateExpression());
                } else if (node instanceof ReceiveTask task && task.getMessage() != null) {
                    template = byMessage.get(task.getMessage().getName());
                }
                if (template != null) {
                    checked++;
                    problems.addAll(differences(node, template));
                }
            }
        }
        assertThat(checked).as("templated elements in processes/*.bpmn").isPositive();
        assertThat(problems).isEmpty();
    }

    /** Why the element is not one the template produces (empty when it is). */
    private static List<String> differences(FlowNode node, Template template) {
        List<String> problems = new ArrayList<>();
        String element = node.getId() + " (template " + template + ")";
        String xmlName = node.getElementType().getTypeName();
        String type = "bpmn:" + Character.toUpperCase(xmlName.charAt(0)) + xmlName.substring(1);
        if (!template.appliesTo().contains(type)) {
            problems.add(element + " is a " + type + "; the template applies to " + template.appliesTo());
        }
        String linkedVersion = node.getAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion");
        if (linkedVersion != null && Integer.parseInt(linkedVersion) > template.json().path("version").asInt()) {
            problems.add(element + " is linked to template version " + linkedVersion + ", newer than the file's");
        }
        String message = template.json().path("metadata").path("messageName").asText(null);
        if (message != null && (!(node instanceof ReceiveTask task) || task.getMessage() == null
                || !message.equals(task.getMessage().getName()))) {
            problems.add(element + " must wait for the message named " + message);
        }
        Map<String, CamundaInputParameter> inputs = inputParameters(node);
        Set<String> templateInputs = new HashSet<>();
        for (JsonNode property : template.properties()) {
            JsonNode binding = property.path("binding");
            String name = binding.path("name").asText();
            boolean notEmpty = property.path("constraints").path("notEmpty").asBoolean(false);
            switch (binding.path("type").asText()) {
                case "property" -> {
                    String actual = attribute(node, name);
                    JsonNode expected = property.path("value");
                    if (template.isFixed(property) && !sameValue(expected, actual)) {
                        problems.add(element + ": " + name + " is " + (actual == null ? "not set" : actual)
                                + ", the template fixes it to " + expected);
                    }
                    if (notEmpty && (actual == null || actual.isBlank())) {
                        problems.add(element + ": " + name + " must not be empty");
                    }
                }
                case "camunda:inputParameter" -> {
                    templateInputs.add(name);
                    CamundaInputParameter input = inputs.get(name);
                    String actual = input == null ? null : input.getTextContent().trim();
                    if (input != null && !input.getDomElement().getChildElements().isEmpty()) {
                        problems.add(element + ": input " + name + " must be a text or expression, not a "
                                + "script, list or map");
                    }
                    if (template.isFixed(property) && !sameValue(property.path("value"), actual)) {
                        problems.add(element + ": input " + name + " is " + (actual == null ? "not set" : actual)
                                + ", the template fixes it to " + property.path("value"));
                    }
                    if (notEmpty && (actual == null || actual.isEmpty())) {
                        problems.add(element + ": input " + name + " must not be empty");
                    }
                }
                default -> problems.add(element + ": the test does not know the binding " + binding);
            }
        }
        for (String name : inputs.keySet()) {
            if (!templateInputs.contains(name)) {
                problems.add(element + ": input " + name + " is not one of the template's " + templateInputs);
            }
        }
        return problems;
    }

    private static boolean isBinding(JsonNode property, String type, String name) {
        JsonNode binding = property.path("binding");
        return type.equals(binding.path("type").asText()) && name.equals(binding.path("name").asText());
    }

    private static boolean isFixedTrue(Template template, String attribute) {
        return template.properties().stream().anyMatch(p -> isBinding(p, "property", attribute)
                && template.isFixed(p) && p.path("value").isBoolean() && p.path("value").asBoolean());
    }

    /** A template value against an XML attribute; an absent boolean attribute is false. */
    private static boolean sameValue(JsonNode expected, String actual) {
        if (expected.isBoolean()) {
            return expected.asBoolean() == Boolean.parseBoolean(actual);
        }
        return expected.isMissingNode() ? actual == null || actual.isEmpty() : expected.asText().equals(actual);
    }

    /** "name" or "camunda:asyncBefore" as the template's property binding names it. */
    private static String attribute(BaseElement element, String name) {
        if (name.startsWith("camunda:")) {
            return element.getAttributeValueNs(CAMUNDA_NS, name.substring("camunda:".length()));
        }
        return element.getAttributeValue(name);
    }

    private static Map<String, CamundaInputParameter> inputParameters(BaseElement element) {
        Map<String, CamundaInputParameter> inputs = new HashMap<>();
        ExtensionElements extensions = element.getExtensionElements();
        if (extensions != null) {
            extensions.getElementsQuery().filterByType(CamundaInputOutput.class).list()
                    .forEach(io -> io.getCamundaInputParameters()
                            .forEach(p -> inputs.put(p.getCamundaName(), p)));
        }
        return inputs;
    }
}
