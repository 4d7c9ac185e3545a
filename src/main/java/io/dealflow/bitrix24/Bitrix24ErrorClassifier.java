package io.dealflow.bitrix24;

import java.util.Locale;
import java.util.Set;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;

/** Maps Bitrix24's error answers (reference: bitrix24-rest.md §4.3) to a kind and an operator-readable message. */
final class Bitrix24ErrorClassifier {

    private static final Set<String> AUTH_CODES = Set.of("NO_AUTH_FOUND", "INVALID_CREDENTIALS", "EXPIRED_TOKEN",
            "INVALID_TOKEN", "INSUFFICIENT_SCOPE", "ACCESS_DENIED", "USER_ACCESS_ERROR", "PAYMENT_REQUIRED",
            "APPLICATION_NOT_FOUND", "INVALID_GRANT", "METHOD_CONFIRM_WAITING", "METHOD_CONFIRM_DENIED",
            "INVALID_REQUEST", "ERROR_METHOD_NOT_FOUND");
    private static final Set<String> NOT_FOUND_CODES = Set.of("NOT_FOUND", "ERROR_NOT_FOUND", "OWNER_NOT_FOUND");

    private Bitrix24ErrorClassifier() {
    }

    static Bitrix24Exception classify(String method, int httpStatus, String code, String description) {
        String upper = code == null ? "" : code.toUpperCase(Locale.ROOT);
        String text = description == null ? "" : description;
        Kind kind;
        String hint;
        if (upper.equals("QUERY_LIMIT_EXCEEDED")) {
            kind = Kind.RATE_LIMITED;
            hint = "the portal's request limit is exhausted; the call will be repeated";
        } else if (upper.equals("OPERATION_TIME_LIMIT")) {
            kind = Kind.OPERATION_TIME_LIMIT;
            hint = "the method's time budget is used up for the next minutes; the call will be repeated";
        } else if (upper.equals("OVERLOAD_LIMIT") || upper.equals("PORTAL_DELETED")) {
            kind = Kind.REJECTED;
            hint = "the portal is blocked or closed by Bitrix24; contact Bitrix24 support";
        } else if (AUTH_CODES.contains(upper) || httpStatus == 401 || httpStatus == 403) {
            kind = Kind.AUTH;
            hint = "check dealflow.bitrix24.webhook-url and the webhook's rights (scope crm)";
        } else if (NOT_FOUND_CODES.contains(upper) || text.equalsIgnoreCase("Not found")) {
            kind = Kind.NOT_FOUND;
            hint = "the record does not exist in Bitrix24";
        } else if (httpStatus >= 500 || httpStatus == 408) {
            kind = Kind.UNAVAILABLE;
            hint = "Bitrix24 is unavailable; the call will be repeated";
        } else {
            kind = Kind.REJECTED;
            hint = "Bitrix24 refused the request";
        }
        String shownCode = upper.isEmpty() ? "" : upper + " ";
        String message = "Bitrix24 " + method + " failed: HTTP " + httpStatus + " " + shownCode
                + (text.isEmpty() ? "" : "(" + text + ") ") + "- " + hint;
        return new Bitrix24Exception(kind, method, upper, message);
    }
}
