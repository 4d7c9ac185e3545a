package io.dealflow.sandbox.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class HubexSimulatorStoreTest {

    private final List<HubexTaskEvent> events = new ArrayList<>();
    private final HubexSimulatorStore store =
            new HubexSimulatorStore(event -> { synchronized (events) { events.add((HubexTaskEvent) event); } });

    @Test
    void aStampIsUsedOnceEvenUnderConcurrentCalls() throws Exception {
        String stamp = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(() -> {
                    try {
                        store.createTask(NewHubexTask.of(10, "deal-1", null), stamp);
                        return true;
                    } catch (HubexApiException e) {
                        return false;
                    }
                });
            }
            int created = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                created += result.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(store.countTasksWithErpId("deal-1")).isEqualTo(1);
    }

    @Test
    void assigningMovesANewTaskOnAndFiresAChange() {
        int id = store.createTask(NewHubexTask.of(10, "deal-1", null), null).id();

        HubexTask task = store.assignTechnician(id, HubexDirectory.TECHNICIAN_MASTEROV_ID);

        assertThat(task.stageId()).isEqualTo(HubexDirectory.STAGE_ASSIGNED);
        assertThat(task.assigned()).isNotNull();
        assertThat(events).extracting(HubexTaskEvent::kind).containsExactly(HubexTaskEvent.Kind.TASK_CHANGED);
        assertThatThrownBy(() -> store.assignTechnician(id, HubexDirectory.DISPATCHER_ID))
                .isInstanceOf(HubexApiException.class);
    }

    @Test
    void deletedTasksStayReadableButRefuseChanges() {
        int id = store.createTask(NewHubexTask.of(10, "deal-1", null), null).id();

        store.deleteTask(id);

        assertThat(store.getTask(id).deleted()).isNotNull();
        assertThat(store.findTasks(new HubexTaskQuery(null, null, null, false, null, null, null, null, null, null,
                null))).isEmpty();
        assertThatThrownBy(() -> store.completeTask(id)).isInstanceOf(HubexApiException.class);
    }

    @Test
    void resetRestoresTheSeed() {
        store.createTask(NewHubexTask.of(10, "deal-1", null), null);
        store.recordRequest("GET /fsm/WORK/Tasks", null, "5");

        store.reset();

        assertThat(store.listTasks()).isEmpty();
        assertThat(store.requestCount()).isZero();
        assertThat(store.createTask(NewHubexTask.of(10, "deal-2", null), null).id()).isEqualTo(5001);
    }

    @Test
    void handsOutCopiesThatDoNotChangeLater() {
        HubexTask before = store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        store.completeTask(before.id());

        assertThat(before.completed()).isNull();
        assertThat(store.getTask(before.id()).completed()).isNotNull();
    }
}
