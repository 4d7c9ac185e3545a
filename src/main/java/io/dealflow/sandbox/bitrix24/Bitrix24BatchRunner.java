package io.dealflow.sandbox.bitrix24;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dealflow.sandbox.FaultInjector;
import io.dealflow.sandbox.SandboxProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The {@code batch} method (§3.11): up to 50 commands given as "method?query-string", run in order, with
 * {@code $result[key][FIELD]} references to earlier results substituted before each command runs. Failures of
 * single commands land in {@code result_error}; with {@code halt=1} the first failure stops the batch.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class Bitrix24BatchRunner {

    static final int MAX_COMMANDS = 50;

    private static final Pattern REFERENCE = Pattern.compile("\\$result\\[([^\\]]+)]((?:\\[[^\\]]*])*)");
    private static final Pattern PATH_SEGMENT = Pattern.compile("\\[([^\\]]*)]");

    private final Bitrix24RestMethods methods;
    private final Bitrix24SimulatorStore store;
    private final FaultInjector faults;
    private final long requestTimeLimitMillis;

    public Bitrix24BatchRunner(Bitrix24RestMethods methods, Bitrix24SimulatorStore store,
                               @Qualifier("bitrix24Faults") FaultInjector faults, SandboxProperties properties) {
        this.methods = methods;
        this.store = store;
        this.faults = faults;
        this.requestTimeLimitMillis = properties.getBitrix24().getRequestTimeLimit().toMillis();
    }

    private record Command(String key, String method, String query) {
    }

    /** Runs the batch and returns the value of the response's top-level {@code result}. */
    public Map<String, Object> run(Map<String, Object> params, String userId) {
        Map<String, Object> cmd = Params.map(params.get("cmd"));
        List<Command> commands = validate(cmd == null ? Map.of() : cmd);
        boolean halt = Params.flag(params.get("halt"));

        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        Map<String, Object> totals = new LinkedHashMap<>();
        Map<String, Object> nexts = new LinkedHashMap<>();
        Map<String, Object> times = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + requestTimeLimitMillis;
        for (Command command : commands) {
            Instant start = store.time().preciseNow();
            try {
                Map<String, Object> commandParams = substitute(BracketParams.parseQuery(command.query()), results);
                Optional<FaultInjector.Fault> fault = faults.take(command.method());
                fault.filter(f -> !f.afterExecution()).ifPresent(f -> apply(f, deadline));
                endIfPast(deadline);
                Bitrix24RestMethods.Outcome outcome =
                        methods.call(command.method(), Bitrix24RestMethods.lowerCaseKeys(commandParams), userId);
                fault.filter(FaultInjector.Fault::afterExecution).ifPresent(f -> apply(f, deadline));
                results.put(command.key(), outcome.result());
                if (outcome.total() != null) {
                    totals.put(command.key(), outcome.total());
                }
                if (outcome.next() != null) {
                    nexts.put(command.key(), outcome.next());
                }
            } catch (Bitrix24RestError e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", e.error());
                error.put("error_description", e.description());
                errors.put(command.key(), error);
            }
            times.put(command.key(), Bitrix24Json.timeBlock(start, store.time().preciseNow(), store.time()));
            if (halt && errors.containsKey(command.key())) {
                break;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("result", Bitrix24Json.phpArray(results));
        result.put("result_error", Bitrix24Json.phpArray(errors));
        result.put("result_total", Bitrix24Json.phpArray(totals));
        result.put("result_next", Bitrix24Json.phpArray(nexts));
        result.put("result_time", Bitrix24Json.phpArray(times));
        return result;
    }

    /** Checks the whole batch before running any command, so a malformed batch writes nothing. */
    private static List<Command> validate(Map<String, Object> cmd) {
        if (cmd.size() > MAX_COMMANDS) {
            throw new Bitrix24RestError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
        }
        return cmd.entrySet().stream().map(entry -> {
            String text = Params.str(entry.getValue());
            text = text == null ? "" : text;
            int question = text.indexOf('?');
            String method = Bitrix24RestMethods.normalize(question < 0 ? text : text.substring(0, question));
            if (method.equals("batch")) {
                throw new Bitrix24RestError(405, "ERROR_BATCH_METHOD_NOT_ALLOWED",
                        "Method is not allowed for batch usage");
            }
            return new Command(entry.getKey(), method, question < 0 ? "" : text.substring(question + 1));
        }).toList();
    }

    /**
     * Scripted faults apply to commands inside a batch too, so that a fault on e.g. "crm.deal.update" also hits
     * a client that batches its writes; the failure then shows up in {@code result_error}. An after-execution
     * fault lets the command run first and then reports it as failed.
     */
    private static void apply(FaultInjector.Fault fault, long deadline) {
        Bitrix24SimulatorController.pause((int) Math.min(fault.delayMillis(),
                Math.max(0, deadline - System.currentTimeMillis())));
        if (fault.status() > 0) {
            throw faultError(fault.status(), fault.body() == null ? "" : fault.body());
        }
    }

    /** The portal's request ended at its time limit: the commands not yet run never run, and nobody hears back. */
    private static void endIfPast(long deadline) {
        if (System.currentTimeMillis() >= deadline) {
            throw new RequestTimeLimitReached();
        }
    }

    /** Ends the whole request, not one command: it is not caught per command like {@link Bitrix24RestError}. */
    static final class RequestTimeLimitReached extends RuntimeException {

        static final String MESSAGE = "The request reached the portal's time limit";

        RequestTimeLimitReached() {
            super(MESSAGE, null, false, false);
        }
    }

    /** A scripted body in the portal's error shape is reported as is; anything else as an opaque error. */
    private static Bitrix24RestError faultError(int status, String body) {
        Map<String, Object> parsed;
        try {
            parsed = Bitrix24Json.readObject(body);
        } catch (Bitrix24RestError notJson) {
            parsed = Map.of();
        }
        if (parsed.containsKey("error")) {
            return new Bitrix24RestError(status, Params.str(parsed.get("error")),
                    Params.str(parsed.get("error_description")));
        }
        return new Bitrix24RestError(status, "INTERNAL_SERVER_ERROR", body);
    }

    /**
     * Replaces {@code $result[key][path…]} in every value by what earlier commands returned. A path that cannot be
     * followed — a failed or unknown command, a missing field, an index past the end of a list (e.g.
     * {@code $result[req][0][ID]} when {@code req} returned {@code []}) — becomes the empty string, so that
     * {@code filter[ENTITY_ID]=$result[req][0][ID]} reaches the list method as an empty ENTITY_ID. (The portal's
     * own resolver stops at the last element it found instead; see docs/sandbox.md.)
     */
    private static Map<String, Object> substitute(Map<String, Object> params, Map<String, Object> results) {
        Map<String, Object> substituted = new LinkedHashMap<>();
        params.forEach((key, value) -> substituted.put(key, substituteValue(value, results)));
        return substituted;
    }

    @SuppressWarnings("unchecked")
    private static Object substituteValue(Object value, Map<String, Object> results) {
        if (value instanceof Map<?, ?> nested) {
            return substitute((Map<String, Object>) nested, results);
        }
        if (!(value instanceof String text) || !text.contains("$result[")) {
            return value;
        }
        Matcher whole = REFERENCE.matcher(text);
        if (whole.matches()) {
            Object resolved = resolve(whole, results);
            return resolved instanceof Map<?, ?> || resolved instanceof List<?> ? resolved : scalar(resolved);
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object resolved = resolve(matcher, results);
            matcher.appendReplacement(out, Matcher.quoteReplacement(scalar(resolved)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Object resolve(Matcher reference, Map<String, Object> results) {
        Object current = results.get(reference.group(1));
        Matcher segments = PATH_SEGMENT.matcher(reference.group(2));
        while (segments.find() && current != null) {
            String segment = segments.group(1);
            if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
            } else if (current instanceof List<?> list && segment.matches("\\d+")
                    && Integer.parseInt(segment) < list.size()) {
                current = list.get(Integer.parseInt(segment));
            } else {
                current = null;
            }
        }
        return current;
    }

    private static String scalar(Object value) {
        String text = value instanceof Map<?, ?> || value instanceof List<?> ? null : Params.str(value);
        return text == null ? "" : text;
    }
}
