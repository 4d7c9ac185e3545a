package io.dealflow.sandbox.hubex;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tenant's fixed dictionaries: task types, stages, request methods, users and the currency. */
public final class HubexDirectory {

    public static final int API_USER_ID = 1;
    public static final int DISPATCHER_ID = 100;
    public static final int TECHNICIAN_KULIBIN_ID = 171;
    public static final int TECHNICIAN_MASTEROV_ID = 172;
    public static final int SERVICE_TASK_TYPE_ID = 10;
    public static final int STAGE_NEW = 1;
    public static final int STAGE_ASSIGNED = 2;
    public static final int STAGE_IN_PROGRESS = 3;
    public static final int STAGE_DONE = 7;
    public static final int STAGE_CLOSED = 8;
    public static final int STAGE_CANCELLED = 9;
    public static final int CURRENCY_RUB_ID = 1;

    private final Map<Integer, HubexTaskType> taskTypes = byId(List.of(
            new HubexTaskType(SERVICE_TASK_TYPE_ID, "Заявка на обслуживание", true, STAGE_NEW, STAGE_DONE),
            new HubexTaskType(11, "Монтаж", false, STAGE_NEW, STAGE_DONE)), HubexTaskType::id);

    private final Map<Integer, HubexStage> stages = byId(List.of(
            new HubexStage(STAGE_NEW, "Новая", "#1e88e5", 1, "Новая",
                    List.of(STAGE_ASSIGNED, STAGE_IN_PROGRESS, STAGE_CANCELLED)),
            new HubexStage(STAGE_ASSIGNED, "Назначена", "#8e24aa", 2, "Назначена",
                    List.of(STAGE_IN_PROGRESS, STAGE_CANCELLED)),
            new HubexStage(STAGE_IN_PROGRESS, "В работе", "#fb8c00", 3, "В работе",
                    List.of(STAGE_DONE, STAGE_CANCELLED)),
            new HubexStage(STAGE_DONE, "Выполнена", "#2e7d32", 4, "Выполнена",
                    List.of(STAGE_CLOSED, STAGE_IN_PROGRESS)),
            new HubexStage(STAGE_CLOSED, "Закрыта", "#546e7a", 5, "Закрыта", List.of()),
            new HubexStage(STAGE_CANCELLED, "Отменена", "#c62828", 6, "Отменена", List.of())), HubexStage::id);

    private final Map<Integer, String> requestMethods = Collections.unmodifiableMap(
            new TreeMap<>(Map.of(1, "Телефон", 4, "Интеграция")));

    private final Map<Integer, HubexUser> users = byId(List.of(
            new HubexUser(API_USER_ID, "API", "Интеграция", null, null, null, false, false),
            new HubexUser(DISPATCHER_ID, "Анна", "Диспетчер", null, "dispatcher@sandbox.hubex.local",
                    "+79990000100", false, false),
            new HubexUser(TECHNICIAN_KULIBIN_ID, "Павел", "Кулибин", "Сергеевич", "kulibin@sandbox.hubex.local",
                    "+79990000171", true, false),
            new HubexUser(TECHNICIAN_MASTEROV_ID, "Игорь", "Мастеров", "Петрович", "masterov@sandbox.hubex.local",
                    "+79990000172", true, false)), HubexUser::id);

    public Optional<HubexTaskType> taskType(int id) { return Optional.ofNullable(taskTypes.get(id)); }
    public Collection<HubexTaskType> taskTypes() { return taskTypes.values(); }

    public HubexTaskType defaultTaskType() {
        return taskTypes.values().stream().filter(HubexTaskType::isDefault).findFirst().orElseThrow();
    }

    public Optional<HubexStage> stage(int id) { return Optional.ofNullable(stages.get(id)); }
    public Collection<HubexStage> stages() { return stages.values(); }

    public Optional<String> requestMethod(int id) { return Optional.ofNullable(requestMethods.get(id)); }
    public Map<Integer, String> requestMethods() { return requestMethods; }

    public Optional<HubexUser> user(int id) { return Optional.ofNullable(users.get(id)); }
    public Collection<HubexUser> users() { return users.values(); }

    public String currencyName() { return "Рубль"; }
    public String currencyAsciiCode() { return "RUB"; }

    private static <T> Map<Integer, T> byId(List<T> items, Function<T, Integer> id) {
        return Collections.unmodifiableMap(items.stream().collect(
                Collectors.toMap(id, Function.identity(), (a, b) -> a, TreeMap::new)));
    }
}
