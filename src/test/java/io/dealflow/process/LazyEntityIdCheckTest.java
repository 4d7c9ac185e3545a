package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import io.dealflow.bitrix24.DealGateway;
import io.dealflow.hubex.HubexClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricVariableInstanceEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The running engine checks inserted ids without writing the entity into a string first (ADR 0019). */
@SpringBootTest
@ActiveProfiles("test")
class LazyEntityIdCheckTest {

    @Autowired ProcessEngine processEngine;
    @MockitoBean DealGateway deals;
    @MockitoBean HubexClient hubex;

    @Test
    void insertsWithoutDescribingTheEntity() {
        DescribedEntity entity = new DescribedEntity();

        DbEntityManager manager = inRolledBackCommand(context -> {
            context.getDbEntityManager().insert(entity);
            return context.getDbEntityManager();
        });

        assertThat(manager).isInstanceOf(LazyEntityIdCheck.Manager.class);
        assertThat(entity.getId()).as("the engine's id generator still gives the id").isNotBlank();
        assertThat(entity.descriptions.get()).isZero();
    }

    @Test
    void refusesTheReservedIdWithTheEnginesOwnError() {
        DescribedEntity entity = new DescribedEntity();
        entity.setId("*");

        assertThatThrownBy(() -> inRolledBackCommand(context -> {
            context.getDbEntityManager().insert(entity);
            return null;
        })).isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Entity described entity has an invalid id")
                .hasMessageContaining("cannot be *");
        assertThat(entity.descriptions.get()).isEqualTo(1);
    }

    /** Runs the command in a transaction that is rolled back, so that nothing it inserted is written. */
    private <T> T inRolledBackCommand(Command<T> command) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        Object[] result = new Object[1];
        try {
            configuration.getCommandExecutorTxRequired().execute(context -> {
                result[0] = command.execute(context);
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            @SuppressWarnings("unchecked")
            T value = (T) result[0];
            return value;
        }
        throw new AssertionError("the command was not rolled back");
    }

    private static final class RolledBack extends RuntimeException {
    }

    /** A history row whose description is counted: the engine's check wrote it for every insert. */
    private static final class DescribedEntity extends HistoricVariableInstanceEntity {

        final AtomicInteger descriptions = new AtomicInteger();

        @Override
        public String toString() {
            descriptions.incrementAndGet();
            return "described entity";
        }
    }
}
