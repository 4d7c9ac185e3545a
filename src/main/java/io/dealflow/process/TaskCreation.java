package io.dealflow.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.hubex.HubexClient;
import io.dealflow.hubex.HubexClient.CreatedTask;
import io.dealflow.hubex.HubexException;
import io.dealflow.hubex.HubexProperties;
import io.dealflow.hubex.HubexReferences;
import io.dealflow.mapping.MappingProperties;
import io.dealflow.mapping.TaskDraft;
import io.dealflow.metrics.DealFlowMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the HubEx task of a cycle without ever creating two. POST /fsm/WORK/Tasks is not idempotent, and a job
 * can run again after the call succeeded (its transaction failed, its lock expired). So every create carries an
 * X-Concurrency-Stamp derived from the cycle (HubEx answers 409 to a repeat), and a repeated attempt first looks
 * for the cycle's task by erpID.
 */
@Component
public class TaskCreation {

    private static final Logger log = LoggerFactory.getLogger(TaskCreation.class);

    private final HubexClient hubex;
    private final HubexReferences references;
    private final HubexProperties properties;
    private final MappingProperties mapping;
    private final CycleRegistry cycles;
    private final TransactionTemplate ownTransaction;
    private final DealFlowMetrics metrics;

    public TaskCreation(HubexClient hubex, HubexReferences references, HubexProperties properties,
                        MappingProperties mapping, CycleRegistry cycles, PlatformTransactionManager transactionManager,
                        DealFlowMetrics metrics) {
        this.hubex = hubex;
        this.metrics = metrics;
        this.references = references;
        this.properties = properties;
        this.mapping = mapping;
        this.cycles = cycles;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public CreatedTask createOnce(String processInstanceId, TaskDraft draft) {
        // committed at once, so that it survives a rollback of the job that is about to call HubEx
        Boolean triedBefore = ownTransaction.execute(status -> cycles.markTaskCreateTried(processInstanceId));
        long dealId = Long.parseLong(draft.erpId());
        if (Boolean.TRUE.equals(triedBefore)) {
            Optional<CreatedTask> existing = findCycleTask(dealId, processInstanceId);
            if (existing.isPresent()) {
                log.info("Deal {}: HubEx task {} was created by an earlier attempt; not creating again", dealId,
                        existing.get().id());
                cycles.attachTask(processInstanceId, existing.get().id());
                writeAttributes(existing.get().id(), draft);
                measureSinceEvent(processInstanceId);
                return existing.get();
            }
        }
        Long companyId = companyOf(draft);
        Long locationId = draft.place() == null ? null
                : references.location(draft.place().key(), draft.place().address(), draft.place().coordinate());
        CreatedTask task;
        try {
            task = hubex.createTask(stampOf(processInstanceId), draft.toRequest(properties.getTaskTypeId(),
                    properties.getRequestMethodId(), companyId, locationId));
        } catch (HubexException e) {
            if (e.kind() != HubexException.Kind.DUPLICATE) {
                throw e;
            }
            task = findCycleTask(dealId, processInstanceId).orElseThrow(() -> new HubexException(
                    HubexException.Kind.UNAVAILABLE, 409, "HubEx: the task of deal " + dealId + " was already created"
                    + " (409 on X-Concurrency-Stamp) but GET /WORK/Tasks?erpID=" + dealId + " does not list it yet"
                    + " - the look-up will be repeated"));
        }
        cycles.attachTask(processInstanceId, task.id());
        writeAttributes(task.id(), draft);
        log.info("Deal {}: HubEx task {} (№{}) created", dealId, task.id(), task.number());
        measureSinceEvent(processInstanceId);
        return task;
    }

    private void measureSinceEvent(String processInstanceId) {
        cycles.eventReceivedAt(processInstanceId).ifPresent(receivedAt ->
                metrics.eventToTaskCreated(Duration.between(receivedAt, Instant.now())));
    }

    /** Writing custom fields merges values, so repeating it after a retry is harmless. */
    private void writeAttributes(long taskId, TaskDraft draft) {
        if (!draft.attributes().isEmpty()) {
            hubex.mergeTaskAttributes(taskId, draft.attributes());
        }
    }

    private Long companyOf(TaskDraft draft) {
        TaskDraft.Customer customer = draft.customer();
        if (customer == null || mapping.getCompanyPolicy() == MappingProperties.CompanyPolicy.LEAVE_EMPTY) {
            return null;
        }
        boolean create = mapping.getCompanyPolicy() == MappingProperties.CompanyPolicy.CREATE;
        return references.company(customer.bitrix24CompanyId(), customer.title(), customer.phone(),
                customer.email(), create, mapping.getCompanyRegistrationTypeId()).orElseThrow(() ->
                new HubexException(HubexException.Kind.REJECTED, 0, "HubEx has no company «" + customer.title()
                        + "» (Bitrix24 company " + customer.bitrix24CompanyId() + ") and"
                        + " dealflow.mapping.company-policy is require-existing: create the company in HubEx,"
                        + " then retry"));
    }

    /** A name-based UUID: every attempt of one cycle sends the same stamp. */
    static String stampOf(String processInstanceId) {
        return UUID.nameUUIDFromBytes(("dealflow-cycle:" + processInstanceId).getBytes()).toString();
    }

    private Optional<CreatedTask> findCycleTask(long dealId, String processInstanceId) {
        Map<Long, JsonNode> tasks = hubex.findTasksByErpId(String.valueOf(dealId));
        List<Long> taken = cycles.tasksOfOtherCycles(dealId, processInstanceId);
        return tasks.entrySet().stream()
                .filter(e -> !taken.contains(e.getKey()))
                .max(Comparator.comparing(Map.Entry::getKey))
                .map(e -> new CreatedTask(e.getKey(), e.getValue().path("number").asText("")));
    }
}
