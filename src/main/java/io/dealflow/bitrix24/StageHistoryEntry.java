package io.dealflow.bitrix24;

/** One row of {@code crm.stagehistory.list}: the deal {@code dealId} moved into {@code stageId}. */
public record StageHistoryEntry(long id, long dealId, String stageId, String createdTime) {
}
