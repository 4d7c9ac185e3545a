package io.dealflow.sandbox.hubex;

import java.io.IOException;

import io.dealflow.sandbox.SimulatorAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.UrlPathHelper;

/**
 * Answers the three HubEx calls of every deal cycle - {@code POST /WORK/Tasks}, {@code GET /WORK/Tasks/{taskId}}
 * and {@code GET /WORK/Tasks/{taskId}/conversations} - with {@link HubexSimulatorController} but without Spring
 * MVC's dispatch around it, for the same reason as the Bitrix24 REST calls ({@code Bitrix24RestFastPath}): in the
 * benchmark the simulators' CPU comes off DealFlow's cores. Every other HubEx call goes on to Spring MVC.
 */
public final class HubexTaskFastPaths extends OncePerRequestFilter {

    static final String TASKS = "/sandbox/hubex/fsm/WORK/Tasks";

    private final HubexSimulatorController controller;
    private final SimulatorAnswers answers;

    public HubexTaskFastPaths(HubexSimulatorController controller, SimulatorAnswers answers) {
        this.controller = controller;
        this.answers = answers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ResponseEntity<Object> answer = answer(request);
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        answers.write(answer, response);
    }

    private ResponseEntity<Object> answer(HttpServletRequest request) throws IOException {
        // decoded and without ";name=value" path parameters, as Spring MVC matches it
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        String method = request.getMethod();
        if (path.equals(TASKS)) {
            if (!"POST".equals(method)) {
                return null;
            }
            route(request, TASKS);
            return controller.createTask(request, SimulatorAnswers.body(request),
                    request.getHeader("X-Concurrency-Stamp"));
        }
        if (!"GET".equals(method) || !path.startsWith(TASKS + "/")) {
            return null;
        }
        String[] parts = path.substring(TASKS.length() + 1).split("/", -1);
        if (parts[0].isEmpty()) {
            return null;
        }
        if (parts.length == 1) {
            route(request, TASKS + "/{taskId}");
            return controller.getTask(request, parts[0]);
        }
        if (parts.length == 2 && parts[1].equals("conversations")) {
            route(request, TASKS + "/{taskId}/conversations");
            return controller.conversations(request, parts[0]);
        }
        return null;
    }

    /**
     * The route the simulator counts the call under ({@link HubexCallGuard}) and the path's name in
     * {@code http.server.requests}, as Spring MVC's mapping names them.
     */
    private static void route(HttpServletRequest request, String pattern) {
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(pattern));
    }
}
