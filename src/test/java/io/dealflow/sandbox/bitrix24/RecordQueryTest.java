package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
}
