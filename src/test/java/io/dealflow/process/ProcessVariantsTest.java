package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * deal-service-with-approval.bpmn is deal-service-cycle.bpmn with a manager's approval inserted after the deal is
 * loaded. Both are edited by hand in Modeler; this keeps them in step: every step of the main flow is in the
 * approval flow, configured identically, and the approval flow adds only the approval. Layout (DI) may differ.
 */
class ProcessVariantsTest {

    private static final Path MAIN = Path.of("processes", "deal-service-cycle.bpmn");
    private static final Path APPROVAL = Path.of("processes", "deal-service-with-approval.bpmn");
    private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /** The elements the approval is wired in with: they may connect to different flows. */
    private static final Set<String> REWIRED = Set.of("Task_LoadDeal", "Task_CreateHubexTask",
            "Flow_LeftWhileFixing", "Gateway_EarlyLeftDealExists");
    /** Replaced by the approval. */
    private static final Set<String> MAIN_ONLY = Set.of("Flow_ToCreateTask");
    private static final Set<String> APPROVAL_ONLY = Set.of("Task_ApproveVisit", "BoundaryEvent_LeftWhileApproving",
            "Gateway_Approved", "Task_AddRejectionComment", "EndEvent_VisitRejected", "Gateway_EarlyLeftJoin",
            "Flow_ToApproval", "Flow_ToApprovalDecision", "Flow_Approved", "Flow_Rejected", "Flow_ToRejected",
            "Flow_LeftWhileApproving", "Flow_ToEarlyLeftDealExists");

    @Test
    void theApprovalFlowIsTheMainFlowWithTheApprovalInserted() throws Exception {
        Map<String, String> main = flowElements(MAIN);
        Map<String, String> approval = flowElements(APPROVAL);

        List<String> problems = new ArrayList<>();
        main.forEach((id, xml) -> {
            if (MAIN_ONLY.contains(id)) {
                if (approval.containsKey(id)) {
                    problems.add(id + " is replaced by the approval and must not be in " + APPROVAL);
                }
            } else if (!approval.containsKey(id)) {
                problems.add(id + " is missing in " + APPROVAL);
            } else if (!unwired(id, xml).equals(unwired(id, approval.get(id)))) {
                problems.add(id + " differs: " + MAIN + " has\n  " + xml + "\n" + APPROVAL + " has\n  "
                        + approval.get(id));
            }
        });
        approval.keySet().stream().filter(id -> !main.containsKey(id) && !APPROVAL_ONLY.contains(id))
                .forEach(id -> problems.add(id + " is only in " + APPROVAL + ": add it to " + MAIN
                        + " too, or to APPROVAL_ONLY here if it belongs to the approval"));
        assertThat(problems).isEmpty();
        assertThat(main).as("flow elements read").hasSizeGreaterThan(50);
    }

    /** For the elements the approval is wired in with, their flows are left out of the comparison. */
    private static String unwired(String id, String xml) {
        return REWIRED.contains(id)
                ? xml.replaceAll("<incoming>[^<]*</incoming>|<outgoing>[^<]*</outgoing>", "")
                        .replaceAll(" (sourceRef|targetRef|attachedToRef)=\"[^\"]*\"", "")
                : xml;
    }

    /** Every flow element of the process, its subprocesses' included, in a canonical text form keyed by ID. */
    private static Map<String, String> flowElements(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element definitions = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        Element process = (Element) definitions.getElementsByTagNameNS(BPMN_NS, "process").item(0);
        Map<String, String> elements = new LinkedHashMap<>();
        collect(process, elements);
        return elements;
    }

    private static void collect(Element container, Map<String, String> elements) {
        for (Node child = container.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.hasAttribute("id")) {
                elements.put(element.getAttribute("id"), canonical(element));
                if ("subProcess".equals(element.getLocalName())) {
                    collect(element, elements);
                }
            }
        }
    }

    /** Tag, sorted attributes and children; a subprocess without the elements it contains (compared one by one). */
    private static String canonical(Element element) {
        StringBuilder out = new StringBuilder("<").append(element.getLocalName());
        NamedNodeMap attributes = element.getAttributes();
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (!attribute.getNodeName().startsWith("xmlns")) {
                sorted.put(attribute.getNodeName(), attribute.getNodeValue());
            }
        }
        sorted.forEach((name, value) -> out.append(' ').append(name).append("=\"").append(value).append('"'));
        out.append('>');
        boolean subProcess = "subProcess".equals(element.getLocalName());
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                boolean contained = subProcess && nested.hasAttribute("id");
                if (!contained) {
                    out.append(canonical(nested));
                }
            } else if (child.getNodeType() == Node.TEXT_NODE && !child.getNodeValue().isBlank()) {
                out.append(child.getNodeValue().strip());
            }
        }
        return out.append("</").append(element.getLocalName()).append('>').toString();
    }
}
