package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** The simulated portal's list filters compare numbers as numbers and everything else like MySQL. */
class RecordQueryTest {

    private final PortalTime time = new PortalTime();

    private List<String> idsMatching(Map<String, Object> filter, List<Map<String, Object>> rows) {
        Predicate<Map<String, Object>> predicate = RecordQuery.filter(filter, field -> true, time);
        return rows.stream().filter(predicate).map(row -> String.valueOf(row.get("ID"))).toList();
    }

    private static List<Map<String, Object>> rows(Object... values) {
        return Arrays.stream(values).map(v -> Map.<String, Object>of("ID", v)).toList();
    }

    @Test
    void anIdListMatchesEachIdAsANumber() {
        assertThat(idsMatching(Map.of("ID", List.of("7", "012", "30")), rows("7", "12", "30", "300", "70")))
                .containsExactly("7", "12", "30");
    }

    @Test
    void numbersCompareByValueNotAsText() {
        List<Map<String, Object>> rows = rows("9", "10", "-3", "100");
        assertThat(idsMatching(Map.of(">ID", "9"), rows)).containsExactly("10", "100");
        assertThat(idsMatching(Map.of("<ID", "0"), rows)).containsExactly("-3");
        assertThat(idsMatching(Map.of("!ID", "10"), rows)).containsExactly("9", "-3", "100");
    }

    @Test
    void decimalsAndLongNumbersCompareByValueToo() {
        assertThat(idsMatching(Map.of("ID", "1.5"), rows("1.50", "15", "1.05"))).containsExactly("1.50");
        assertThat(idsMatching(Map.of(">ID", "99999999999999999999"),
                rows("100000000000000000000", "99999999999999999998"))).containsExactly("100000000000000000000");
    }

    @Test
    void textComparesCaseInsensitively() {
        assertThat(idsMatching(Map.of("ID", "abc"), rows("ABC", "abd", "12"))).containsExactly("ABC");
        assertThat(idsMatching(Map.of(">ID", "b"), rows("a", "B1", "c"))).containsExactly("B1", "c");
    }

    @Test
    void anEqualityOnIdNamesTheOnlyRecordsToRender() {
        assertThat(RecordQuery.idsRestrictedTo(Map.of("@ID", List.of("012", 7, "30"))))
                .contains(Set.of(12L, 7L, 30L));
        assertThat(RecordQuery.idsRestrictedTo(Map.of("=id", "5"))).contains(Set.of(5L));
        assertThat(RecordQuery.idsRestrictedTo(Map.of("ID", "5.0"))).contains(Set.of(5L));
    }

    @Test
    void idsThatNoRecordCanHaveRestrictToNone() {
        assertThat(RecordQuery.idsRestrictedTo(Map.of("@ID", List.of("1.5", "99999999999999999999"))))
                .contains(Set.of());
        assertThat(RecordQuery.idsRestrictedTo(Map.of("@ID", List.of()))).contains(Set.of());
    }

    @Test
    void otherConditionsOnIdAndTextValuesRestrictNothing() {
        assertThat(RecordQuery.idsRestrictedTo(Map.of(">ID", "9"))).isEqualTo(Optional.empty());
        assertThat(RecordQuery.idsRestrictedTo(Map.of("!@ID", List.of("9")))).isEqualTo(Optional.empty());
        assertThat(RecordQuery.idsRestrictedTo(Map.of("@ID", List.of("9", "abc")))).isEqualTo(Optional.empty());
        assertThat(RecordQuery.idsRestrictedTo(Map.of("STAGE_ID", "NEW"))).isEqualTo(Optional.empty());
        assertThat(RecordQuery.idsRestrictedTo(null)).isEqualTo(Optional.empty());
    }
}
