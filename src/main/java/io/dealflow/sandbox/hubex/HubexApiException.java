package io.dealflow.sandbox.hubex;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** A refusal the simulator answers with an ErrorModel array, the way HubEx reports 4xx/5xx. */
public class HubexApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, String> arguments;

    public HubexApiException(HttpStatus status, String code, String message, Map<String, String> arguments) {
        super(message);
        this.status = status;
        this.code = code;
        this.arguments = Map.copyOf(arguments);
    }

    public HubexApiException(HttpStatus status, String code, String message) {
        this(status, code, message, Map.of());
    }

    static HubexApiException invalidData(String parameter, String message) {
        return new HubexApiException(HttpStatus.BAD_REQUEST, "InvalidData", message, Map.of("parameter", parameter));
    }

    static HubexApiException taskNotFound(int taskId) {
        return new HubexApiException(HttpStatus.NOT_FOUND, "TaskNotFound", "Task " + taskId + " not found",
                Map.of("taskID", String.valueOf(taskId)));
    }

    public HttpStatus status() { return status; }
    public String code() { return code; }
    public Map<String, String> arguments() { return arguments; }
}
