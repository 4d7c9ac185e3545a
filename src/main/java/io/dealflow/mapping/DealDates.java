package io.dealflow.mapping;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.dealflow.mapping.MappingProperties.DateKind;

/**
 * Bitrix24 renders a date field as midnight UTC written in the server's offset ("2024-09-09T02:00:00+02:00" for
 * 9 September): the date is the UTC date, not the first ten characters, which on a portal west of Greenwich
 * name the day before.
 */
public final class DealDates {

    private static final DateTimeFormatter HUBEX = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private DealDates() {
    }

    /** The moment a deal date/datetime value stands for, as HubEx wants it (UTC, "…Z"). */
    public static Optional<String> toHubexDeadline(String value, DateKind kind, LocalTime dueTime, ZoneId portalZone) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        Instant instant;
        try {
            if (text.length() == 10) {
                instant = LocalDate.parse(text).atTime(dueTime).atZone(portalZone).toInstant();
            } else {
                OffsetDateTime parsed = OffsetDateTime.parse(text);
                boolean isDate = kind == DateKind.DATE || (kind == DateKind.AUTO
                        && parsed.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT));
                instant = isDate
                        ? parsed.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().atTime(dueTime)
                                .atZone(portalZone).toInstant()
                        : parsed.toInstant();
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.of(HUBEX.format(instant));
    }
}
