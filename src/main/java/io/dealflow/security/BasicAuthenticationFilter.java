package io.dealflow.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Camunda's REST authentication filter (HTTP Basic against the engine's identity service, with its lock-out after
 * failed logins), used for {@code /engine-rest} and for the actuator. Two additions: paths that stay open (the
 * actuator's health, for load balancers and orchestrators), and the engine of this application for requests that
 * name none - Camunda would look up an engine called "default" by name.
 */
public class BasicAuthenticationFilter extends ProcessEngineAuthenticationFilter {

    private final ObjectProvider<ProcessEngine> processEngine;
    private final List<String> openPaths;

    /**
     * @param processEngine looked up at the first request: the web server creates its filters before the other
     *                      beans, and an engine built that early would create its tables before Flyway migrates
     * @param openPaths     paths that need no credentials, each with everything below it
     */
    public BasicAuthenticationFilter(ObjectProvider<ProcessEngine> processEngine, List<String> openPaths) {
        this.processEngine = processEngine;
        this.openPaths = List.copyOf(openPaths);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isOpen((HttpServletRequest) request)) {
            chain.doFilter(request, response);
            return;
        }
        super.doFilter(request, response, chain);
    }

    /**
     * Decided on the servlet path, which the container has decoded and normalised ("..", ";params" removed) - the
     * same path it maps the request with - never on the raw request URI.
     */
    private boolean isOpen(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        for (String open : openPaths) {
            if (path.equals(open) || path.startsWith(open + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ProcessEngine getAddressedEngine(String engineName) {
        ProcessEngine engine = processEngine.getObject();
        if (DEFAULT_ENGINE_NAME.equals(engineName) || engine.getName().equals(engineName)) {
            return engine;
        }
        return super.getAddressedEngine(engineName);
    }
}
