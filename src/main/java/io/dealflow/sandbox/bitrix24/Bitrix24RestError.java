package io.dealflow.sandbox.bitrix24;

/**
 * A Bitrix24 REST failure as the portal reports it: HTTP status plus {@code {"error", "error_description"}}.
 * Legacy {@code crm.deal.*} methods use an empty error code and put the meaning into the description.
 */
public class Bitrix24RestError extends RuntimeException {

    private final int httpStatus;
    private final String error;

    public Bitrix24RestError(int httpStatus, String error, String description) {
        super(description);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    public static Bitrix24RestError notFound() {
        return new Bitrix24RestError(400, "", "Not found");
    }

    public static Bitrix24RestError invalidId() {
        return new Bitrix24RestError(400, "", "ID is not defined or invalid");
    }

    public static Bitrix24RestError badRequest(String description) {
        return new Bitrix24RestError(400, "", description);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
