package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultJobConfiguration.JobConfiguration;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor's threads as application.yml configures them, built the way the Camunda starter builds them.
 * A job mostly waits for an HTTP answer in its thread, so a job that waits in the pool's queue behind busy threads
 * waits for other jobs' round trips; that wait was the tail of event -> task created on a loaded machine (ADR 0027).
 */
class JobThreadsTest {

    @Test
    void aJobGetsAThreadAtOnceWhileFewerThanTheMostJobsRun() throws Exception {
        CamundaBpmProperties properties = applicationYml(Map.of());

        assertThat(properties.getJobExecution().getMaxPoolSize()).isEqualTo(40);
        assertAllRunAtOnce(properties);
    }

    @Test
    void anAdministratorWhoLowersTheMostThreadsLowersTheCoreWithIt() throws Exception {
        // a core above the maximum would stop the start with the pool's IllegalArgumentException
        CamundaBpmProperties properties = applicationYml(Map.of("camunda.bpm.job-execution.max-pool-size", "12"));

        assertThat(properties.getJobExecution().getCorePoolSize()).isEqualTo(12);
        assertAllRunAtOnce(properties);
    }

    private static void assertAllRunAtOnce(CamundaBpmProperties properties) throws InterruptedException {
        int threads = properties.getJobExecution().getMaxPoolSize();
        ThreadPoolTaskExecutor executor = (ThreadPoolTaskExecutor) JobConfiguration.camundaTaskExecutor(properties);
        executor.initialize();
        CountDownLatch running = new CountDownLatch(threads);
        CountDownLatch answered = new CountDownLatch(1);
        try {
            for (int job = 0; job < threads; job++) {
                executor.execute(() -> {
                    running.countDown();
                    awaitQuietly(answered);
                });
            }

            assertThat(running.await(5, TimeUnit.SECONDS))
                    .as("%d jobs waiting for their answers all run; still queued: %d", threads,
                            executor.getThreadPoolExecutor().getQueue().size())
                    .isTrue();
        } finally {
            answered.countDown();
            executor.shutdown();
        }
    }

    /** application.yml under the given settings (as environment variables would be), placeholders resolved. */
    private static CamundaBpmProperties applicationYml(Map<String, Object> settings) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("settings", settings));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind("camunda.bpm", CamundaBpmProperties.class).get();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
