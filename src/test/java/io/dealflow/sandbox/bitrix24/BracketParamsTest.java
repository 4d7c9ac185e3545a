package io.dealflow.sandbox.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BracketParamsTest {

    @Test
    void nestsBracketKeysLikePhpParseStr() {
        Map<String, Object> params = BracketParams.parseQuery(
                "id=7&filter[ENTITY_ID]=DEAL_STAGE_1&fields[PHONE][0][VALUE]=%2B7900&fields[PHONE][0][VALUE_TYPE]=WORK");

        assertThat(params).containsEntry("id", "7");
        assertThat(params.get("filter")).isEqualTo(Map.of("ENTITY_ID", "DEAL_STAGE_1"));
        assertThat(params.get("fields"))
                .isEqualTo(Map.of("PHONE", Map.of("0", Map.of("VALUE", "+7900", "VALUE_TYPE", "WORK"))));
    }

    /** The text DealFlow's batcher writes for a timeline comment (Bitrix24CommandBatcherTest) reads back intact. */
    @Test
    void readsBackTheBatchersEncodingOfTextWithSeparatorsAndLineBreaks() {
        Map<String, Object> params = BracketParams.parseQuery("fields[ENTITY_ID]=4711"
                + "&fields[COMMENT]=%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0%20%E2%84%965%20%26%206%20%3D%20%5Bb%5Dok"
                + "%5B%2Fb%5D%0A%D1%81%D1%82%D1%80%D0%BE%D0%BA%D0%B0&select[0]=ID&select[1]=TITLE&flag=1");

        assertThat(params.get("fields")).isEqualTo(Map.of("ENTITY_ID", "4711",
                "COMMENT", "Заявка №5 & 6 = [b]ok[/b]\nстрока"));
        assertThat(params.get("select")).isEqualTo(Map.of("0", "ID", "1", "TITLE"));
        assertThat(params).containsEntry("flag", "1");
    }

    @Test
    void appendsEmptyBracketsAfterTheHighestIndex() {
        Map<String, Object> params = BracketParams.parseQuery("select[]=ID&select[]=TITLE&select[5]=X&select[]=Y");

        assertThat(params.get("select")).isEqualTo(Map.of("0", "ID", "1", "TITLE", "5", "X", "6", "Y"));
    }

    @Test
    void decodesPlusAndPercentAndKeepsOperatorPrefixes() {
        Map<String, Object> params = BracketParams.parseQuery(
                "filter[%3E%3DMOVED_TIME]=2026-09-01+10%3A00%3A00&filter[@ID][]=1&filter[@ID][]=2&flag");

        @SuppressWarnings("unchecked")
        Map<String, Object> filter = (Map<String, Object>) params.get("filter");
        assertThat(filter).containsEntry(">=MOVED_TIME", "2026-09-01 10:00:00");
        assertThat(filter.get("@ID")).isEqualTo(Map.of("0", "1", "1", "2"));
        assertThat(params).containsEntry("flag", "");
    }

    @Test
    void laterScalarReplacesEarlierValueAndRepeatedServletValuesAppend() {
        Map<String, String[]> servlet = new LinkedHashMap<>();
        servlet.put("id", new String[] {"1", "2"});
        servlet.put("select[]", new String[] {"ID", "STAGE_ID"});

        Map<String, Object> params = BracketParams.fromParameterMap(servlet);

        assertThat(params).containsEntry("id", "2");
        assertThat(params.get("select")).isEqualTo(Map.of("0", "ID", "1", "STAGE_ID"));
    }

    @Test
    void keepsAKeyWithUnbalancedBracketsLiteral() {
        assertThat(BracketParams.parseQuery("a[b=1")).containsEntry("a[b", "1");
    }
}
