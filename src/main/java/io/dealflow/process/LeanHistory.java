package io.dealflow.process;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * History level {@code full} without its two routine streams ({@code dealflow.history.lean}, ADR 0014): the job
 * log's entries for every job created and every job run that succeeded, and the details of each variable value the
 * engine's own steps wrote. They repeat what the activity history and the variables' latest values already show.
 * Everything an operator looks back at stays: failed job runs with their stack traces, incidents, the user
 * operation log, decision evaluations, every activity and variable, and the details of values people changed
 * (Tasklist forms, Cockpit, REST).
 */
@Component
public class LeanHistory extends AbstractProcessEnginePlugin {

    private final boolean lean;

    public LeanHistory(@Value("${dealflow.history.lean:true}") boolean lean) {
        this.lean = lean;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (!lean) {
            return;
        }
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new LeanDbHistoryEventHandler());
        configuration.setCustomHistoryEventHandlers(handlers);
        configuration.setEnableDefaultDbHistoryEventHandler(false);
    }

    /** The engine's own writer of history, minus the routine entries. */
    static final class LeanDbHistoryEventHandler extends DbHistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (isRoutineJobLogEntry(event)) {
                return;
            }
            super.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }

        @Override
        protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity update) {
            return super.shouldWriteHistoricDetail(update) && changedByPerson();
        }

        static boolean isRoutineJobLogEntry(HistoryEvent event) {
            return event instanceof HistoricJobLogEvent entry && (entry.isCreationLog() || entry.isSuccessLog());
        }

        /** Jobs, the event dispatcher and the engine's own work run without an authenticated user. */
        private static boolean changedByPerson() {
            CommandContext command = Context.getCommandContext();
            return command != null && command.getAuthenticatedUserId() != null;
        }
    }
}
