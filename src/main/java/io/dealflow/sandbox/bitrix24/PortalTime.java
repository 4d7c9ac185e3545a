package io.dealflow.sandbox.bitrix24;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The portal's clock and date conventions (§3.13 of the reference): datetimes are rendered with the portal's
 * offset, {@code date} fields as UTC midnight expressed in that offset, and inputs are parsed leniently.
 */
final class PortalTime {

    private static final DateTimeFormatter RENDER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter RU_DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    private static final DateTimeFormatter RU_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private volatile ZoneId zone = ZoneId.of("Europe/Moscow");
    private volatile Clock clock = Clock.systemUTC();

    ZoneId zone() {
        return zone;
    }

    void setZone(ZoneId zone) {
        this.zone = zone;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    /** Bitrix24 keeps whole seconds. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    Instant preciseNow() {
        return clock.instant();
    }

    String format(Instant instant) {
        return instant == null ? null : RENDER.format(instant.atZone(zone));
    }

    String formatDate(LocalDate date) {
        return date == null ? null : format(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    LocalDate today() {
        return LocalDate.ofInstant(now(), zone);
    }

    /** Like the portal's {@code strtotime} + short date: a datetime counts as its date in the portal zone. */
    LocalDate parseDate(String text) {
        String value = text.trim();
        try {
            if (value.length() == 10 && value.charAt(4) == '-') {
                return LocalDate.parse(value);
            }
            if (value.length() == 10 && value.charAt(2) == '.') {
                return LocalDate.parse(value, RU_DATE);
            }
            return LocalDate.ofInstant(parseDateTime(value), zone);
        } catch (DateTimeParseException e) {
            throw Bitrix24RestError.badRequest("Invalid date value '" + text + "'");
        }
    }

    /** ISO-8601 with offset, or a portal-local "YYYY-MM-DD[ HH:MM:SS]" / "DD.MM.YYYY[ HH:MM:SS]". */
    Instant parseDateTime(String text) {
        String value = text.trim();
        try {
            if (value.length() == 10 && value.charAt(4) == '-') {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            if (value.length() == 10 && value.charAt(2) == '.') {
                return LocalDate.parse(value, RU_DATE).atStartOfDay(zone).toInstant();
            }
            if (value.length() == 19 && value.charAt(10) == ' ') {
                return LocalDateTime.parse(value, LOCAL_DATE_TIME).atZone(zone).toInstant();
            }
            if (value.length() == 19 && value.charAt(2) == '.') {
                return LocalDateTime.parse(value, RU_DATE_TIME).atZone(zone).toInstant();
            }
            if (value.length() == 19 && value.charAt(10) == 'T') {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw Bitrix24RestError.badRequest("Invalid datetime value '" + text + "'");
        }
    }

    /** True when the text looks like a rendered datetime, so filters compare it as a point in time. */
    static boolean looksLikeDateTime(String text) {
        return text != null && text.length() >= 20 && text.charAt(4) == '-' && text.charAt(10) == 'T';
    }
}
