package io.dealflow.sandbox.bitrix24;

import java.io.IOException;

import io.dealflow.sandbox.SimulatorAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Answers the simulated portal's REST calls, {@code GET} or {@code POST
 * /sandbox/bitrix24/rest/{userId}/{secret}/{method}}, with {@link Bitrix24SimulatorController} but without Spring
 * MVC's dispatch around it. A real deal cycle makes about five of these calls; in the benchmark the simulators run
 * on the cores DealFlow is measured on, where the real portal would not, and Spring MVC's handler look-up, argument
 * resolution and content negotiation cost more than the simulated method itself. Anything else on the path (another
 * method, a path of another shape) goes on to Spring MVC, which answers it as before.
 */
public final class Bitrix24RestFastPath extends OncePerRequestFilter {

    static final String PREFIX = "/sandbox/bitrix24/rest/";
    /** The path's name in {@code http.server.requests}, as Spring MVC's mapping named it: never the secret. */
    static final String PATTERN = PREFIX + "{userId}/{secret}/{method}";

    private final Bitrix24SimulatorController controller;
    private final SimulatorAnswers answers;

    public Bitrix24RestFastPath(Bitrix24SimulatorController controller, SimulatorAnswers answers) {
        this.controller = controller;
        this.answers = answers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] parts = parts(request);
        if (parts == null || !("GET".equals(request.getMethod()) || "POST".equals(request.getMethod()))) {
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(PATTERN));
        answers.write(controller.call(parts[0], parts[1], parts[2], request), response);
    }

    /** userId, secret and method, as Spring MVC's pattern would have bound them; null for another shape. */
    private static String[] parts(HttpServletRequest request) {
        // decoded and without ";name=value" path parameters, as the pattern's variables are
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return parts;
    }
}
