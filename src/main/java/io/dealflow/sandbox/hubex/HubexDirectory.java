package io.dealflow.sandbox.hubex;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

/**
 * The tenant's fixed dictionaries: task types, stages, request methods, users, the currency, custom-field
 * definitions and company registration types. Also names the IDs of the seeded companies, locations and assets,
 * which the store keeps because the API can add to them.
 */
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

    public static final int ATTRIBUTE_EXECUTOR_COMMENT_ID = 13;
    public static final int ATTRIBUTE_OBJECT_ADDRESS_ID = 14;
    public static final int ATTRIBUTE_CONTRACT_NUMBER_ID = 15;
    public static final int ATTRIBUTE_URGENT_VISIT_ID = 16;
    public static final int REGISTRATION_INDIVIDUAL = 1;
    public static final int REGISTRATION_LEGAL_ENTITY = 3;

    /** Seeded customer «ООО Ромашка», ИНН 1655000000. */
    public static final int COMPANY_ROMASHKA_ID = 19;
    /** Seeded location in Kazan, the customer's office. */
    public static final int LOCATION_KAZAN_ID = 5957;
    /** Seeded location in Saint Petersburg, the customer's warehouse. */
    public static final int LOCATION_SPB_ID = 5958;
    /** Seeded asset: an air conditioner of «ООО Ромашка» in Kazan. */
    public static final int ASSET_CONDITIONER_ID = 1020;
    /** Seeded asset: a boiler of «ООО Ромашка» in Saint Petersburg. */
    public static final int ASSET_BOILER_ID = 1021;

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

    private final Map<Integer, HubexAttribute> attributes = byId(List.of(
            new HubexAttribute(12, "Старый номер заявки", HubexAttributeType.STRING, true, false, false, false,
                    Instant.parse("2025-03-01T00:00:00Z")),
            HubexAttribute.forTask(ATTRIBUTE_EXECUTOR_COMMENT_ID, "Комментарий исполнителя",
                    HubexAttributeType.STRING),
            HubexAttribute.forTask(ATTRIBUTE_OBJECT_ADDRESS_ID, "Адрес объекта", HubexAttributeType.STRING),
            HubexAttribute.forTask(ATTRIBUTE_CONTRACT_NUMBER_ID, "Номер договора", HubexAttributeType.STRING),
            HubexAttribute.forTask(ATTRIBUTE_URGENT_VISIT_ID, "Срочный выезд", HubexAttributeType.BOOLEAN),
            new HubexAttribute(20, "Инвентарный номер", HubexAttributeType.STRING, false, true, false, false, null)),
            HubexAttribute::id);

    private final Map<Integer, String> registrationTypes = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            REGISTRATION_INDIVIDUAL, "Физическое лицо", REGISTRATION_LEGAL_ENTITY, "Юридическое лицо")));

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

    public Optional<HubexAttribute> attribute(int id) { return Optional.ofNullable(attributes.get(id)); }
    public Collection<HubexAttribute> attributes() { return attributes.values(); }

    /**
     * A field a task may carry a value of.
     *
     * @throws HubexApiException 400 InvalidData for an unknown, deleted or non-task field
     */
    public HubexAttribute taskAttribute(int id) {
        return attribute(id).filter(HubexAttribute::isWritableOnTasks).orElseThrow(() -> new HubexApiException(
                HttpStatus.BAD_REQUEST, "InvalidData",
                "Attribute " + id + " does not exist or is not a task field",
                Map.of("parameter", "attributeID", "attributeID", String.valueOf(id))));
    }

    public Optional<String> registrationType(int id) { return Optional.ofNullable(registrationTypes.get(id)); }
    /** Registration type ID → its Russian name. */
    public Map<Integer, String> registrationTypes() { return registrationTypes; }

    public String currencyName() { return "Рубль"; }
    public String currencyAsciiCode() { return "RUB"; }

    private static <T> Map<Integer, T> byId(List<T> items, Function<T, Integer> id) {
        return Collections.unmodifiableMap(items.stream().collect(
                Collectors.toMap(id, Function.identity(), (a, b) -> a, TreeMap::new)));
    }
}
