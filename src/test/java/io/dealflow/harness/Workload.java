package io.dealflow.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Drives deal service cycles through the simulators as their users would: deals are created, dragged into the
 * service stage (some of their events repeated), and the technician completes each HubEx task as soon as it
 * shows up. {@link #tally} counts the outcome from the simulators' state and the DealFlow database.
 */
public final class Workload {

    /** Timeline comments a completed cycle adds to its deal: one when the task is created, one at completion. */
    static final int COMMENTS_PER_CYCLE = 2;

    private final Simulators simulators;
    private final List<String> deals = new ArrayList<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final Set<Integer> completedTasks = new LinkedHashSet<>();
    private long repeatedEvents;

    public Workload(Simulators simulators) {
        this.simulators = simulators;
    }

    /** Creates the deals at the first stage of pipeline 1; no cycle starts yet. */
    public List<String> createDeals(int count, String titlePrefix) {
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            created.add(simulators.createServiceDeal(titlePrefix + " " + i));
        }
        deals.addAll(created);
        return created;
    }

    /** Moves the deals into the service stage, {@code perSecond} at a time (0: all at once). */
    public void enterServiceStage(List<String> dealIds, int perSecond) {
        long started = System.nanoTime();
        for (int i = 0; i < dealIds.size(); i++) {
            if (perSecond > 0) {
                long due = started + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Await.sleep(Duration.ofNanos(wait));
                }
            }
            simulators.moveDeal(dealIds.get(i), Simulators.SERVICE_STAGE);
        }
    }

    /** Every {@code every}-th deal gets its update event {@code times} more times, as Bitrix24 repeats events. */
    public void repeatEvents(List<String> dealIds, int every, int times) {
        for (int i = 0; i < dealIds.size(); i += every) {
            simulators.repeatEvent(dealIds.get(i), times);
            repeatedEvents += times;
        }
    }

    /** Completes every task of these deals that HubEx shows as open; returns how many it completed now. */
    public int completeOpenTasks() {
        Set<String> ours = new java.util.HashSet<>(deals);
        int completed = 0;
        for (JsonNode task : simulators.tasks()) {
            int id = task.path("id").asInt();
            boolean open = task.path("timesheet").path("completed").isMissingNode()
                    || task.path("timesheet").path("completed").isNull();
            if (open && ours.contains(task.path("erpID").asText()) && !completedTasks.contains(id)
                    && task.path("deleted").isMissingNode()) {
                try {
                    simulators.completeTask(id);
                    completedTasks.add(id);
                    completed++;
                } catch (IllegalStateException e) {
                    // cancelled or completed meanwhile: the tally tells
                }
            }
        }
        return completed;
    }

    /** Deals not yet at the completion stage. */
    public List<String> unfinished() {
        List<String> open = new ArrayList<>();
        for (String deal : deals) {
            if (done.contains(deal)) {
                continue;
            }
            if (Simulators.DONE_STAGE.equals(simulators.stageOf(deal))) {
                done.add(deal);
            } else {
                open.add(deal);
            }
        }
        return open;
    }

    /**
     * Plays the technicians until every deal reached the completion stage or the time is up; {@code between} runs
     * after each round (a scenario's faults). Returns true when every deal finished.
     */
    public boolean completeUntilDone(Duration timeout, Duration round, Runnable between) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            completeOpenTasks();
            if (unfinished().isEmpty()) {
                return true;
            }
            between.run();
            Await.sleep(round);
        }
        return unfinished().isEmpty();
    }

    public List<String> deals() {
        return List.copyOf(deals);
    }

    /** The outcome, counted from the simulators and the database. */
    public Outcome tally(String scenario, DealFlowDatabase database, long extraFaults, String faults,
                         Duration duration, List<String> findings) {
        Map<String, Integer> tasksPerDeal = new HashMap<>();
        int tasksCreated = 0;
        Set<String> ours = new java.util.HashSet<>(deals);
        for (JsonNode task : simulators.tasks()) {
            String erpId = task.path("erpID").asText();
            if (ours.contains(erpId)) {
                tasksPerDeal.merge(erpId, 1, Integer::sum);
                tasksCreated++;
            }
        }
        Map<String, Integer> cyclesPerDeal = database.cyclesPerDeal();
        List<String> notes = new ArrayList<>(findings);
        int extraTasks = 0;
        int extraCycles = 0;
        int extraComments = 0;
        List<String> dealsWithExtraComments = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (String deal : deals) {
            extraTasks += Math.max(0, tasksPerDeal.getOrDefault(deal, 0) - 1);
            extraCycles += Math.max(0, cyclesPerDeal.getOrDefault(deal, 0) - 1);
            JsonNode view = simulators.deal(deal);
            int extra = Math.max(0, view.path("timelineComments").size() - COMMENTS_PER_CYCLE);
            if (extra > 0) {
                dealsWithExtraComments.add(deal);
            }
            extraComments += extra;
            if (!Simulators.DONE_STAGE.equals(view.path("STAGE_ID").asText())) {
                lost.add(deal + " (" + view.path("STAGE_ID").asText() + ", " + tasksPerDeal.getOrDefault(deal, 0)
                        + " task(s), " + cyclesPerDeal.getOrDefault(deal, 0) + " cycle(s))");
            }
        }
        if (extraTasks + extraCycles + extraComments > 0) {
            notes.add("duplicates: " + extraTasks + " extra HubEx task(s), " + extraCycles + " extra cycle(s), "
                    + extraComments + " extra timeline comment(s)"
                    + (dealsWithExtraComments.isEmpty() ? "" : " (deals " + String.join(", ", dealsWithExtraComments)
                    + ")"));
        }
        if (!lost.isEmpty()) {
            notes.add("not completed: " + String.join(", ", lost.subList(0, Math.min(10, lost.size())))
                    + (lost.size() > 10 ? " …" : ""));
        }
        List<DealFlowDatabase.Incident> incidents = database.openIncidents();
        incidents.stream().limit(5).forEach(i -> notes.add("incident at " + i.activityId() + ": " + i.message()));
        JsonNode b24 = simulators.bitrix24Stats();
        JsonNode hubex = simulators.hubexStats();
        long eventsSent = b24.path("eventsDelivered").asLong() + b24.path("eventsFailed").asLong()
                + hubex.path("webhooksDelivered").asLong() + hubex.path("webhooksFailed").asLong();
        long dropped = b24.path("eventsDropped").asLong() + hubex.path("webhooksDropped").asLong();
        long scripted = b24.path("faultsInjected").asLong() + hubex.path("faultsInjected").asLong();
        String faultText = faults + " — scripted faults hit: " + scripted + ", webhooks dropped: " + dropped
                + ", Bitrix24 events repeated: " + repeatedEvents + ", Bitrix24 requests: "
                + b24.path("requests").asLong() + ", HubEx requests: " + hubex.path("requests").asLong();
        return new Outcome(scenario, deals.size(), eventsSent, scripted + dropped + extraFaults, faultText,
                database.finishedCycles(), tasksCreated, extraTasks + extraCycles + extraComments, lost.size(),
                incidents.size(), duration, notes);
    }
}
