package io.dealflow.sandbox.hubex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task as the simulated tenant holds it. The store hands out copies only, so a caller never sees a task
 * change under its feet and never changes one behind the store's lock.
 */
public final class HubexTask {

    private final int id;
    private final String number;
    private final int taskTypeId;
    private final String concurrencyStamp;
    private final Instant created;
    private final NewHubexTask data;
    private int stageId;
    private Integer assignedToId;
    private Double actualCost;
    private Instant assigned;
    private Instant completed;
    private Instant closed;
    private Instant lastModified;
    private Instant deleted;
    private final List<HubexChatMessage> conversation;
    private final List<HubexCompletedWork> completedWorks;
    private final Map<Integer, String> attributes;

    HubexTask(int id, String number, int taskTypeId, int stageId, String concurrencyStamp, Instant created,
              NewHubexTask data) {
        this.id = id;
        this.number = number;
        this.taskTypeId = taskTypeId;
        this.stageId = stageId;
        this.concurrencyStamp = concurrencyStamp;
        this.created = created;
        this.lastModified = created;
        this.data = data;
        this.conversation = new ArrayList<>();
        this.completedWorks = new ArrayList<>();
        this.attributes = new TreeMap<>();
    }

    private HubexTask(HubexTask source) {
        this.id = source.id;
        this.number = source.number;
        this.taskTypeId = source.taskTypeId;
        this.concurrencyStamp = source.concurrencyStamp;
        this.created = source.created;
        this.data = source.data;
        this.stageId = source.stageId;
        this.assignedToId = source.assignedToId;
        this.actualCost = source.actualCost;
        this.assigned = source.assigned;
        this.completed = source.completed;
        this.closed = source.closed;
        this.lastModified = source.lastModified;
        this.deleted = source.deleted;
        this.conversation = List.copyOf(source.conversation);
        this.completedWorks = List.copyOf(source.completedWorks);
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(source.attributes));
    }

    HubexTask copy() {
        return new HubexTask(this);
    }

    public int id() { return id; }
    public String number() { return number; }
    public int taskTypeId() { return taskTypeId; }
    public String concurrencyStamp() { return concurrencyStamp; }
    public Instant created() { return created; }
    /** What the creator sent: notes, erpID, contacts, deadline, estimated cost and the linked IDs. */
    public NewHubexTask data() { return data; }
    public String erpId() { return data.erpId(); }
    public int stageId() { return stageId; }
    public Integer assignedToId() { return assignedToId; }
    public Double actualCost() { return actualCost; }
    public Instant assigned() { return assigned; }
    public Instant completed() { return completed; }
    public Instant closed() { return closed; }
    public Instant lastModified() { return lastModified; }
    public Instant deleted() { return deleted; }
    public boolean isDeleted() { return deleted != null; }
    public List<HubexChatMessage> conversation() { return conversation; }
    public List<HubexCompletedWork> completedWorks() { return completedWorks; }
    /** Custom-field values by attribute ID, in ID order; a field without a value is absent. */
    public Map<Integer, String> attributes() { return attributes; }

    void moveTo(int stageId, Instant at) {
        this.stageId = stageId;
        touch(at);
    }

    void assign(int userId, Instant at) {
        this.assignedToId = userId;
        this.assigned = at;
        touch(at);
    }

    void setActualCost(double cost, Instant at) {
        this.actualCost = cost;
        touch(at);
    }

    void markCompleted(Instant completedAt, Instant at) {
        this.completed = completedAt;
        touch(at);
    }

    void markClosed(Instant closedAt, Instant at) {
        this.closed = closedAt;
        touch(at);
    }

    void markDeleted(Instant at) {
        this.deleted = at;
        touch(at);
    }

    void addMessage(HubexChatMessage message) {
        conversation.add(message);
        touch(message.created());
    }

    void addCompletedWork(HubexCompletedWork work) {
        completedWorks.add(work);
        touch(work.created());
    }

    /** Later values replace earlier ones; an empty value clears the field. */
    void mergeAttributes(Map<Integer, String> values, Instant at) {
        values.forEach((attributeId, value) -> {
            if (value.isEmpty()) {
                attributes.remove(attributeId);
            } else {
                attributes.put(attributeId, value);
            }
        });
        touch(at);
    }

    private void touch(Instant at) {
        this.lastModified = at;
    }
}
