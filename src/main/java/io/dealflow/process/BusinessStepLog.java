package io.dealflow.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per business step of every deployed process, named as the diagram names it: {@code Step "Create
 * HubEx task" done}, {@code Waiting in Tasklist: "Fix the deal"}, {@code Event "Deal incomplete"}, {@code Ended at
 * "Service cycle completed"}. Added to every diagram when it is deployed, so that a step an analyst adds in
 * Modeler is logged too. With the MDC of {@link ProcessLogContext} every line names the deal, the process instance
 * and the HubEx task. Steps of processes without a business key (the reconciliation timer, every few minutes) are
 * logged at DEBUG.
 */
public class BusinessStepLog extends AbstractBpmnParseListener {

    private static final Logger log = LoggerFactory.getLogger(BusinessStepLog.class);

    private enum Kind {
        STARTED("Started: \"{}\""), DONE("Step \"{}\" done"), WAITING("Waiting in Tasklist: \"{}\""),
        OPERATOR_DONE("Done in Tasklist: \"{}\""), RECEIVED("Received: \"{}\""), EVENT("Event \"{}\""),
        ENDED("Ended at \"{}\"");

        private final String format;

        Kind(String format) {
            this.format = format;
        }
    }

    private static ExecutionListener listener(Kind kind) {
        return execution -> write(kind, execution);
    }

    private static void write(Kind kind, DelegateExecution execution) {
        try (ProcessLogContext.MdcEntry ignored = ProcessLogContext.hubexTaskOf(execution)) {
            String name = execution.getCurrentActivityName() != null ? execution.getCurrentActivityName()
                    : execution.getCurrentActivityId();
            if (execution.getProcessBusinessKey() != null) {
                log.info(kind.format, name);
            } else {
                log.debug(kind.format, name);
            }
        } catch (RuntimeException e) {
            // a log line must never fail a step
        }
    }

    private static void on(ActivityImpl activity, String event, Kind kind) {
        activity.addListener(event, listener(kind));
    }

    @Override
    public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.STARTED);
    }

    @Override
    public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.DONE);
    }

    @Override
    public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.DONE);
    }

    @Override
    public void parseScriptTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.DONE);
    }

    @Override
    public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.DONE);
    }

    @Override
    public void parseTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.DONE);
    }

    @Override
    public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.DONE);
    }

    @Override
    public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_START, Kind.WAITING);
        on(activity, ExecutionListener.EVENTNAME_END, Kind.OPERATOR_DONE);
    }

    @Override
    public void parseReceiveTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.RECEIVED);
    }

    @Override
    public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.RECEIVED);
    }

    @Override
    public void parseBoundaryEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_END, Kind.EVENT);
    }

    @Override
    public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        on(activity, ExecutionListener.EVENTNAME_START, Kind.ENDED);
    }
}
