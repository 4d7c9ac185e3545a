package io.dealflow.inbox;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Whatever goes wrong inside a webhook handler is answered with a reason and never as a 500: Spring's own request
 * errors keep their 4xx, a database that cannot store the event gives 503 (send again), anything else 400.
 * Nothing of the request is logged (it may carry a token).
 */
@RestControllerAdvice(assignableTypes = {Bitrix24WebhookController.class, HubexWebhookController.class})
class WebhookErrors {

    private static final Logger log = LoggerFactory.getLogger(WebhookErrors.class);

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<String> databaseUnavailable(DataAccessException e) {
        log.warn("A webhook event could not be stored: {}", e.getClass().getSimpleName());
        return answer(HttpStatusCode.valueOf(503), "the event could not be stored; please send it again");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unreadable(Exception e) {
        if (e instanceof ErrorResponse error && error.getStatusCode().is4xxClientError()) {
            String detail = error.getBody().getDetail();
            return answer(error.getStatusCode(), "the request was refused: "
                    + (detail != null ? detail : error.getBody().getTitle()));
        }
        log.warn("A webhook request could not be processed: {}", e.getClass().getSimpleName());
        log.debug("Webhook request failure", e);
        return answer(HttpStatusCode.valueOf(400), "the request could not be processed");
    }

    private static ResponseEntity<String> answer(HttpStatusCode status, String reason) {
        return WebhookAnswers.answer(status, Map.of("error", reason));
    }
}
