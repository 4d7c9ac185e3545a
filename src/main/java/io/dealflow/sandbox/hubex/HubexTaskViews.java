package io.dealflow.sandbox.hubex;

import java.util.List;
import java.util.Map;

/**
 * Renders tasks and their parts in HubEx's response shapes. Task bodies carry no {@code id}: in HubEx the ID is
 * only the map key (lists) or the path (details).
 */
final class HubexTaskViews {

    private final HubexSimulatorStore store;
    private final HubexDirectory directory;

    HubexTaskViews(HubexSimulatorStore store) {
        this.store = store;
        this.directory = store.directory();
    }

    /** {@code Tasks.ListResult}. */
    Map<String, Object> listItem(HubexTask task) {
        NewHubexTask data = task.data();
        return JsonFields.object()
                .put("number", task.number())
                .put("erpID", data.erpId())
                .put("notes", data.notes())
                .put("lastModified", HubexTime.withoutOffset(task.lastModified()))
                .put("taskType", taskType(task))
                .put("taskStage", taskStage(task))
                .put("taskStatus", taskStatus(task))
                .put("company", company(data.companyId()))
                .put("asset", asset(data.assetId()))
                .put("location", location(data.locationId()))
                .put("assignedTo", assignedTo(task))
                .put("timesheet", timesheet(task))
                .put("contactPerson", data.contactPerson())
                .put("contactPhone", data.contactPhone())
                .put("contactEmail", data.contactEmail())
                .build();
    }

    /** {@code DetailedInfoResult}. */
    Map<String, Object> detail(HubexTask task) {
        NewHubexTask data = task.data();
        Map<String, Object> assignedTo = assignedTo(task);
        return JsonFields.object()
                .put("number", task.number())
                .put("erpID", data.erpId())
                .put("notes", data.notes())
                .put("notesHtml", data.notesHtml())
                .put("lastModified", HubexTime.withoutOffset(task.lastModified()))
                .put("deleted", HubexTime.withoutOffset(task.deleted()))
                .put("taskType", taskType(task))
                .put("workType", idOnly(data.workTypeId()))
                .put("requestMethod", JsonFields.object().put("id", data.requestMethodId())
                        .put("name", directory.requestMethod(data.requestMethodId()).orElse(null)))
                .put("taskStage", taskStage(task))
                .put("taskStatus", taskStatus(task))
                .put("actualCriticality", idOnly(data.criticalityId()))
                .put("company", company(data.companyId()))
                .put("asset", asset(data.assetId()))
                .put("location", location(data.locationId()))
                .put("contactPerson", data.contactPerson())
                .put("contactPhone", data.contactPhone())
                .put("contactEmail", data.contactEmail())
                .put("assignedTo", assignedTo)
                .put("listAssignedTo", assignedTo == null ? null : List.of(assignedTo))
                .put("estimatedCost", data.estimatedCost())
                .put("estimatedCostCurrency", data.estimatedCost() == null ? null : currency())
                .put("actualCost", task.actualCost())
                .put("actualCostCurrency", task.actualCost() == null ? null : currency())
                .put("counters", JsonFields.object().put("completedWorksCount", task.completedWorks().size()))
                .put("timesheet", timesheet(task))
                .put("attribute", attributes(task))
                .build();
    }

    /** {@code AttributeResult[]}: the task's custom fields that have a value, in attribute-ID order. */
    List<Map<String, Object>> attributes(HubexTask task) {
        return task.attributes().entrySet().stream().map(value -> {
            HubexAttribute attribute = directory.attribute(value.getKey()).orElseThrow();
            return JsonFields.object()
                    .put("attribute", JsonFields.object().put("id", attribute.id()).put("name", attribute.name()))
                    .put("attributeType", JsonFields.object().put("code", attribute.type().code())
                            .put("name", attribute.type().displayName()))
                    .put("value", value.getValue())
                    .build();
        }).toList();
    }

    /** {@code TaskMessage}. */
    Map<String, Object> chatMessage(HubexChatMessage message) {
        HubexUser author = directory.user(message.authorId()).orElseThrow();
        return JsonFields.object()
                .put("id", message.id())
                .put("created", HubexTime.withoutOffset(message.created()))
                .put("message", message.message())
                .put("isExternal", message.isExternal())
                .put("author", JsonFields.object()
                        .put("id", author.id())
                        .put("firstName", author.firstName())
                        .put("lastName", author.lastName())
                        .put("middleName", author.middleName())
                        .put("isTechnician", author.isTechnician())
                        .put("isCustomer", author.isCustomer()))
                .build();
    }

    /** {@code CompletedWorkResult}. */
    Map<String, Object> completedWork(HubexCompletedWork work) {
        return JsonFields.object()
                .put("id", work.id())
                .put("workType", JsonFields.object()
                        .put("id", work.workTypeId())
                        .put("name", work.workTypeName())
                        .put("cost", work.cost())
                        .put("costCurrencyID", HubexDirectory.CURRENCY_RUB_ID))
                .put("quantity", work.quantity())
                .put("started", HubexTime.withoutOffset(work.started()))
                .put("finished", HubexTime.withoutOffset(work.finished()))
                .put("notes", work.notes())
                .put("created", HubexTime.withoutOffset(work.created()))
                .build();
    }

    /** {@code UserResult}. */
    Map<String, Object> user(HubexUser user) {
        return JsonFields.object()
                .put("id", user.id())
                .put("firstName", user.firstName())
                .put("lastName", user.lastName())
                .put("middleName", user.middleName())
                .put("email", user.email())
                .put("mobilePhone", user.mobilePhone())
                .put("isTechnician", user.isTechnician())
                .build();
    }

    private Map<String, Object> company(Integer id) {
        return id == null ? null : store.findCompany(id)
                .map(company -> JsonFields.object().put("id", company.id()).put("name", company.name()).build())
                .orElseGet(() -> idOnly(id));
    }

    private Map<String, Object> location(Integer id) {
        return id == null ? null : store.findLocation(id)
                .map(location -> JsonFields.object().put("id", location.id()).put("address", location.address())
                        .put("coordinate", location.coordinate()).build())
                .orElseGet(() -> idOnly(id));
    }

    private Map<String, Object> asset(Integer id) {
        return id == null ? null : store.findAsset(id)
                .map(asset -> JsonFields.object().put("id", asset.id()).put("name", asset.name()).build())
                .orElseGet(() -> idOnly(id));
    }

    private Map<String, Object> assignedTo(HubexTask task) {
        return task.assignedToId() == null ? null : directory.user(task.assignedToId()).map(this::user).orElse(null);
    }

    private Map<String, Object> taskType(HubexTask task) {
        HubexTaskType type = directory.taskType(task.taskTypeId()).orElseThrow();
        return JsonFields.object().put("id", type.id()).put("name", type.name()).build();
    }

    private Map<String, Object> taskStage(HubexTask task) {
        HubexStage stage = directory.stage(task.stageId()).orElseThrow();
        return JsonFields.object().put("id", stage.id()).put("name", stage.name()).put("color", stage.color()).build();
    }

    private Map<String, Object> taskStatus(HubexTask task) {
        HubexStage stage = directory.stage(task.stageId()).orElseThrow();
        return JsonFields.object().put("id", stage.statusId()).put("name", stage.statusName())
                .put("color", stage.color()).build();
    }

    private Map<String, Object> timesheet(HubexTask task) {
        return JsonFields.object()
                .put("created", HubexTime.withoutOffset(task.created()))
                .put("assigned", HubexTime.withoutOffset(task.assigned()))
                .put("deadline", HubexTime.withoutOffset(task.data().deadline()))
                .put("completed", HubexTime.withoutOffset(task.completed()))
                .put("closed", HubexTime.withoutOffset(task.closed()))
                .put("lastUpdated", HubexTime.withoutOffset(task.lastModified()))
                .build();
    }

    private Map<String, Object> currency() {
        return JsonFields.object().put("id", HubexDirectory.CURRENCY_RUB_ID).put("shortName", directory.currencyName())
                .put("asciiCode", directory.currencyAsciiCode()).build();
    }

    private static Map<String, Object> idOnly(Integer id) {
        return id == null ? null : JsonFields.object().put("id", id).build();
    }
}
