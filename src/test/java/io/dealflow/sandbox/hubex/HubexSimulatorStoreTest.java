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

    @Test
    void customFieldsMergeIntoTheTaskWithoutAnEvent() {
        HubexTask before = store.createTask(NewHubexTask.of(10, "deal-1", null), null);

        store.setTaskAttribute(before.id(), HubexDirectory.ATTRIBUTE_EXECUTOR_COMMENT_ID, "Заменён фильтр");
        HubexTask after = store.setTaskAttribute(before.id(), HubexDirectory.ATTRIBUTE_URGENT_VISIT_ID, "TRUE");

        assertThat(after.attributes()).containsExactly(java.util.Map.entry(13, "Заменён фильтр"),
                java.util.Map.entry(16, "true"));
        assertThat(store.taskAttributes(before.id())).isEqualTo(after.attributes());
        assertThat(before.attributes()).isEmpty();
        assertThatThrownBy(() -> after.attributes().put(14, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(events).isEmpty();

        store.setTaskAttribute(before.id(), HubexDirectory.ATTRIBUTE_EXECUTOR_COMMENT_ID, "");
        assertThat(store.taskAttributes(before.id())).containsOnlyKeys(16);
    }

    @Test
    void customFieldsRefuseUnknownTasksFieldsAndValues() {
        int id = store.createTask(NewHubexTask.of(10, "deal-1", null), null).id();

        assertThatThrownBy(() -> store.setTaskAttribute(999, 13, "x"))
                .isInstanceOfSatisfying(HubexApiException.class, e -> assertThat(e.code()).isEqualTo("TaskNotFound"));
        assertThatThrownBy(() -> store.taskAttributes(999)).isInstanceOf(HubexApiException.class);
        assertThatThrownBy(() -> store.setTaskAttribute(id, 99, "x"))
                .isInstanceOfSatisfying(HubexApiException.class, e -> assertThat(e.code()).isEqualTo("InvalidData"));
        assertThatThrownBy(() -> store.setTaskAttribute(id, 16, "да")).isInstanceOf(HubexApiException.class);
        assertThatThrownBy(() -> store.setTaskAttribute(id, 13, null)).isInstanceOf(HubexApiException.class);
        assertThat(store.taskAttributes(id)).isEmpty();
    }

    @Test
    void resetForgetsAddedCompaniesAndLocationsButKeepsTheSeed() {
        store.createCompany(NewHubexCompany.customer("ООО Лютик", "7700000000"));
        store.createLocation(NewHubexLocation.of("Тверская, 1, Москва", null));

        store.reset();

        assertThat(store.companies()).extracting(HubexCompany::id).containsExactly(HubexDirectory.COMPANY_ROMASHKA_ID);
        assertThat(store.locations()).extracting(HubexLocation::id)
                .containsExactly(HubexDirectory.LOCATION_KAZAN_ID, HubexDirectory.LOCATION_SPB_ID);
        assertThat(store.assets()).extracting(HubexAsset::id)
                .containsExactly(HubexDirectory.ASSET_CONDITIONER_ID, HubexDirectory.ASSET_BOILER_ID);
        assertThat(store.createCompany(NewHubexCompany.customer("ООО Лютик", null)).id()).isEqualTo(20);
        assertThat(store.createLocation(NewHubexLocation.of("Тверская, 1, Москва", null)).id()).isEqualTo(5959);
        assertThat(store.findLocation(5959)).map(HubexLocation::address).contains("Тверская, 1, Москва");
        assertThat(store.findAssets("DAIKIN")).extracting(HubexAsset::id).containsExactly(1020);
    }

    @Test
    void concurrentCallsCreateOneLocationPerAddress() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(() -> {
                    try {
                        store.createLocation(NewHubexLocation.of("Тверская, 1, Москва", null));
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
        assertThat(store.findLocations("тверская")).hasSize(1);
    }
}
