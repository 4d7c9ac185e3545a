package io.dealflow.benchmark.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dealflow.process.AddTimelineCommentDelegate;
import io.dealflow.process.CancelHubexTaskDelegate;
import io.dealflow.process.CreateHubexTaskDelegate;
import io.dealflow.process.CycleRegistry;
import io.dealflow.process.LoadDealDelegate;
import io.dealflow.process.ReadHubexTaskDelegate;
import io.dealflow.process.ReadTaskResultDelegate;
import io.dealflow.process.UpdateDealDelegate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

class NoopDelegatesTest {

    private static MockEnvironment environment(String bitrix24, String hubex) {
        return new MockEnvironment().withProperty("dealflow.bitrix24.webhook-url", bitrix24)
                .withProperty("dealflow.hubex.base-url", hubex);
    }

    private static final MockEnvironment LOCAL = environment("http://127.0.0.1:8090/sandbox/bitrix24/rest/1/s/",
            "http://localhost:8090/sandbox/hubex/fsm");

    @Test
    void replacesEveryDelegateOfTheServiceCycleUnderItsOwnName() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            // the real delegates' definitions, as component scanning registers them (never instantiated here)
            context.registerBeanDefinition("loadDealDelegate", lazy(LoadDealDelegate.class));
            context.registerBeanDefinition("createHubexTaskDelegate", lazy(CreateHubexTaskDelegate.class));
            context.registerBeanDefinition("updateDealDelegate", lazy(UpdateDealDelegate.class));
            context.registerBeanDefinition("addTimelineCommentDelegate", lazy(AddTimelineCommentDelegate.class));
            context.registerBeanDefinition("readHubexTaskDelegate", lazy(ReadHubexTaskDelegate.class));
            context.registerBeanDefinition("readTaskResultDelegate", lazy(ReadTaskResultDelegate.class));
            context.registerBeanDefinition("cancelHubexTaskDelegate", lazy(CancelHubexTaskDelegate.class));
            context.registerBean(CycleRegistry.class, () -> new CycleRegistry(new JdbcTemplate()));
            context.addBeanFactoryPostProcessor(NoopDelegates.noopDelegateSwap(LOCAL));
            context.refresh();

            assertThat(context.getBean("loadDealDelegate")).isInstanceOf(NoopDelegates.LoadDeal.class);
            assertThat(context.getBean("createHubexTaskDelegate")).isInstanceOf(NoopDelegates.CreateTask.class);
            assertThat(context.getBean("updateDealDelegate")).isInstanceOf(NoopDelegates.Nothing.class);
            assertThat(context.getBean("addTimelineCommentDelegate")).isInstanceOf(NoopDelegates.Nothing.class);
            assertThat(context.getBean("readHubexTaskDelegate")).isInstanceOf(NoopDelegates.ReadTask.class);
            assertThat(context.getBean("readTaskResultDelegate")).isInstanceOf(NoopDelegates.ReadResult.class);
            assertThat(context.getBean("cancelHubexTaskDelegate")).isInstanceOf(NoopDelegates.Nothing.class);
        }
    }

    @Test
    void aDelegateThatNoLongerExistsIsReportedNotSkipped() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBeanDefinition("loadDealDelegate", lazy(LoadDealDelegate.class));
            context.addBeanFactoryPostProcessor(NoopDelegates.noopDelegateSwap(LOCAL));
            assertThatThrownBy(context::refresh).hasMessageContaining("createHubexTaskDelegate")
                    .hasMessageContaining("out of date");
        }
    }

    @Test
    void refusesToRunAgainstAnythingButThisMachine() {
        assertThatThrownBy(() -> NoopDelegates.noopDelegateSwap(environment(
                "https://b24-abc.bitrix24.ru/rest/1/secret/", "http://localhost:8090/sandbox/hubex/fsm")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dealflow.bitrix24.webhook-url").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> NoopDelegates.noopDelegateSwap(environment(
                "http://127.0.0.1:8090/sandbox/bitrix24/rest/1/s/", "https://api.hubex.ru/fsm")))
                .hasMessageContaining("dealflow.hubex.base-url");
        assertThatThrownBy(() -> NoopDelegates.noopDelegateSwap(environment("", "")))
                .hasMessageContaining("dealflow.bitrix24.webhook-url");
        assertThat(NoopDelegates.noopDelegateSwap(LOCAL)).isNotNull();
    }

    private static RootBeanDefinition lazy(Class<?> type) {
        RootBeanDefinition definition = new RootBeanDefinition(type);
        definition.setLazyInit(true);
        return definition;
    }
}
