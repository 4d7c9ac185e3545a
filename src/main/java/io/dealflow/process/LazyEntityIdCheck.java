package io.dealflow.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine's entity manager with the same check of every inserted row's id, but the error's text built only when
 * the check fails (ADR 0019). Camunda's {@code DbEntityManager.validateId} writes the whole entity into a string
 * ({@code "Entity " + entity + " has an invalid id"}) for each insert, before it knows whether the id is wrong; for
 * the history rows of variables that text holds their values. It was 7 % of the job threads' samples in a flight
 * recording of real cycles, 3 % in one of no-op cycles. An id is null or {@code *} only by a bug, and then the
 * engine's own check runs and throws its own exception.
 */
@Component
public class LazyEntityIdCheck extends AbstractProcessEnginePlugin {

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // replaces the factory the engine registered under the same session type in its init()
        configuration.getSessionFactories().put(DbEntityManager.class, new Factory(configuration.getIdGenerator()));
    }

    static final class Factory extends DbEntityManagerFactory {

        Factory(IdGenerator idGenerator) {
            super(idGenerator);
        }

        @Override
        public DbEntityManager openSession() {
            return new Manager(idGenerator, Context.getCommandContext().getSession(PersistenceSession.class));
        }
    }

    static final class Manager extends DbEntityManager {

        Manager(IdGenerator idGenerator, PersistenceSession persistenceSession) {
            super(idGenerator, persistenceSession);
        }

        @Override
        protected void validateId(DbEntity entity) {
            String id = entity.getId();
            if (id == null || "*".equals(id)) {
                super.validateId(entity);
            }
        }
    }
}
