package io.dealflow.sandbox.bitrix24;

import io.dealflow.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bitrix24SimulatorStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T07:14:58Z"));
    private final Bitrix24SimulatorStore store = new Bitrix24SimulatorStore();
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store.setClock(clock);
        store.addDealEventListener((event, dealId) -> events.add(event + ":" + dealId));
    }

    @Test
    void seedsTwoPipelinesWithStatusListEntries() {
        List<Map<String, Object>> entries = store.statusEntries();

        assertThat(entries).extracting(e -> e.get("STATUS_ID")).containsExactly(
                "NEW", "PREPARATION", "UC_SERVICE", "UC_DONE", "WON", "LOSE",
                "C1:NEW", "C1:UC_SERVICE", "C1:UC_DONE", "C1:WON", "C1:LOSE");
        Map<String, Object> service = entries.get(7);
        assertThat(service).containsEntry("ENTITY_ID", "DEAL_STAGE_1").containsEntry("NAME", "Сервисная служба")
                .containsEntry("CATEGORY_ID", "1").containsEntry("SEMANTICS", null);
        assertThat(entries.get(4)).containsEntry("ENTITY_ID", "DEAL_STAGE").containsEntry("SEMANTICS", "S")
                .containsEntry("NAME", "Сделка успешна");
        assertThat(entries.get(5)).containsEntry("SEMANTICS", "F");
        assertThat(store.categoryEntries()).extracting(c -> c.get("name")).containsExactly("Общая", "Сервис");
    }

    @Test
    void createdDealHasPortalShapedStringValues() {
        String contactId = store.createContact("Ирина", "Петрова", List.of("+79001234567"), List.of());
        String companyId = store.createCompany("ООО Насосы", List.of(), List.of("info@pumps.example"));

        String id = store.createDeal("Замена насоса", "[b]Срочно[/b]", 1, "C1:UC_SERVICE", contactId, companyId,
                Map.of("UF_CRM_CRITICALITY", 57, "OPPORTUNITY", 12500, "CLOSEDATE", "2026-09-10"));

        Map<String, Object> deal = store.getDeal(id);
        assertThat(deal).containsEntry("ID", id).containsEntry("TITLE", "Замена насоса")
                .containsEntry("CATEGORY_ID", "1").containsEntry("STAGE_ID", "C1:UC_SERVICE")
                .containsEntry("STAGE_SEMANTIC_ID", "P").containsEntry("OPPORTUNITY", "12500.00")
                .containsEntry("CURRENCY_ID", "RUB").containsEntry("IS_MANUAL_OPPORTUNITY", "N")
                .containsEntry("CONTACT_ID", contactId).containsEntry("COMPANY_ID", companyId)
                .containsEntry("COMMENTS", "[b]Срочно[/b]").containsEntry("UF_CRM_CRITICALITY", "57")
                .containsEntry("DATE_CREATE", "2026-09-01T10:14:58+03:00")
                .containsEntry("MOVED_TIME", "2026-09-01T10:14:58+03:00")
                .containsEntry("MOVED_BY_ID", Bitrix24SimulatorStore.MANAGER_USER_ID)
                .containsEntry("CLOSEDATE", "2026-09-10T03:00:00+03:00");
        assertThat(deal).doesNotContainKey("CONTACT_IDS");
        assertThat(events).containsExactly("ONCRMDEALADD:" + id);
    }

    @Test
    void dealWithoutCompanyHasCompanyIdZeroAndNoContact() {
        Map<String, Object> deal = store.getDeal(store.createDeal("x", null, 0, null, null, null, Map.of()));

        assertThat(deal).containsEntry("COMPANY_ID", "0").containsEntry("CONTACT_ID", null)
                .containsEntry("STAGE_ID", "NEW");
    }

    @Test
    void movedTimeChangesOnlyWhenTheStageChanges() {
        String id = store.createDeal("x", null, 0, "NEW", null, null, Map.of());

        clock.advance(Duration.ofMinutes(5));
        store.updateDeal(id, Map.of("COMMENTS", "note", "CATEGORY_ID", "1", "NOT_A_FIELD", "ignored"), "1");
        Map<String, Object> afterEdit = store.getDeal(id);
        assertThat(afterEdit).containsEntry("MOVED_TIME", "2026-09-01T10:14:58+03:00")
                .containsEntry("DATE_MODIFY", "2026-09-01T10:19:58+03:00").containsEntry("MODIFY_BY_ID", "1")
                .containsEntry("CATEGORY_ID", "0").containsEntry("COMMENTS", "note")
                .doesNotContainKey("NOT_A_FIELD");

        clock.advance(Duration.ofMinutes(5));
        store.moveDealToStage(id, "UC_SERVICE");
        Map<String, Object> afterMove = store.getDeal(id);
        assertThat(afterMove).containsEntry("STAGE_ID", "UC_SERVICE")
                .containsEntry("MOVED_TIME", "2026-09-01T10:24:58+03:00")
                .containsEntry("MOVED_BY_ID", Bitrix24SimulatorStore.MANAGER_USER_ID);

        store.moveDealToStage(id, "WON");
        assertThat(store.getDeal(id)).containsEntry("STAGE_SEMANTIC_ID", "S").containsEntry("CLOSED", "Y");
        assertThat(events).containsExactly("ONCRMDEALADD:" + id, "ONCRMDEALUPDATE:" + id,
                "ONCRMDEALUPDATE:" + id, "ONCRMDEALUPDATE:" + id);
        assertThat(store.stageHistory()).extracting(h -> h.get("STAGE_ID"), h -> h.get("TYPE_ID"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NEW", 1),
                        org.assertj.core.groups.Tuple.tuple("UC_SERVICE", 2),
                        org.assertj.core.groups.Tuple.tuple("WON", 3));
    }

    @Test
    void rejectsAStageOfAnotherPipelineWithoutWritingAnything() {
        String id = store.createDeal("x", null, 1, null, null, null, Map.of());

        assertThatThrownBy(() -> store.updateDeal(id, Map.of("STAGE_ID", "UC_SERVICE", "TITLE", "changed"), "1"))
                .isInstanceOfSatisfying(Bitrix24RestError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.description()).contains("UC_SERVICE").contains("DEAL_STAGE_1");
                });
        assertThat(store.getDeal(id)).containsEntry("TITLE", "x").containsEntry("STAGE_ID", "C1:NEW");
    }

    @Test
    void rejectsMalformedMoneyAndDates() {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        assertThatThrownBy(() -> store.updateDeal(id, Map.of("OPPORTUNITY", "12500|RUB"), "1"))
                .isInstanceOf(Bitrix24RestError.class);
        assertThatThrownBy(() -> store.updateDeal(id, Map.of("CLOSEDATE", "tomorrow"), "1"))
                .isInstanceOf(Bitrix24RestError.class);
    }

    @Test
    void dateFieldsAreUtcMidnightInThePortalOffset() {
        store.setPortalZone(ZoneId.of("America/New_York"));
        String id = store.createDeal("x", null, 0, null, null, null, Map.of("CLOSEDATE", "2026-09-10"));

        assertThat(store.getDeal(id)).containsEntry("CLOSEDATE", "2026-09-09T20:00:00-04:00")
                .containsEntry("DATE_CREATE", "2026-09-01T03:14:58-04:00");
    }

    @Test
    void contactsCarryMultiFieldsAndLinksListThePrimaryFirst() {
        String first = store.createContact("Ирина", "Петрова", List.of("+79001234567"), List.of("i@example.ru"));
        String second = store.createContact("Олег", null, List.of(), List.of());
        String id = store.addDeal(Map.of("TITLE", "x", "CONTACT_IDS", List.of(second, first)), "1");

        Map<String, Object> contact = store.getContact(first);
        assertThat(contact).containsEntry("NAME", "Ирина").containsEntry("HAS_PHONE", "Y");
        assertThat(contact.get("PHONE")).isEqualTo(List.of(Map.of("ID", "1", "VALUE_TYPE", "WORK",
                "VALUE", "+79001234567", "TYPE_ID", "PHONE")));
        assertThat(store.getContact(second)).doesNotContainKeys("PHONE", "EMAIL");
        assertThat(store.dealContactItems(id)).extracting(i -> i.get("CONTACT_ID"), i -> i.get("IS_PRIMARY"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Long.parseLong(second), "Y"),
                        org.assertj.core.groups.Tuple.tuple(Long.parseLong(first), "N"));
        assertThat(store.getDeal(id)).containsEntry("CONTACT_ID", second);
    }

    @Test
    void timelineCommentsBelongToExistingOwners() {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        String commentId = store.addTimelineComment("DEAL", id, "FSM #A-1 закрыта", "1");

        assertThat(store.dealTimelineComments(id)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("ID", commentId).containsEntry("ENTITY_TYPE", "deal")
                .containsEntry("COMMENT", "FSM #A-1 закрыта").containsEntry("CREATED", "2026-09-01T10:14:58+03:00"));
        assertThatThrownBy(() -> store.addTimelineComment("deal", "999", "x", "1"))
                .isInstanceOfSatisfying(Bitrix24RestError.class, e -> assertThat(e.error()).isEqualTo("OWNER_NOT_FOUND"));
        assertThatThrownBy(() -> store.addTimelineComment("deal", id, " ", "1"))
                .isInstanceOfSatisfying(Bitrix24RestError.class, e -> assertThat(e.error()).isEqualTo("INVALID_ARG_VALUE"));
    }

    @Test
    void deleteRemovesTheDealAndFiresTheEvent() {
        String id = store.createDeal("x", null, 0, null, null, null, Map.of());

        assertThat(store.deleteDeal(id)).isTrue();
        assertThat(store.deleteDeal(id)).isFalse();
        assertThat(store.findDeal(id)).isEmpty();
        assertThatThrownBy(() -> store.getDeal(id)).hasMessage("Not found");
        assertThat(events).containsExactly("ONCRMDEALADD:" + id, "ONCRMDEALDELETE:" + id);
    }

    @Test
    void customFieldsAreAcceptedStoredAndDescribed() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("UF_CRM_FSM_COST", "12500|RUB");
        fields.put("UF_CRM_TAGS", List.of("a", "b"));
        String id = store.addDeal(fields, "1");
        String other = store.createDeal("y", null, 0, null, null, null, Map.of());

        assertThat(store.getDeal(id)).containsEntry("UF_CRM_FSM_COST", "12500|RUB")
                .containsEntry("UF_CRM_TAGS", List.of("a", "b"));
        assertThat(store.getDeal(other)).containsEntry("UF_CRM_FSM_COST", null);
        assertThat(store.dealFieldDescriptions()).containsKeys("STAGE_ID", "UF_CRM_FSM_COST");
        @SuppressWarnings("unchecked")
        Map<String, Object> category = (Map<String, Object>) store.dealFieldDescriptions().get("CATEGORY_ID");
        assertThat(category).containsEntry("isImmutable", true);
    }

    @Test
    void resetRestoresTheSeedAndCounters() {
        store.createDeal("x", null, 0, null, null, null, Map.of());
        store.countRequest("crm.deal.get");

        store.reset();

        assertThat(store.listDeals()).isEmpty();
        assertThat(store.requestCount()).isZero();
        assertThat(store.createDeal("x", null, 0, null, null, null, Map.of())).isEqualTo("1");
    }
}
