package io.dealflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bitrix24 error answers (bitrix24-rest.md §4.3) mapped to a kind. */
class Bitrix24ErrorClassifierTest {

    @ParameterizedTest(name = "HTTP {0} ''{1}'' ''{2}'' -> {3}")
    @CsvSource(delimiter = '|', value = {
            "503 | QUERY_LIMIT_EXCEEDED | Too many requests | RATE_LIMITED",
            "429 | OPERATION_TIME_LIMIT | Method is blocked due to operation time limit. | OPERATION_TIME_LIMIT",
            "401 | NO_AUTH_FOUND | Wrong authorization data | AUTH",
            "401 | expired_token | The access token provided has expired | AUTH",
            "403 | insufficient_scope | | AUTH",
            "503 | OVERLOAD_LIMIT | | REJECTED",
            "500 | PORTAL_DELETED | | REJECTED",
            "400 | | Not found | NOT_FOUND",
            "400 | ERROR_NOT_FOUND | | NOT_FOUND",
            "500 | INTERNAL_SERVER_ERROR | | UNAVAILABLE",
            "502 | | | UNAVAILABLE",
            "408 | | | UNAVAILABLE",
            "400 | CRM_FIELD_ERROR_VALUE_NOT_VALID | Неверное значение | REJECTED",
            "400 | | ID is not defined or invalid. | REJECTED"})
    void classifiesBitrix24Errors(int status, String code, String description, Kind expected) {
        Bitrix24Exception e = Bitrix24ErrorClassifier.classify("crm.deal.get", status, code, description);

        assertThat(e.kind()).isEqualTo(expected);
        assertThat(e.retryable()).isEqualTo(expected.retryable());
        assertThat(e.method()).isEqualTo("crm.deal.get");
    }

    @Test
    void messageNamesMethodStatusCodeAndDescription() {
        Bitrix24Exception e = Bitrix24ErrorClassifier.classify("crm.deal.update", 400, "crm_field_error",
                "Поле не найдено");

        assertThat(e.errorCode()).isEqualTo("CRM_FIELD_ERROR");
        assertThat(e.getMessage()).contains("crm.deal.update", "HTTP 400", "CRM_FIELD_ERROR", "(Поле не найдено)");
    }

    @Test
    void onlyRateAndTimeLimitsAndOutagesAreRetryable() {
        assertThat(Kind.RATE_LIMITED.retryable()).isTrue();
        assertThat(Kind.OPERATION_TIME_LIMIT.retryable()).isTrue();
        assertThat(Kind.UNAVAILABLE.retryable()).isTrue();
        assertThat(Kind.AUTH.retryable()).isFalse();
        assertThat(Kind.NOT_FOUND.retryable()).isFalse();
        assertThat(Kind.REJECTED.retryable()).isFalse();
    }
}
