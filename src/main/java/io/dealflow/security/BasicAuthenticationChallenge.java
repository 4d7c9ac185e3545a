package io.dealflow.security;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * Camunda's HTTP Basic provider, whose 401 also says why, in the shape of Camunda's REST errors. The same text
 * for a missing user, a wrong password and a locked account: the answer must not tell which user names exist.
 */
public class BasicAuthenticationChallenge extends HttpBasicAuthenticationProvider {

    static final String MESSAGE = "Authentication required: send HTTP Basic credentials of a DealFlow user"
            + " (missing, wrong, or the account is locked for a while after failed attempts)";

    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
        super.augmentResponseByAuthenticationChallenge(response, engine);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write("{\"type\":\"AuthenticationException\",\"message\":\"" + MESSAGE + "\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
