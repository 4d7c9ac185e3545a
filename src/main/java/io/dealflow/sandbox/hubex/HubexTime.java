package io.dealflow.sandbox.hubex;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** HubEx date formats: responses carry UTC without an offset, requests may carry any ISO-8601 form. */
final class HubexTime {

    private static final DateTimeFormatter WITHOUT_OFFSET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private HubexTime() {
    }

    /** Stored times are whole seconds so that a value read back from a response compares equal. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static String withoutOffset(Instant instant) {
        return instant == null ? null : WITHOUT_OFFSET.format(instant);
    }

    static String withZ(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Accepts "…Z", "…+03:00", an offset-less value (taken as UTC) or a bare date (its UTC midnight). */
    static Instant parse(String text) {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        }
    }
}
