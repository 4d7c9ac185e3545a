package io.dealflow.inbox;

import java.io.IOException;
import java.util.Map;

import io.dealflow.inbox.WebhookAnswers.Answer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.WebUtils;

/**
 * Answers {@code POST /webhooks/bitrix24} and {@code POST /webhooks/hubex} right behind {@link WebhookRequestGuard},
 * without Spring MVC: its dispatch (handler look-up, argument resolution, content negotiation) cost more CPU per call
 * than the endpoints themselves, on the path every event takes, and a cycle receives its own deal writes back as
 * events (ADR 0020). Another method on these paths is answered 405; anything the endpoints throw is the guard's to
 * answer (503 when the event could not be stored, 400 otherwise).
 */
final class WebhookEndpoints extends OncePerRequestFilter {

    static final String BITRIX24 = "/webhooks/bitrix24";
    static final String HUBEX = "/webhooks/hubex";

    private final Bitrix24WebhookEndpoint bitrix24;
    private final HubexWebhookEndpoint hubex;

    WebhookEndpoints(Bitrix24WebhookEndpoint bitrix24, HubexWebhookEndpoint hubex) {
        this.bitrix24 = bitrix24;
        this.hubex = hubex;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // without the context path and any ";name=value" path parameters, as the container matched it
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        boolean bitrix24Path = BITRIX24.equals(path);
        WebhookRequest webhook = WebUtils.getNativeRequest(request, WebhookRequest.class);
        if (webhook == null || !(bitrix24Path || HUBEX.equals(path))) {
            // registered behind the guard for these two paths only: nothing else should get here
            chain.doFilter(request, response);
            return;
        }
        // the path's name in http.server.requests, as Spring MVC's handler mapping would have set it
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(path));
        Answer answer;
        if (!"POST".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            answer = WebhookAnswers.answer(405, Map.of("error",
                    "the webhook takes POST only, not " + request.getMethod()));
        } else {
            answer = bitrix24Path ? bitrix24.receive(webhook) : hubex.receive(webhook);
        }
        answer.writeTo(response);
    }
}
