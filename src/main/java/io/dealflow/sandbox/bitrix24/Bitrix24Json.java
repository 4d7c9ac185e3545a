package io.dealflow.sandbox.bitrix24;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON as the portal writes it. The simulator keeps its own mapper so that application-wide Jackson settings
 * (for example dropping nulls) cannot change the wire format; decimals are read as BigDecimal so that money
 * keeps its exact value.
 */
final class Bitrix24Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Bitrix24Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object; anything else (array, scalar, garbage) is a 400 for the caller. */
    static Map<String, Object> readObject(String json) {
        try {
            Map<String, Object> parsed = MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (parsed == null) {
                throw new Bitrix24RestError(400, "INVALID_REQUEST", "Request body must be a JSON object");
            }
            return parsed;
        } catch (IOException e) {
            throw new Bitrix24RestError(400, "INVALID_REQUEST", "Request body is not valid JSON");
        }
    }

    static String error(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return write(body);
    }

    /** PHP encodes an empty associative array as {@code []}; batch sections show it. */
    static Object phpArray(Map<String, ?> map) {
        return map.isEmpty() ? List.of() : map;
    }

    /** The {@code time} block every answer carries (§4.1); the operating budget is not simulated. */
    static Map<String, Object> timeBlock(Instant start, Instant finish, PortalTime time) {
        BigDecimal startSeconds = seconds(start);
        BigDecimal finishSeconds = seconds(finish);
        BigDecimal duration = finishSeconds.subtract(startSeconds);
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("start", startSeconds);
        block.put("finish", finishSeconds);
        block.put("duration", duration);
        block.put("processing", duration);
        block.put("date_start", time.format(start));
        block.put("date_finish", time.format(finish));
        block.put("operating_reset_at", start.getEpochSecond() + 600);
        block.put("operating", 0);
        return block;
    }

    /** Plain decimal seconds such as 1767000130.123456, as PHP prints microtime floats (no exponent). */
    private static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9))
                .setScale(6, RoundingMode.HALF_UP);
    }
}
